"""What every export format shows of a pack, in reading order: plain strings, decided once."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.briefing import Pack
from assistant.compare import NOT_DESCRIBED
from assistant.types import Citation

TITLE = "Kennisbijeenkomst"
INTRO = (
    "Samengesteld door Werkwijzer uit de publicaties. Elk punt is een letterlijk citaat; het nummer "
    "tussen haken verwijst naar de bron onderaan (publicatie, hoofdstuk en pagina)."
)
EXTRACTIVE_NOTE = (
    "Extractief samengesteld (zonder taalmodel): alle tekst komt letterlijk uit de publicaties."
)
NO_RESULTS = "De publicatie beschrijft hiervoor geen resultaten."
SECTION_TITLES = {
    "key_points": "Kernpunten",
    "examples": "Praktijkvoorbeelden",
    "comparison": "Vergelijking van de praktijkvoorbeelden",
    "quotes": "Citeerbare passages",
    "discussion": "Discussievragen",
    "quiz": "Quiz",
    "answers": "Antwoorden bij de quiz",
    "sources": "Bronnen",
}
DID = "Wat deden ze"
YIELDED = "Wat leverde het op"
CASE_COLUMN = "Praktijkvoorbeeld"


def flat(text: str) -> str:
    """Whitespace collapsed to single spaces (list items of a quote run on), for display only."""
    return " ".join(text.replace("**", "").split())


def where(c: Citation) -> str:
    """ "Publicatie — hoofdstuk › paragraaf — p. 12" for a citation."""
    parts = [c.document_title]
    if c.section:
        parts.append(c.section)
    if c.page:
        parts.append(f"p. {c.page}")
    return " — ".join(parts)


@dataclass(frozen=True)
class TableView:
    """The comparison table as strings: header, then one row per case; cells end in "[n]"."""

    header: list[str]
    rows: list[list[str]]


def table(pack: Pack) -> TableView | None:
    """The pack's comparison table for display, or None."""
    comparison = pack.comparison
    if comparison is None:
        return None
    header = [CASE_COLUMN, *(a.label for a in comparison.aspects)]
    rows = []
    for case, cells in zip(comparison.cases, comparison.rows, strict=True):
        row = [f"{case.name} ({case.document_title})"]
        for cell in cells:
            row.append(
                f"“{flat(cell.text or '')}” [{cell.citation.n}]" if cell.citation else NOT_DESCRIBED
            )
        rows.append(row)
    return TableView(header, rows)


def notes(pack: Pack) -> list[str]:
    """Lines under the title: how the pack was made."""
    lines = [INTRO, EXTRACTIVE_NOTE if pack.mode == "extractive" else f"Modus: {pack.mode}."]
    if pack.notice:
        lines.append(pack.notice)
    return lines
