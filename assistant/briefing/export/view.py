"""What every export format shows of a pack, per audience, in reading order: blocks of plain text.

The trainer's version holds the agendas, the quiz's answer key with the whole sourced sentence, and
every source; the participants' handout holds the same points and questions without any answer
(its list of sources leaves out those only the answer key cites). Markdown, HTML and PDF each
render these blocks, so the three formats never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.briefing.statements import inner_quotes
from assistant.briefing.types import DID, GAVE, Audience, Example, Origin, Pack, Point, Statement
from assistant.types import Citation

TITLE = "Kennisbijeenkomst"
AUDIENCE_TITLES: dict[str, str] = {"trainer": "versie voor de trainer", "deelnemers": "hand-out voor deelnemers"}
INTRO = (
    "Samengesteld door Werkwijzer uit de publicaties. Elk punt is een letterlijk citaat; het nummer "
    "tussen haken verwijst naar de bron onderaan (publicatie, jaar, hoofdstuk en pagina)."
)
EXTRACTIVE_NOTE = "Extractief samengesteld (zonder taalmodel): alle tekst komt letterlijk uit de publicaties."
TRAINER_NOTE = (
    "Kernpunten zijn de zinnen die het geleerde zinsmodel van Werkwijzer het meest bij het thema vindt "
    "passen (drempel {threshold}); ze staan per subthema. De antwoordsleutel staat alleen in deze versie."
)
LLM_NOTE = (
    "De inleiding en de vragen gemarkeerd met (taalmodel) zijn door een taalmodel geschreven "
    "uit de genummerde punten; elke bewering is gecontroleerd tegen de letterlijke tekst van de bron die "
    "ze noemt, en wat geen bron ondersteunt is weggelaten."
)
#: Put after text the language model wrote.
LLM_MARK = "(taalmodel)"
SECTION_TITLES = {
    "agenda": "Voorgestelde agenda",
    "synthesis": f"Inleiding {LLM_MARK}",
    "key_points": "Kernpunten",
    "examples": "Praktijkvoorbeelden",
    "discussion": "Discussievragen",
    "quiz": "Quiz",
    "answers": "Antwoordsleutel bij de quiz",
    "sources": "Bronnen",
}
NO_POINTS = "De publicaties zeggen weinig dat duidelijk over dit thema gaat; kies een ander of breder thema."

BlockKind = Literal[
    "h2", "h3", "note", "para", "context", "bullet", "numbered", "option", "answer", "table", "source"
]


@dataclass(frozen=True)
class Block:
    """One piece of an export: a heading, a line, a list item, a table or a source."""

    kind: BlockKind
    text: str = ""
    marker: str = ""  # "3." for numbered items, "B" for options, the source number for sources
    rows: tuple[tuple[str, ...], ...] = ()  # a table: header first


def flat(text: str) -> str:
    """Whitespace collapsed to single spaces (list items of a quote run on), for display only."""
    return " ".join(text.replace("**", "").split())


def quoted(text: str) -> str:
    """Verbatim words between “ ”, their own double quotes made single so the marks pair up."""
    return f"“{inner_quotes(text)}”"


def where(c: Citation, years: dict[str, int | None] | None = None) -> str:
    """ "Publicatie (2017) — hoofdstuk › paragraaf — p. 12" for a citation."""
    year = (years or {}).get(c.document_id)
    title = f"{c.document_title} ({year})" if year else f"{c.document_title} (z.j.)" if years else c.document_title
    parts = [title]
    if c.section:
        parts.append(c.section)
    if c.page:
        parts.append(f"p. {c.page}")
    return " — ".join(parts)


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


def notes(pack: Pack, audience: Audience = "trainer") -> list[str]:
    """Lines under the title: how the pack was made."""
    lines = [INTRO, EXTRACTIVE_NOTE if pack.mode == "extractive" else LLM_NOTE]
    if audience == "trainer":
        lines.append(TRAINER_NOTE.format(threshold=pack.meta.get("threshold", "?")))
    if pack.notice:
        lines.append(pack.notice)
    return lines


def title(pack: Pack, audience: Audience) -> str:
    """ "Kennisbijeenkomst: nazorg — versie voor de trainer"."""
    return f"{TITLE}: {pack.theme} — {AUDIENCE_TITLES[audience]}"


def option_letter(i: int) -> str:
    """A, B, C … for the i-th option."""
    return chr(ord("A") + i)


def handout_citations(pack: Pack) -> list[Citation]:
    """The sources the participants' handout cites: all but those only the answer key uses."""
    shown = {p.citation.n for p in pack.key_points}
    shown |= {p.citation.n for e in pack.examples for p in e.statements}
    shown |= {n for q in pack.discussion for n in q.refs}
    shown |= {c.n for s in pack.synthesis for c in s.citations}
    return [c for c in pack.citations if c.n in shown]


