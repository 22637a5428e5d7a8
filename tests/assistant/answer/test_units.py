"""Answer units: markup from the source never reaches an answer; units keep their passage's rank."""

from __future__ import annotations

from assistant.answer.units import clean, units_of
from assistant.types import Hit, Passage


def test_html_and_markdown_from_the_source_are_stripped() -> None:
    assert clean('<ul style="list-style-type: none"> • Werkfit maken') == "Werkfit maken"
    shown = clean("Het traject *Op weg naar werk* duurt **zes** maanden")
    assert shown == "Het traject Op weg naar werk duurt zes maanden"


def test_an_abbreviation_does_not_end_a_unit() -> None:
    p = Passage("p", "d", "Doc", None, None, "Het duurt max. 12 maanden, o.a. door scholing. Daarna volgt werk.", 0)
    units = units_of([Hit(p, 0.9)], passages=1)
    assert [u.text for u in units] == ["Het duurt max. 12 maanden, o.a. door scholing.", "Daarna volgt werk."]
    assert all(u.rank == 0 for u in units)
