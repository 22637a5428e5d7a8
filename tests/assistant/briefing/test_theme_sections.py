"""Key points from the section that treats the theme by name come first (made-up passages)."""

from __future__ import annotations

from assistant.briefing.builder import theme_sections_first
from assistant.briefing.statements import Statement, Theme
from assistant.types import SECTION_SEPARATOR, Passage


def _s(section: str, text: str, score: float) -> Statement:
    return Statement(Passage(text[:8], "doc", "P", section, None, text, 0), 0, len(text), score)


def test_statements_under_a_heading_naming_the_theme_come_first() -> None:
    best = _s(f"Alfa{SECTION_SEPARATOR}Kosten", "De kosten van nazorg zijn laag voor de gemeente.", 0.9)
    named = _s(f"H2{SECTION_SEPARATOR}Monitoring en nazorg", "Na plaatsing volgt drie maanden begeleiding.", 0.4)
    other = _s(f"Beta{SECTION_SEPARATOR}Werkwijze", "De jobcoach bezoekt de werkplek na de plaatsing.", 0.6)
    out = theme_sections_first([best, other, named], Theme.of("nazorg na plaatsing"))
    assert out == [named, best, other]
