"""Features of (query, passage) pairs for the learned passage ranker: every signal, none weighted by hand."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.language.question import NUMBER_OR_DATE_QUESTION, is_english
from assistant.language.text import PHRASE_JOINER, proper_names
from assistant.language.thesaurus import Thesaurus
from assistant.ports import Embedder
from assistant.search.index import LoadedIndex
from assistant.search.lexical import Concepts, LexicalIndex, LexicalWeights

#: The feature columns, in order; a model file names them so a mismatch is refused at load.
PASSAGE_FEATURES: tuple[str, ...] = (
    "typed",  # BM25 (text and place, best of the two per term) of the words typed, / best passage
    "typed_rr",  # 1 / (1 + rank) by that score
    "text",  # BM25 of the typed words in the passage text alone, / best
    "place",  # BM25 of the typed words in the title + section path alone, / best
    "thesaurus",  # BM25 with the reviewed thesaurus' expansions, / best
    "lexicon",  # BM25 of the lexicon's synonyms and translations of the typed words, / best
    "questions",  # BM25 of the typed words and their lexicon forms in the passage's expansion questions
    "questions_rr",
    "dense",  # cosine similarity of query and passage embeddings
    "dense_rel",  # ... minus the best similarity of any passage
    "dense_rr",
    "coverage",  # share of the query's word concepts found in the passage (text or place)
    "coverage_idf",  # the same, weighted by each concept's inverse document frequency
    "coverage_text",  # share found in the text itself
    "names",  # share of the capitalised names of the query found in the passage or its place
    "number",  # the question asks for a number and the passage has one
    "length",  # log of the passage's length in terms
    "listed",  # the passage is a list or a table
    "english",  # the query is in English
)

_DIGIT = re.compile(r"\d")


def asks_number(text: str) -> bool:
    """Whether a question asks for a number, a duration or a date."""
    return bool(NUMBER_OR_DATE_QUESTION.search(text))


@dataclass(frozen=True)
class QueryTerms:
    """A query analysed once: its typed concepts and the concepts the lexicons add."""

    text: str
    typed: Concepts
    thesaurus: Concepts
    lexicon: Concepts
    names: tuple[Concepts, ...]
    english: bool
    number: bool


@dataclass(frozen=True)
class Candidates:
    """A query's candidate passages (row indices into the index) and their feature matrix."""

    rows: np.ndarray
    features: np.ndarray
    query: QueryTerms

    def ids(self, index: LoadedIndex) -> list[str]:
        """Passage ids of the candidate rows."""
        return [index.lexical.ids[int(r)] for r in self.rows]


