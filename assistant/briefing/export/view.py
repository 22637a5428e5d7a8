"""What every export format shows of a pack, in reading order: plain strings, decided once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.briefing.types import Origin, Pack, Statement
from assistant.cases.compare import NOT_DESCRIBED
from assistant.types import Citation

TITLE = "Kennisbijeenkomst"
INTRO = (
    "Samengesteld door Werkwijzer uit de publicaties. Elk punt is een letterlijk citaat; het nummer "
    "tussen haken verwijst naar de bron onderaan (publicatie, hoofdstuk en pagina)."
)
EXTRACTIVE_NOTE = (
    "Extractief samengesteld (zonder taalmodel): alle tekst komt letterlijk uit de publicaties."
)
LLM_NOTE = (
    "De inleiding en de vragen gemarkeerd met (taalmodel) zijn door een taalmodel geschreven "
    "uit de genummerde punten; elke bewering is gecontroleerd tegen de letterlijke tekst van de bron die "
    "ze noemt, en wat geen bron ondersteunt is weggelaten."
)
#: Put after text the language model wrote.
LLM_MARK = "(taalmodel)"
NO_RESULTS = "De publicatie beschrijft hiervoor geen resultaten."
SECTION_TITLES = {
    "synthesis": f"Inleiding {LLM_MARK}",
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


def marked(text: str, origin: Origin) -> str:
    """``text`` flattened, followed by LLM_MARK when the language model wrote it."""
    return f"{flat(text)} {LLM_MARK}" if origin == "llm" else flat(text)


_MARKER = re.compile(r"\[(\d+)\]")


def pieces(statement: Statement) -> list[tuple[str, Citation | None]]:
    """A statement as text runs and [n] markers, each marker with the citation supporting it."""
    by_n = {c.n: c for c in statement.citations}
    out: list[tuple[str, Citation | None]] = []
    pos = 0
    text = flat(statement.text)
    for match in _MARKER.finditer(text):
        citation = by_n.get(int(match.group(1)))
        if citation is None:
            continue
        out.append((text[pos : match.start()], None))
        out.append((match.group(0), citation))
        pos = match.end()
    out.append((text[pos:], None))
    return [(t, c) for t, c in out if t]


def synthesis_text(pack: Pack) -> str:
    """The model's introduction as one paragraph, [n] markers included ("" when there is none)."""
    return " ".join(flat(s.text) for s in pack.synthesis)


def notes(pack: Pack) -> list[str]:
    """Lines under the title: how the pack was made."""
    lines = [INTRO, EXTRACTIVE_NOTE if pack.mode == "extractive" else LLM_NOTE]
    if pack.notice:
        lines.append(pack.notice)
    return lines
