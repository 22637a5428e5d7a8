"""Citation checking: every [n] in an answer must be backed by a verbatim unit of passage n."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.language.sentences import Unit, ends_in_abbreviation, split_units
from assistant.language.text import analyse, tokens
from assistant.language.thesaurus import Thesaurus
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


# "5,800" in an English reply is the "5.800" of a Dutch source (which tokens() reads as 5800).
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


def _numbers(text: str) -> set[str]:
    return {t for t in tokens(text) if any(c.isdigit() for c in t)}


def _stated(number: str, have: set[str]) -> bool:
    """Whether a statement's number is among a unit's numbers, also when written the English way."""
    return number in have or (_THOUSANDS.fullmatch(number) is not None and number.replace(",", "") in have)


#: A statement term → the terms (Dutch for English, synonyms) that also count as finding it.
Alternatives = dict[str, frozenset[str]]


def alternatives(statement: str, vocabulary: Sequence[Thesaurus]) -> Alternatives:
    """Other terms that count as a statement's term: the Dutch of its English words and synonyms.

    A model answering an English question over Dutch sources writes "participants" where the
    source says "deelnemers"; the term check alone would find nothing and drop a true statement.
    """
    found: dict[str, set[str]] = {}
    text = MARKER.sub("", statement)
    for vocab in vocabulary:
        for e in vocab.expand(text):
            targets = set(analyse(e.text))
            for term in analyse(e.trigger):
                found.setdefault(term, set()).update(targets - {term})
    return {term: frozenset(terms) for term, terms in found.items() if terms}


def support(statement: str, unit_text: str, alternative: Alternatives | None = None) -> float:
    """How well ``unit_text`` supports ``statement``: share of its terms (and all its numbers) found.

    A term counts as found when the unit has it, a word it begins, or one of its ``alternative``
    terms; the statement's numbers must all be in the unit.
    """
    wanted = set(analyse(MARKER.sub("", statement)))
    if not wanted:
        return 0.0
    have = set(analyse(unit_text))
    numbers = _numbers(MARKER.sub("", statement))
    stated = _numbers(unit_text)
    if not all(_stated(n, stated) for n in numbers):
        return 0.0  # a number the unit does not state is never supported by it
    other = alternative or {}

    def found(w: str) -> bool:
        if _stated(w, have) or any(h.startswith(w) for h in have if len(w) >= 4):
            return True
        return not other.get(w, frozenset()).isdisjoint(have)

    return sum(map(found, wanted)) / len(wanted)


def best_unit(
    statement: str, passage: Passage, alternative: Alternatives | None = None
) -> tuple[Unit | None, float]:
    """The unit of ``passage`` (sentence, list item or row) that best supports ``statement``."""
    best: tuple[Unit | None, float] = (None, 0.0)
    for unit in split_units(passage.text):
        score = support(statement, unit.text, alternative)
        if score > best[1]:
            best = (unit, score)
    return best


def _supported(score: float, statement: str) -> bool:
    terms = len(set(analyse(MARKER.sub("", statement))))
    return score > 0 if terms <= SHORT_STATEMENT_TERMS else score >= MIN_SUPPORT


def _pieces(text: str) -> list[tuple[str, int]]:
    """Statements of ``text`` with their end offsets; a full stop after an abbreviation ends none."""
    out: list[tuple[str, int]] = []
    carry, start = "", 0
    for m in _STATEMENT.finditer(text):
        piece = m.group(0)
        if not piece:
            continue
        if not carry:
            start = m.start()
        carry = text[start : m.end()]
        abbreviated = not piece.endswith("\n") and not MARKER.search(piece) and ends_in_abbreviation(piece)
        if abbreviated and m.end() < len(text):
            continue  # "… door Traject B.V. op maat": the statement goes on
        out.append((carry, m.end()))
        carry = ""
    if carry:
        out.append((carry, len(text)))
    return out


def statements(text: str) -> list[str]:
    """``text`` cut into the statements ``verify`` judges one by one (markers stay with theirs)."""
    return [piece for piece, _ in _pieces(text) if piece.strip()]


def _clause(statement: str, n: int) -> str | None:
    """The clause of a statement with several marker runs that ends at marker ``n`` (None: one run).

    A model merges sources in one sentence ("X kost 100 euro [1]; de aanbieder krijgt 3.200 euro
    [2]."): each marker is then judged on its own clause, not on the other clause's figures.
    """
    runs = list(_MARKERS_RUN.finditer(statement))
    if len(runs) < 2:
        return None
    start = 0
    for run in runs:
        if n in {int(x) for x in MARKER.findall(run.group(0))}:
            return statement[start : run.end()].lstrip(" ;,")
        start = run.end()
    return None


class Checker:
    """Checks an answer statement by statement, keeping the numbering across calls (for streaming)."""

    def __init__(
        self,
        hits: Sequence[Hit],
        *,
        unsupported_note: str,
        numbering: Numbering = "appearance",
        vocabulary: Sequence[Thesaurus] = (),
    ) -> None:
        self._hits = hits
        self._note = unsupported_note
        self._numbering = numbering
        self._vocabulary = tuple(vocabulary)
        self._index: dict[tuple[str, str], int] = {}
        self.citations: list[Citation] = []
        self.unsupported: list[str] = []

    def check(self, statement: str) -> str:
        """``statement`` with its markers renumbered to verified citations, or the note when none holds."""
        numbers = [int(n) for n in MARKER.findall(statement)]
        if not numbers:
            return statement
        kept: list[int] = []
        other = alternatives(statement, self._vocabulary) if self._vocabulary else None
        for n in dict.fromkeys(numbers):
            if not 1 <= n <= len(self._hits):
                continue
            passage = self._hits[n - 1].passage
            unit, score = best_unit(statement, passage, other)
            if (unit is None or not _supported(score, statement)) and (clause := _clause(statement, n)):
                unit, score = best_unit(clause, passage, other)
                if unit is not None and not _supported(score, clause):
                    unit = None
            elif unit is not None and not _supported(score, statement):
                unit = None
            if unit is None:
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
        return [piece for piece, _ in _pieces(text)], ""
    done: list[str] = []
    end = 0
    for piece, stop in _pieces(text):
        rest = text[stop:]
        if not rest.strip() or (not piece.endswith("\n") and not rest[:1].isspace()):
            break
        if not piece.endswith("\n") and MARKER.match(rest.lstrip()) is not None:
            break  # a marker follows the full stop: wait for it
        done.append(piece)
        end = stop
    return done, text[end:]


def verify(
    text: str,
    hits: Sequence[Hit],
    *,
    unsupported_note: str,
    numbering: Numbering = "appearance",
    vocabulary: Sequence[Thesaurus] = (),
) -> Verified:
    """Check each [n] of ``text`` against passage n of ``hits`` (1-based).

    Each supported marker gets a citation whose quote is the best-matching verbatim unit of its
    passage; markers are renumbered in order of appearance (``numbering="source"`` keeps n, for a
    text whose sources are numbered already, as in a pack). A statement whose markers are all
    unsupported loses them and gets ``unsupported_note``, so it is never shown as cited.
    ``vocabulary`` (the thesaurus and the corpus lexicon) lets a term be found by its Dutch or a synonym.
    """
    checker = Checker(hits, unsupported_note=unsupported_note, numbering=numbering, vocabulary=vocabulary)
    out = [checker.check(piece) for piece, _ in _pieces(text)]
    return Verified("".join(out), tuple(checker.citations), tuple(checker.unsupported))


def _attach(body: str, suffix: str) -> str:
    """Put ``suffix`` before the statement's final punctuation mark, as [n] markers usually stand."""
    if body and body[-1] in ".!?:":  # a lead-in to a list ends in a colon: "… genoemd [1]:"
        return f"{body[:-1]} {suffix}{body[-1]}"
    return f"{body} {suffix}"