class PassageFeaturizer:
    """Turns a query into candidate passages with one feature row each (PASSAGE_FEATURES)."""

    def __init__(
        self,
        embedder: Embedder,
        *,
        thesaurus: Thesaurus | None = None,
        lexicon: Thesaurus | None = None,
        pool: int = 40,
    ) -> None:
        self._embedder = embedder
        self._thesaurus = thesaurus
        self._lexicon = lexicon
        self._pool = pool

    @property
    def vocabulary(self) -> tuple[Thesaurus, ...]:
        """The thesaurus and the corpus lexicon this featurizer expands queries with (those it has)."""
        return tuple(v for v in (self._thesaurus, self._lexicon) if v is not None)

    def analyse(self, lexical: LexicalIndex, query: str) -> QueryTerms:
        """The query's concepts: typed, thesaurus-expanded and lexicon-expanded."""
        w = lexical.weights
        typed = lexical.query_concepts(query, (), weights=w)
        thesaurus = (
            lexical.query_concepts(query, self._thesaurus.expand(query), weights=w)
            if self._thesaurus
            else typed
        )
        lexicon: Concepts = {}
        if self._lexicon is not None:
            expanded = lexical.query_concepts(query, self._lexicon.expand(query), weights=w)
            # Only what the lexicon adds: a typed term keeps its own feature.
            for key, terms in expanded.items():
                extra = {t: v for t, v in terms.items() if t not in typed.get(key, {})}
                if extra:
                    lexicon[key] = extra
        name_concepts = tuple(
            {k: v for k, v in lexical.query_concepts(" ".join(n), (), weights=w).items()}
            for n in proper_names(query)
        )
        return QueryTerms(
            text=query,
            typed=typed,
            thesaurus=thesaurus,
            lexicon=lexicon,
            names=tuple(n for n in name_concepts if n),
            english=is_english(query),
            number=asks_number(query),
        )

    def candidates(
        self, index: LoadedIndex, query: str, *, document_ids: Sequence[str] | None = None
    ) -> Candidates:
        """The union of the best passages by each signal, with their features."""
        lexical = index.lexical
        q = self.analyse(lexical, query)
        n = len(lexical)
        if n == 0:
            return Candidates(np.zeros(0, dtype=np.int64), np.zeros((0, len(PASSAGE_FEATURES))), q)
        w = lexical.weights
        text_only = LexicalWeights(**{**w.__dict__, "fields": 0.0})
        per_concept_text = _per_concept(lexical, q.typed, text_only, field="text")
        per_concept_place = _per_concept(lexical, q.typed, w, field="place")
        found = (per_concept_text > 0) | (per_concept_place > 0)
        typed = lexical.scores(q.typed, weights=w)
        text = per_concept_text.sum(axis=0) if len(q.typed) else np.zeros(n, dtype=np.float32)
        place = per_concept_place.sum(axis=0) if len(q.typed) else np.zeros(n, dtype=np.float32)
        thesaurus = lexical.scores(q.thesaurus, weights=w)
        lexicon = lexical.scores(q.lexicon, weights=w) if q.lexicon else np.zeros(n, dtype=np.float32)
        questions = lexical.question_scores({**q.typed, **_merge(q.typed, q.lexicon)})
        dense = index.dense_similarities(self._embedder.embed_query(query))
        mask = index.lexical.document_mask(document_ids) if document_ids else None

        def best(scores: np.ndarray, k: int) -> np.ndarray:
            s = np.where(mask, scores, -np.inf) if mask is not None else scores
            k = min(k, n)
            top = np.argpartition(-s, k - 1)[:k]
            return top[np.isfinite(s[top]) & (s[top] > 0 if s is not dense else True)]

        pool = self._pool
        rows = np.unique(
            np.concatenate(
                [best(thesaurus, pool), best(typed, pool // 2), best(lexicon, pool // 4),
                 best(questions, pool // 2), best(dense, pool // 2)]
            )
        )
        words = [k for k in q.typed if PHRASE_JOINER not in k]
        word_idx = [i for i, k in enumerate(q.typed) if PHRASE_JOINER not in k]
        df = found[word_idx].sum(axis=1) if word_idx else np.zeros(0)
        idf = np.log((n + 1) / (df + 1)) if len(df) else np.zeros(0)
        found_text = per_concept_text > 0
        name_found: list[np.ndarray] = [
            np.asarray(
                ((_per_concept(lexical, nc, w, field="text") > 0) | (_per_concept(lexical, nc, w, field="place") > 0))
                .all(axis=0)
            )
            for nc in q.names
        ]
        lengths = index.lengths
        has_number = index.numbered
        X = np.zeros((len(rows), len(PASSAGE_FEATURES)), dtype=np.float32)
        cols = {name: i for i, name in enumerate(PASSAGE_FEATURES)}
        X[:, cols["typed"]] = _relative(typed)[rows]
        X[:, cols["typed_rr"]] = _reciprocal_rank(typed)[rows]
        X[:, cols["text"]] = _relative(text)[rows]
        X[:, cols["place"]] = _relative(place)[rows]
        X[:, cols["thesaurus"]] = _relative(thesaurus)[rows]
        X[:, cols["lexicon"]] = _relative(lexicon)[rows]
        X[:, cols["questions"]] = _relative(questions)[rows]
        X[:, cols["questions_rr"]] = _reciprocal_rank(questions)[rows]
        X[:, cols["dense"]] = dense[rows]
        X[:, cols["dense_rel"]] = dense[rows] - float(dense.max())
        X[:, cols["dense_rr"]] = _reciprocal_rank(dense)[rows]
        if words:
            fw = found[word_idx][:, rows]
            X[:, cols["coverage"]] = fw.mean(axis=0)
            X[:, cols["coverage_idf"]] = (idf[:, None] * fw).sum(axis=0) / max(float(idf.sum()), 1e-6)
            X[:, cols["coverage_text"]] = found_text[word_idx][:, rows].mean(axis=0)
        if name_found:
            X[:, cols["names"]] = np.mean([nf[rows] for nf in name_found], axis=0)
        else:
            X[:, cols["names"]] = 0.5
        X[:, cols["number"]] = float(q.number) * has_number[rows]
        X[:, cols["length"]] = np.log1p(lengths[rows])
        X[:, cols["listed"]] = [float(index.passages[int(r)].kind in ("list", "table")) for r in rows]
        X[:, cols["english"]] = float(q.english)
        return Candidates(rows=rows, features=X, query=q)


def _merge(typed: Concepts, extra: Concepts) -> Concepts:
    out: Concepts = {}
    for key, terms in extra.items():
        out[key] = {**typed.get(key, {}), **terms}
    return out


def _per_concept(lexical: LexicalIndex, concepts: Concepts, w: LexicalWeights, *, field: str) -> np.ndarray:
    """One row per concept: each passage's best score for any of the concept's terms in one field."""
    n = len(lexical)
    out = np.zeros((len(concepts), n), dtype=np.float32)
    for i, terms in enumerate(concepts.values()):
        for term, tw in terms.items():
            col = lexical.column(term, field=field)
            if col is not None:
                rows, scores = col
                np.maximum.at(out[i], rows, tw * scores)
    return out


def _relative(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def _reciprocal_rank(scores: np.ndarray) -> np.ndarray:
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[order] = np.arange(len(scores), dtype=np.float32)
    rr = 1.0 / (1.0 + ranks)
    return np.where(scores > 0, rr, 0.0).astype(np.float32)


def idf_of(df: int, n: int) -> float:
    """Smoothed inverse document frequency."""
    return math.log((n + 1) / (df + 1))
