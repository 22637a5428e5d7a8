"""Term weights (IDF over the index) and how well passages and units cover a question's terms."""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.language.text import analyse
from assistant.search.index import IndexHolder, LoadedIndex
from assistant.types import Passage

#: A question term matches a longer passage term that starts with it (compounds, inflections) from this length.
PREFIX_MIN = 4
COMMON_SHARE = 0.08
FUZZY_MIN = 6  # unknown terms this long may match a term one edit away
MAX_CACHED_FORMS = 50_000  # question terms remembered per index version


class TermWeights:
    """Inverse document frequency of analysed terms over the passages of one index.

    It also knows which forms in the index a question term matches: itself, longer terms that
    start with it (compounds, inflections) and shorter terms it starts with (the head of a compound).
    """

    def __init__(self, passages: Sequence[Passage]) -> None:
        df: Counter[str] = Counter()
        for p in passages:
            df.update(_analysed(p.text) | _analysed(p.section or ""))
        self._df = df
        self._n = max(len(passages), 1)
        self._vocabulary = sorted(df)
        self._by_start: dict[str, list[str]] = {}
        for v in self._vocabulary:
            self._by_start.setdefault(v[:2], []).append(v)
        self._forms: dict[str, frozenset[str]] = {}
        #: Terms in more passages than this are common words, not what a question is specifically about.
        self.common_df = max(1, int(self._n * COMMON_SHARE))

    def df(self, term: str) -> int:
        """In how many passages the term occurs."""
        return self._df.get(term, 0)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency (unknown terms weigh most)."""
        return math.log(1 + (self._n + 1) / (self.df(term) + 1))

    def forms(self, term: str) -> frozenset[str]:
        """The index terms that ``term`` matches (empty when the publications never use it)."""
        cached = self._forms.get(term)
        if cached is not None:
            return cached
        found = {term} if term in self._df else set()
        if len(term) >= PREFIX_MIN:
            start = bisect.bisect_left(self._vocabulary, term)
            for candidate in self._vocabulary[start:]:
                if not candidate.startswith(term):
                    break
                found.add(candidate)
            for end in range(PREFIX_MIN + 1, len(term)):
                if term[:end] in self._df:
                    found.add(term[:end])
        if term not in self._df and len(term) >= FUZZY_MIN:
            # A spelling variant or typo ("Kerstensgelden" for "Kerstengelden"): one edit away.
            found |= {v for v in self._by_start.get(term[:2], ()) if _one_edit(term, v)}
        result = frozenset(found)
        if len(self._forms) < MAX_CACHED_FORMS:
            self._forms[term] = result
        return result

    def known(self, term: str) -> bool:
        """Whether the term, a longer term it starts or a term it extends occurs anywhere in the index."""
        return bool(self.forms(term))

    def found(self, term: str, where: TermSet) -> bool:
        """Whether ``where`` contains a form of ``term``."""
        return term in where.terms or not self.forms(term).isdisjoint(where.terms)


@dataclass(frozen=True)
class TermSet:
    """The analysed terms of a text."""

    terms: frozenset[str]

    @classmethod
    def of(cls, text: str) -> TermSet:
        """Terms of ``text``."""
        return cls(_analysed(text))

    def __or__(self, other: TermSet) -> TermSet:
        return TermSet(self.terms | other.terms)


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, deleted or replaced character."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]


@lru_cache(maxsize=65536)
def _analysed(text: str) -> frozenset[str]:
    return frozenset(analyse(text))


def coverage(terms: Iterable[str], found: TermSet, weights: TermWeights) -> float:
    """IDF-weighted share of ``terms`` that ``found`` contains (1.0 when there are no terms)."""
    total = got = 0.0
    for term in terms:
        w = weights.idf(term)
        total += w
        if weights.found(term, found):
            got += w
    return got / total if total else 1.0


class IndexTermWeights:
    """Term weights of the active index, recomputed when another index version becomes active."""

    def __init__(self, holder: IndexHolder) -> None:
        self._holder = holder

    def __call__(self) -> TermWeights:
        return self._holder.current().derived(_term_weights)


def _term_weights(index: LoadedIndex) -> TermWeights:
    return TermWeights(index.passages)