NOT_DESCRIBED = "Niet beschreven in de publicatie."
#: A table's marker when its columns share the width evenly after the label column (the examples).
EVEN = "even"


def example_rows(examples: Sequence[Example]) -> tuple[tuple[str, ...], ...]:
    """The practice examples side by side: a column per case, a row for what it did and what it gave."""
    def cell(points: Sequence[Point]) -> str:
        return " ".join(f"{quoted(p.text)} [{p.citation.n}]" for p in points) or NOT_DESCRIBED

    return (
        ("", *(e.case.name for e in examples)),
        ("Bron", *(e.context for e in examples)),
        *((role, *(cell(e.by_role(role)) for e in examples)) for role in (DID, GAVE)),
    )


def blocks(pack: Pack, audience: Audience = "trainer") -> list[Block]:
    """The export of ``pack`` for ``audience`` as blocks in reading order."""
    trainer = audience == "trainer"
    out: list[Block] = [Block("note", line) for line in notes(pack, audience)]
    if trainer and pack.agendas:
        out.append(Block("h2", SECTION_TITLES["agenda"]))
        for agenda in pack.agendas:
            out.append(Block("h3", f"Sessie van {agenda.minutes} minuten"))
            rows, clock = [("Tijd", "Onderdeel", "Wat")], 0
            for item in agenda.items:
                rows.append((f"{clock}–{clock + item.minutes} min", item.title, item.what))
                clock += item.minutes
            out.append(Block("table", rows=tuple(rows)))
    if pack.synthesis:
        out += [Block("h2", SECTION_TITLES["synthesis"]), Block("para", synthesis_text(pack))]
    out.append(Block("h2", SECTION_TITLES["key_points"]))
    if not pack.key_points:
        out.append(Block("note", NO_POINTS))
    for subtheme, points in pack.subthemes:
        out.append(Block("h3", subtheme))
        for p in points:
            out.append(Block("bullet", f"{quoted(p.text)} [{p.citation.n}]"))
            out.append(Block("context", p.context))
    if pack.examples:
        out += [Block("h2", SECTION_TITLES["examples"]), Block("table", marker=EVEN, rows=example_rows(pack.examples))]
    if pack.discussion:
        out.append(Block("h2", SECTION_TITLES["discussion"]))
        out += [Block("numbered", marked(q.text, q.origin), f"{i}.") for i, q in enumerate(pack.discussion, 1)]
    if pack.quiz:
        out.append(Block("h2", SECTION_TITLES["quiz"]))
        for i, q in enumerate(pack.quiz, 1):
            out.append(Block("numbered", marked(q.question, q.origin), f"{i}."))
            out += [Block("option", flat(o), option_letter(j)) for j, o in enumerate(q.options)]
        if trainer:
            out.append(Block("h2", SECTION_TITLES["answers"]))
            for i, q in enumerate(pack.quiz, 1):
                letter = f"{q.answer_letter}: " if q.answer_letter else ""
                sentence = q.explanation or q.citation.quote
                source = f"{quoted(sentence)} [{q.citation.n}]"
                # An option that is the whole sentence is not repeated before its source.
                answer = "" if flat(q.answer) == flat(sentence) else f"{flat(q.answer)} — "
                out.append(Block("answer", f"{letter}{answer}{source}", f"{i}."))
    out.append(Block("h2", SECTION_TITLES["sources"]))
    for c in pack.citations if trainer else handout_citations(pack):
        out.append(Block("source", where(c, pack.years), str(c.n)))
    return out
