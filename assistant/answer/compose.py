"""The text of an extractive answer: a short opening naming the source, then the chosen statements,
most important first, in reading order within each stretch of text, each marked [n]."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answer.selection import Candidate
from assistant.language.question import Question
from assistant.language.text import fold
from assistant.types import Citation, Passage

_EMPHASIS = re.compile(r"\*\*|__")

CaseNames = Callable[[Passage], "tuple[str, ...]"]


def compose(
    q: Question,
    chosen: Sequence[Candidate],
    *,
    labels: dict[str, str] | None = None,
    case_names: CaseNames | None = None,
) -> tuple[str, list[Citation]]:
    """The answer text and its citations (numbered in the order they appear).

    Statements about one case are introduced by its name: in the opening when the whole answer is
    about it, else before each case's statements (a comparison's labels come from ``labels``).
    """
    labels = dict(labels or {})
    case = None
    if not labels and case_names is not None:
        cases = {c.passage.id: _case_name(q, case_names(c.passage)) for c in chosen}
        if len(set(cases.values())) == 1:
            case = next(iter(cases.values()))
        else:
            labels = {pid: name for pid, name in cases.items() if name}
    blocks = _blocks(chosen, labels)
    ordered = [c for block in blocks for c in block]
    citations: list[Citation] = []
    lines = [_opening(q, ordered, case=case)]
    paragraph: list[str] = []
    current: str | None = None

    def flush() -> None:
        if paragraph:
            lines.append(" ".join(paragraph))
            paragraph.clear()

    for block in blocks:
        label = labels.get(block[0].passage.id)
        if label and label != current:
            flush()
            paragraph.append(f"{label}:")
            current = label
        for c in block:
            citations.append(Citation.of(len(citations) + 1, c.passage, c.quote))
            statement = f"{display(c.quote)} [{len(citations)}]"
            if c.listed:
                flush()
                lines.append(f"- {statement}")
            else:
                paragraph.append(statement)
        flush()
    return "\n".join(lines), citations


def display(quote: str) -> str:
    """A quote as shown in the answer (without bold marks)."""
    return _EMPHASIS.sub("", quote).strip()


def _blocks(chosen: Sequence[Candidate], labels: dict[str, str]) -> list[list[Candidate]]:
    """Stretches of consecutive text (same publication and section, adjacent passages), each in
    reading order; the stretch with the most important statement first (for a comparison: grouped
    by the case it is about, in the order the cases were chosen)."""
    importance = {c.key: i for i, c in enumerate(chosen)}
    reading = sorted(chosen, key=lambda c: (c.passage.document_id, c.passage.ordinal, c.position))
    blocks: list[list[Candidate]] = []
    for c in reading:
        last = blocks[-1][-1] if blocks else None
        if (
            last is not None
            and last.passage.document_id == c.passage.document_id
            and last.passage.section == c.passage.section
            and c.passage.ordinal - last.passage.ordinal <= 1
        ):
            blocks[-1].append(c)
        else:
            blocks.append([c])
    rank = {id(b): min(importance[c.key] for c in b) for b in blocks}
    label_rank: dict[str | None, int] = {}
    for b in sorted(blocks, key=lambda b: rank[id(b)]):
        label_rank.setdefault(labels.get(b[0].passage.id), rank[id(b)])
    return sorted(blocks, key=lambda b: (label_rank[labels.get(b[0].passage.id)], rank[id(b)]))


def _case_name(q: Question, names: tuple[str, ...]) -> str | None:
    """A case by its own name, or by the alias the question uses when its name is a chapter title
    ("Bildtse Proeftuun" for "In dienst in plaats van in uitkering"); None: no case."""
    if not names:
        return None
    own, written = fold(names[0]), {fold(n) for n in names}
    for name in q.names:
        asked = fold(name.text)
        if name.text[:1].isupper() and asked not in own and any(asked in n for n in written):
            return name.text
    return names[0]


def _opening(q: Question, ordered: Sequence[Candidate], *, case: str | None) -> str:
    titles = list(dict.fromkeys(c.passage.document_title for c in ordered))
    if q.language == "en":
        source = f"‘{titles[0]}’" if len(titles) == 1 else "the publications"
        about = f", on {case}" if case else ""
        return f"According to {source}{about} (quoted in Dutch):"
    source = f"‘{titles[0]}’" if len(titles) == 1 else "de publicaties"
    about = f", over {case}" if case else ""
    return f"Volgens {source}{about}:"
