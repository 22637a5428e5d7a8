"""Quotable units keep exact offsets, whole list items and table rows."""

from __future__ import annotations

from assistant.language.sentences import split_units


def test_units_are_exact_substrings() -> None:
    text = (
        "Pastiel begeleidt jaarlijks ongeveer 800 kandidaten. Hiervoor wordt o.a. de infrastructuur "
        "van Empatec gebruikt! Klopt dat?\n- Begeleiding, coaching en aandacht\n• Klant in beeld\n"
        "Regio\tPlaatsingen\nGroningen\t400"
    )
    units = split_units(text)
    assert all(text[u.start : u.end] == u.text for u in units)
    assert [u.kind for u in units] == [
        "sentence",
        "sentence",
        "sentence",
        "item",
        "item",
        "row",
        "row",
    ]
    assert units[1].text.startswith("Hiervoor wordt o.a. de infrastructuur")


def test_no_split_inside_abbreviation_or_number() -> None:
    units = split_units(
        "Het budget is € 3.200 euro per jaar, bijv. voor 1.000 mensen. Daarna meer."
    )
    assert [u.text for u in units] == [
        "Het budget is € 3.200 euro per jaar, bijv. voor 1.000 mensen.",
        "Daarna meer.",
    ]
