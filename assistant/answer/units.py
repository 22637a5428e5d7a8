"""Answer units (sentences, list items, table rows) of the retrieved passages, with their features."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.language.sentences import BULLET, Unit, split_units
from assistant.language.text import PHRASE_JOINER
from assistant.search.features import QueryTerms
from assistant.search.lexical import Concepts, LexicalIndex
from assistant.types import Hit, Passage

#: The feature columns of a unit, in order (a model file names them; a mismatch is refused).
UNIT_FEATURES: tuple[str, ...] = (
    "passage",  # the ranker's probability for the unit's passage
    "passage_rr",  # 1 / (1 + rank of the passage)
    "coverage",  # share of the query's word concepts the unit has
    "coverage_idf",  # the same, weighted by inverse document frequency
    "coverage_context",  # ... in the unit, the sentence before it and the passage's place
    "coverage_expanded",  # ... counting thesaurus and lexicon forms as the word
    "names",  # share of the query's names in the unit, its passage or its place
    "number",  # the question asks for a number and the unit has one
    "has_number",
    "item",  # a list item
    "row",  # a table row
    "lead",  # ends with ':' (announces a list)
    "first",  # the passage's first unit
    "position",  # place in the passage, 0..1
    "words",  # log of the number of words
    "short",  # fewer than 6 words
    "english",
)

_DIGIT = re.compile(r"\d")
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|\*\*|__|(?<!\w)\*(?=\w)|(?<=\w)\*(?!\w)")


@dataclass(frozen=True)
class AnswerUnit:
    """One quotable unit of a retrieved passage."""

    hit: Hit
    rank: int  # rank of its passage among the hits
    index: int  # position among its passage's units
    count: int  # units in its passage
    unit: Unit

    @property
    def passage(self) -> Passage:
        """The passage the unit is quoted from."""
        return self.hit.passage

    @property
    def text(self) -> str:
        """The unit's verbatim text."""
        return self.unit.text

    @property
    def key(self) -> tuple[str, int]:
        """Identity: passage id and position."""
        return (self.passage.id, self.index)


def units_of(hits: Sequence[Hit], *, passages: int) -> list[AnswerUnit]:
    """The units of the first ``passages`` hits, in rank order and reading order."""
    out: list[AnswerUnit] = []
    for rank, hit in enumerate(hits[:passages]):
        units = [u for u in split_units(hit.passage.text) if clean(u.text)]
        for i, u in enumerate(units):
            out.append(AnswerUnit(hit=hit, rank=rank, index=i, count=len(units), unit=u))
    return out


def clean(text: str) -> str:
    """A unit as shown: markup from the source (HTML tags, Markdown emphasis) and bullets removed."""
    shown = _MARKUP.sub("", text)
    shown = BULLET.sub("", shown, count=1)
    return re.sub(r"\s+", " ", shown).strip()


class UnitFeaturizer:
    """Feature rows (UNIT_FEATURES) for the units of a question's retrieved passages."""

    def __init__(self, lexical: LexicalIndex) -> None:
        self._lexical = lexical
        self._n = max(len(lexical), 1)

    def _idf(self, terms: dict[str, float]) -> float:
        df = 0
        for term in terms:
            col = self._lexical.column(term, field="text")
            if col is not None:
                df = max(df, len(col[0]))
        return math.log((self._n + 1) / (df + 1)) if df else 0.0

    def features(self, q: QueryTerms, units: Sequence[AnswerUnit]) -> np.ndarray:
        """One row per unit."""
        analyser = self._lexical.analyser
        words = [(k, terms) for k, terms in q.typed.items() if PHRASE_JOINER not in k]
        idf = np.array([self._idf(t) for _, t in words]) if words else np.zeros(0)
        expanded = _expanded(words, q.thesaurus, q.lexicon)
        X = np.zeros((len(units), len(UNIT_FEATURES)), dtype=np.float32)
        col = {name: i for i, name in enumerate(UNIT_FEATURES)}
        place_terms: dict[str, set[str]] = {}
        passage_terms: dict[str, set[str]] = {}
        previous: set[str] = set()
        for row, u in enumerate(units):
            pid = u.passage.id
            if pid not in place_terms:
                place_terms[pid] = set(analyser.terms(f"{u.passage.document_title} {u.passage.section or ''}"))
                passage_terms[pid] = set(analyser.terms(u.passage.text))
                previous = set()
            own = set(analyser.terms(u.text))
            context = own | previous | place_terms[pid]
            found = np.array([bool(own & t.keys()) for _, t in words], dtype=bool)
            found_ctx = np.array([bool(context & t.keys()) for _, t in words], dtype=bool)
            found_exp = np.array([bool(own & t) for t in expanded], dtype=bool)
            if words:
                X[row, col["coverage"]] = found.mean()
                X[row, col["coverage_idf"]] = float(idf @ found) / max(float(idf.sum()), 1e-6)
                X[row, col["coverage_context"]] = found_ctx.mean()
                X[row, col["coverage_expanded"]] = found_exp.mean()
            everywhere = own | place_terms[pid] | passage_terms[pid]
            X[row, col["names"]] = (
                float(np.mean([all(any(t in everywhere for t in terms) for terms in n.values()) for n in q.names]))
                if q.names
                else 0.5
            )
            has_number = bool(_DIGIT.search(u.text))
            X[row, col["number"]] = float(q.number and has_number)
            X[row, col["has_number"]] = float(has_number)
            X[row, col["item"]] = float(u.unit.kind == "item")
            X[row, col["row"]] = float(u.unit.kind == "row")
            X[row, col["lead"]] = float(u.text.rstrip().endswith(":"))
            X[row, col["first"]] = float(u.index == 0)
            X[row, col["position"]] = u.index / max(u.count - 1, 1)
            n_words = len(u.text.split())
            X[row, col["words"]] = math.log1p(n_words)
            X[row, col["short"]] = float(n_words < 6)
            X[row, col["passage"]] = u.hit.score
            X[row, col["passage_rr"]] = 1.0 / (1 + u.rank)
            X[row, col["english"]] = float(q.english)
            previous = own
        return X


def _expanded(words: list[tuple[str, dict[str, float]]], *extra: Concepts) -> list[set[str]]:
    """Per word concept: its own terms and every expansion term filed under it."""
    out = []
    for key, terms in words:
        forms = set(terms)
        for concepts in extra:
            forms |= set(concepts.get(key, {}))
        out.append(forms)
    return out
