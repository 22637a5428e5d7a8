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


def test_a_sentence_keeps_its_closing_quote_or_bracket() -> None:
    for text, first in (
        ('Hij zei: "Het werkt." Daarna volgt werk.', 'Hij zei: "Het werkt."'),
        ("Dit staat in de bijlage (zie tabel 3.) Daarna volgt werk.", "Dit staat in de bijlage (zie tabel 3.)"),
        ("Het werkt (echt!) Daarna volgt werk.", "Het werkt (echt!)"),
        ("‘Goed gedaan.’ Daarna volgt werk.", "‘Goed gedaan.’ Daarna volgt werk."),  # curly quotes do not end one
    ):
        units = split_units(text)
        assert units[0].text == first
        assert all(text[u.start : u.end] == u.text for u in units)
        # Nothing between the units but white space: no character of the text is lost.
        gaps = [text[a.end : b.start] for a, b in zip(units, units[1:], strict=False)]
        assert all(not g.strip() for g in gaps)


def test_an_abbreviation_before_a_bracket_still_does_not_end_a_sentence() -> None:
    units = split_units("Veel partijen (o.a.) Cedris werken mee. Daarna meer.")
    assert [u.text for u in units] == ["Veel partijen (o.a.) Cedris werken mee.", "Daarna meer."]


def test_every_bullet_the_language_layer_knows_makes_an_item() -> None:
    for bullet in ("-", "•", "▪", "◦", "●", "·", "*", "–", "○", "■", "□", "✓", "✔", "1.", "2)"):
        (unit,) = split_units(f"{bullet} vaste begeleiding")
        assert unit.kind == "item" and unit.text == f"{bullet} vaste begeleiding"


def test_blank_lines_and_indentation_keep_offsets_exact() -> None:
    text = "\n\n   Eerste zin. Tweede zin.\n\n\t\n  - een item\nKolom\tWaarde"
    units = split_units(text)
    assert [u.kind for u in units] == ["sentence", "sentence", "item", "row"]
    assert all(text[u.start : u.end] == u.text for u in units)
    assert split_units("") == [] and split_units(" \n ") == []


def test_a_sentence_ends_only_before_a_capital_digit_or_bullet() -> None:
    assert len(split_units("Het kost 3 mln. euro per jaar.")) == 1
    assert len(split_units("Zie p. 4. 12 mensen vonden werk.")) == 2
    assert len(split_units("Het werkt. en daarna niet.")) == 1  # lower case: no new sentence
