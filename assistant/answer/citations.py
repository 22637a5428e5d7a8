"""Citation checking: every [n] in an answer must be backed by a verbatim unit of passage n."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.language.sentences import Unit, split_units
from assistant.language.text import analyse, tokens
from assistant.types import Citation, Hit, Passage

MARKER = re.compile(r"\s?\[(\d+)\]")
_MARKERS_RUN = re.compile(r"(?:\s?\[\d+\])+")
# A statement ends at a line break or at . ! ? followed by white space (markers stay with their statement).
_STATEMENT = re.compile(r"[^\n]*?(?:[.!?](?:\s?\[\d+\])*(?=\s|$)|\n|$)")

#: Share of a statement's content terms that its quote must contain to count as support.
MIN_SUPPORT = 0.5
#: Statements shorter than this (in content terms) are judged on any overlap at all.
SHORT_STATEMENT_TERMS = 2

#: How verified markers are numbered: by appearance (chat), or the source's own number (packs).
Numbering = Literal["appearance", "source"]


@dataclass(frozen=True)
class Verified:
    """An answer text after checking: markers renumbered to verified citations, unsupported ones flagged."""

    text: str
    citations: tuple[Citation, ...]
    unsupported: tuple[str, ...]  # statements whose markers no passage unit supports


def _numbers(text: str) -> set[str]:
    return {t for t in tokens(text) if any(c.isdigit() for c in t)}


def support(statement: str, unit_text: str) -> float:
    """How well ``unit_text`` supports ``statement``: share of its terms (and all its numbers) found."""
    wanted = set(analyse(MARKER.sub("", statement)))
    if not wanted:
        return 0.0
    have = set(analyse(unit_text))
    numbers = _numbers(MARKER.sub("", statement))
    if numbers and not numbers <= _numbers(unit_text):
        return 0.0  # a number the unit does not state is never supported by it
    found = sum(1 for w in wanted if w in have or any(h.startswith(w) for h in have if len(w) >= 4))
    return found / len(wanted)


def best_unit(statement: str, passage: Passage) -> tuple[Unit | None, float]:
    """The unit of ``passage`` (sentence, list item or row) that best supports ``statement``."""
    best: tuple[Unit | None, float] = (None, 0.0)
    for unit in split_units(passage.text):
        score = support(statement, unit.text)
        if score > best[1]:
            best = (unit, score)
    return best


def _supported(score: float, statement: str) -> bool:
    terms = len(set(analyse(MARKER.sub("", statement))))
    return score > 0 if terms <= SHORT_STATEMENT_TERMS else score >= MIN_SUPPORT


def statements(text: str) -> list[str]:
    """``text`` cut into the statements ``verify`` judges one by one (markers stay with theirs)."""
    return [m.group(0) for m in _STATEMENT.finditer(text) if m.group(0).strip()]


class Checker:
    """Checks an answer statement by statement, keeping the numbering across calls (for streaming)."""

    def __init__(
        self, hits: Sequence[Hit], *, unsupported_note: str, numbering: Numbering = "appearance"
    ) -> None:
        self._hits = hits
        self._note = unsupported_note
        self._numbering = numbering
        self._index: dict[tuple[str, str], int] = {}
        self.citations: list[Citation] = []
        self.unsupported: list[str] = []

    def check(self, statement: str) -> str:
        """``statement`` with its markers renumbered to verified citations, or the note when none holds."""
        numbers = [int(n) for n in MARKER.findall(statement)]
        if not numbers:
            return statement
        kept: list[int] = []
        for n in dict.fromkeys(numbers):
            if not 1 <= n <= len(self._hits):
                continue
            passage = self._hits[n - 1].passage
            unit, score = best_unit(statement, passage)
            if unit is None or not _supported(score, statement):
                continue
            key = (passage.id, unit.text)
            if key not in self._index:
                self._index[key] = n if self._numbering == "source" else len(self.citations) + 1
                self.citations.append(Citation.of(self._index[key], passage, unit.text))
            kept.append(self._index[key])
        body = _MARKERS_RUN.sub("", statement)
        trailing = body[len(body.rstrip()) :]
        body = body.rstrip()
        if kept:
            marks = "".join(f"[{k}]" for k in dict.fromkeys(kept))
            return _attach(body, marks) + trailing
        self.unsupported.append(body.strip())
        return _attach(body, self._note) + trailing


def complete_statements(text: str, *, final: bool = False) -> tuple[list[str], str]:
    """The statements of a growing ``text`` that are finished, and the unfinished rest.

    A statement is finished once text follows it (a model may still add a marker after its full
    stop); ``final`` says ``text`` is whole, so every statement is, as ``verify`` cuts them.
    """
    if final:
        return [m.group(0) for m in _STATEMENT.finditer(text) if m.group(0)], ""
    done: list[str] = []
    end = 0
    for m in _STATEMENT.finditer(text):
        if not m.group(0):
            continue
        rest = text[m.end() :]
        if not rest.strip() or (not m.group(0).endswith("\n") and not rest[:1].isspace()):
            break
        if not m.group(0).endswith("\n") and MARKER.match(rest.lstrip()) is not None:
            break  # a marker follows the full stop: wait for it
        done.append(m.group(0))
        end = m.end()
    return done, text[end:]


def verify(
    text: str,
    hits: Sequence[Hit],
    *,
    unsupported_note: str,
    numbering: Numbering = "appearance",
) -> Verified:
    """Check each [n] of ``text`` against passage n of ``hits`` (1-based).

    Each supported marker gets a citation whose quote is the best-matching verbatim unit of its
    passage; markers are renumbered in order of appearance (``numbering="source"`` keeps n, for a
    text whose sources are numbered already, as in a pack). A statement whose markers are all
    unsupported loses them and gets ``unsupported_note``, so it is never shown as cited.
    """
    checker = Checker(hits, unsupported_note=unsupported_note, numbering=numbering)
    out = [checker.check(m.group(0)) for m in _STATEMENT.finditer(text) if m.group(0)]
    return Verified("".join(out), tuple(checker.citations), tuple(checker.unsupported))


def _attach(body: str, suffix: str) -> str:
    """Put ``suffix`` before the statement's final punctuation mark, as [n] markers usually stand."""
    if body and body[-1] in ".!?:":  # a lead-in to a list ends in a colon: "… genoemd [1]:"
        return f"{body[:-1]} {suffix}{body[-1]}"
    return f"{body} {suffix}"
