"""Lexical (BM25) index over passages, persisted with each index version.

Two BM25 fields: the passage text, and the place of the passage (publication title and section
path), which counts with its own weight. Query terms carry weights (compound parts and thesaurus
expansions count less than the words typed), so scoring sums the precomputed per-term BM25 scores
directly from bm25s's sparse matrix: no per-query Python loop over passages.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from assistant.language.text import ANALYSER_VERSION, PHRASE_JOINER, Analyser, concept_key
from assistant.language.thesaurus import Expansion
from assistant.types import Passage

log = logging.getLogger(__name__)

_META_FILE = "meta.json"
_TEXT_DIR = "text"
_FIELDS_DIR = "fields"
_QUESTIONS_DIR = "questions"
_EMPTY_DOC = ["_"]  # bm25s needs at least one token per document
_FILLER = "\x00"  # a term no query can contain: pads short passages (see MIN_TERMS)

Concepts = dict[str, dict[str, float]]
"""Query concepts: key → {index term: weight}; a passage scores each concept by its best term."""


@dataclass(frozen=True)
class LexicalWeights:
    """How much each kind of query term and each field counts."""

    fields: float = 1.0  # the title + section path field, relative to the text field
    parts: float = 0.5  # compound parts of a query word, relative to the word
    synonyms: float = 0.6  # thesaurus '=' terms
    related: float = 0.3  # thesaurus '~' terms
    english: float = 0.8  # thesaurus 'en' terms (English words rarely occur in the Dutch text)
    phrases: float = 0.3  # two-word phrase terms
    pairs: float = 0.5  # "head van modifier" in a query, as the compound it stands for
    names: float = 1.0  # phrase terms inside a capitalised multi-word name in the query
    fuzzy: float = 0.5  # vocabulary words one letter away from an unknown query word
    neighbours: float = 0.0  # share of the better neighbour's score a passage gains (same document)
    # How a term found in both the text and the place counts: "max" gives it once (the place already
    # says the passage is about "WSP Den Haag"; repeating the name in the text should not add more).
    combine: str = "max"
    k1: float = 1.2
    b: float = 0.75
    # No length normalisation in the place field: a deeper section path ("Driekant › Doelgroep")
    # says no less about a passage's subject than a short one ("CASUS: DRIEKANT").
    fields_b: float = 0.0
    # Passages shorter than this many terms count as this long for BM25's length normalisation,
    # so a stray fragment ("Pastiel begeleidt jaarlijks") does not outrank the passage it belongs to.
    min_terms: int = 10

    def expansion(self, kind: str) -> float:
        """Weight of a thesaurus expansion of this kind."""
        return {"=": self.synonyms, "~": self.related, "en": self.english}.get(kind, self.related)


def field_text(passage: Passage) -> str:
    """What the boosted field holds: the publication title and the section path."""
    return f"{passage.document_title} {passage.section or ''}"


class LexicalIndex:
    """BM25 over analysed passage text and place; built at ingest, loaded at start-up."""

    def __init__(
        self,
        *,
        text: bm25s.BM25,
        fields: bm25s.BM25,
        ids: Sequence[str],
        documents: Sequence[str],
        analyser: Analyser,
        weights: LexicalWeights | None = None,
        questions: bm25s.BM25 | None = None,
    ) -> None:
        self._text = text
        self._fields = fields
        # Expansion questions per passage (doc2query), a field of their own; None when there are none.
        self._questions = questions
        self._ids = list(ids)
        self._row = {pid: i for i, pid in enumerate(self._ids)}
        # Each passage's document as a small int, so filters are one vectorised comparison.
        self._document_names = sorted(set(documents))
        code = {d: i for i, d in enumerate(self._document_names)}
        self._doc_codes = np.array([code[d] for d in documents], dtype=np.int32)
        self.analyser = analyser
        self.weights = weights or LexicalWeights()
        #: True when the saved index was from another analyser version and was rebuilt in memory:
        #: the next ingest writes it anew even when no passage changed.
        self.stale = False

    # --- building and persisting ---------------------------------------------------------------

    @classmethod
    def build(
        cls,
        passages: Sequence[Passage],
        *,
        weights: LexicalWeights | None = None,
        decompound: bool = True,
        stemming: bool = True,
        phrase_terms: bool = True,
        compound_pair_terms: bool = True,
        questions: Mapping[str, Sequence[str]] | None = None,
    ) -> LexicalIndex:
        """Index the passages (the compound vocabulary comes from their own words).

        ``questions`` maps a passage id to the questions it answers (doc2query): indexed as a field.
        """
        weights = weights or LexicalWeights()
        vocabulary = Analyser.build_vocabulary(field_text(p) + "\n" + p.text for p in passages)
        analyser = Analyser(
            vocabulary,
            decompound=decompound,
            stemming=stemming,
            phrase_terms=phrase_terms,
            compound_pair_terms=compound_pair_terms,
        )
        text = cls._bm25(
            [_pad(analyser.terms(p.text), weights.min_terms) for p in passages], k1=weights.k1, b=weights.b
        )
        fields = cls._bm25([analyser.terms(field_text(p)) for p in passages], k1=weights.k1, b=weights.fields_b)
        asked = None
        if questions and any(questions.get(p.id) for p in passages):
            asked = cls._bm25(
                [analyser.terms("\n".join(questions.get(p.id, ()))) for p in passages], k1=weights.k1, b=weights.b
            )
        return cls(
            text=text,
            fields=fields,
            ids=[p.id for p in passages],
            documents=[p.document_id for p in passages],
            analyser=analyser,
            weights=weights,
            questions=asked,
        )

    @staticmethod
    def _bm25(corpus: list[list[str]], *, k1: float, b: float) -> bm25s.BM25:
        retriever = bm25s.BM25(k1=k1, b=b)
        if corpus:
            retriever.index([terms or _EMPTY_DOC for terms in corpus], show_progress=False)
        return retriever

    def save(self, folder: Path) -> None:
        """Write the index to ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        if self._ids:
            self._text.save(str(folder / _TEXT_DIR), show_progress=False)
            self._fields.save(str(folder / _FIELDS_DIR), show_progress=False)
            if self._questions is not None:
                self._questions.save(str(folder / _QUESTIONS_DIR), show_progress=False)
        meta = {
            "analyser": ANALYSER_VERSION,
            "ids": self._ids,
            "documents": [self._document_names[c] for c in self._doc_codes.tolist()],
            "vocabulary": sorted(self.analyser.vocabulary),
        }
        (folder / _META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, *, passages: Sequence[Passage] = ()) -> LexicalIndex:
        """Read an index written by ``save``; one from another analyser version is rebuilt from ``passages``."""
        meta = cls._meta(folder)
        if (
            meta is None
            or meta.get("analyser") != ANALYSER_VERSION
            or (passages and meta.get("ids") != [p.id for p in passages])
        ):
            log.info(
                "Lexical index in %s is from another analyser version; rebuilding it in memory",
                folder,
            )
            index = cls.build(passages)
            index.stale = True
        else:
            ids = meta["ids"]
            analyser = Analyser(meta.get("vocabulary", ()))
            if ids:
                text = bm25s.BM25.load(str(folder / _TEXT_DIR), show_progress=False)
                fields = bm25s.BM25.load(str(folder / _FIELDS_DIR), show_progress=False)
            else:
                text, fields = bm25s.BM25(), bm25s.BM25()
            asked = (
                bm25s.BM25.load(str(folder / _QUESTIONS_DIR), show_progress=False)
                if ids and (folder / _QUESTIONS_DIR).is_dir()
                else None
            )
            index = cls(
                text=text, fields=fields, ids=ids, documents=meta["documents"], analyser=analyser, questions=asked
            )
        # Loading is for serving: build the near-spelling lookup now, not in the first query with
        # an unknown word (a quarter of a second on this corpus, seconds on a busy machine).
        index.analyser.prepare()
        return index

    @staticmethod
    def _meta(folder: Path) -> dict[str, Any] | None:
        path = folder / _META_FILE
        if not path.is_file():
            return None
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    # --- querying --------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        """Passage ids in row order."""
        return self._ids

    def query_concepts(
        self,
        query: str,
        expansions: Sequence[Expansion] = (),
        *,
        weights: LexicalWeights | None = None,
    ) -> Concepts:
        """Weighted query concepts: typed words count 1; their parts, phrases and expansions less.

        A thesaurus expansion of a one-word trigger joins that word's concept (a passage scores
        "WSP" or "werkgeversservicepunt", not both); expansions of a phrase form one concept.
        """
        w = weights or self.weights
        concepts = self.analyser.concepts(
            query,
            part_weight=w.parts,
            phrase_weight=w.phrases,
            fuzzy_weight=w.fuzzy,
            name_weight=w.names,
            pair_weight=w.pairs,
        )
        for e in expansions:
            target = concepts.setdefault(concept_key(e.trigger), {})
            for terms in self.analyser.concepts(
                e.text, weight=w.expansion(e.kind), part_weight=w.parts, phrase_weight=w.phrases
            ).values():
                for term, tw in terms.items():
                    target[term] = max(target.get(term, 0.0), tw)
        return {key: terms for key, terms in concepts.items() if terms}

    def scores(self, concepts: Concepts, *, weights: LexicalWeights | None = None) -> np.ndarray:
        """Weighted BM25 score of every passage (row order = build order), each concept counted once."""
        w = weights or self.weights
        # Plain ndarray: numpy's stubs call float * float32 array float64, though the sum stays float32.
        total: np.ndarray = np.zeros(len(self._ids), dtype=np.float32)
        if not self._ids:
            return total
        for terms in concepts.values():
            if len(terms) == 1:
                ((term, tw),) = terms.items()
                self._add_term(total, term, tw, w)
                continue
            best = np.zeros(len(self._ids), dtype=np.float32)
            for term, tw in terms.items():
                one = np.zeros(len(self._ids), dtype=np.float32)
                if self._add_term(one, term, tw, w):
                    np.maximum(best, one, out=best)
            total += best
        if w.neighbours:
            total = total + w.neighbours * self._neighbour_best(total)
        return total

    def _add_term(
        self, total: np.ndarray, term: str, term_weight: float, w: LexicalWeights
    ) -> bool:
        """Add one term's text and place scores to ``total``; False when the term is unknown."""
        in_text = _column(self._text, term)
        in_fields = _column(self._fields, term) if w.fields else None
        if in_text is None and in_fields is None:
            return False
        if in_fields is None:
            total[in_text[0]] += term_weight * in_text[1]  # type: ignore[index]
        elif w.combine == "max":
            # The place and the text can both name the term; it counts once, where it scores best.
            best = np.zeros(len(total), dtype=np.float32)
            best[in_fields[0]] = w.fields * in_fields[1]
            if in_text is not None:
                best[in_text[0]] = np.maximum(best[in_text[0]], in_text[1])
            total += term_weight * best
        else:
            total[in_fields[0]] += term_weight * w.fields * in_fields[1]
            if in_text is not None:
                total[in_text[0]] += term_weight * in_text[1]
        return True

    def _neighbour_best(self, scores: np.ndarray) -> np.ndarray:
        """For each row, the higher score of the previous and next passage of the same document."""
        same_prev = np.concatenate(([False], self._doc_codes[1:] == self._doc_codes[:-1]))
        prev = np.where(same_prev, np.concatenate(([0.0], scores[:-1])), 0.0)
        same_next = np.concatenate((self._doc_codes[:-1] == self._doc_codes[1:], [False]))
        nxt = np.where(same_next, np.concatenate((scores[1:], [0.0])), 0.0)
        return np.maximum(prev, nxt).astype(np.float32)

    def document_mask(self, document_ids: Sequence[str]) -> np.ndarray:
        """Boolean row mask of the passages of these documents."""
        codes = [i for i, d in enumerate(self._document_names) if d in set(document_ids)]
        return np.isin(self._doc_codes, np.array(codes, dtype=np.int32))

    def search(
        self,
        query: str,
        *,
        k: int,
        document_ids: Sequence[str] | None = None,
        expansions: Sequence[Expansion] = (),
        weights: LexicalWeights | None = None,
    ) -> list[tuple[str, float]]:
        """Top-k (passage id, score) with a positive score, optionally within some documents."""
        return self.top(
            self.query_concepts(query, expansions, weights=weights),
            k=k,
            document_ids=document_ids,
            weights=weights,
        )

    def column(self, term: str, *, field: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(rows, BM25 scores) of one term in one field ("text", "place" or "questions"), None if absent."""
        index = {"text": self._text, "place": self._fields, "questions": self._questions}[field]
        return _column(index, term) if index is not None else None

    def question_scores(self, concepts: Concepts) -> np.ndarray:
        """BM25 of the query concepts in the passages' expansion questions (zeros without any)."""
        total = np.zeros(len(self._ids), dtype=np.float32)
        if self._questions is None:
            return total
        for terms in concepts.values():
            best = np.zeros(len(self._ids), dtype=np.float32)
            for term, tw in terms.items():
                col = _column(self._questions, term)
                if col is not None:
                    np.maximum.at(best, col[0], tw * col[1])
            total += best
        return total

    def known_share(self, concepts: Concepts) -> float:
        """Share of the query's word concepts (not phrases) that occur in the index at all."""
        words = [terms for key, terms in concepts.items() if PHRASE_JOINER not in key]
        if not words:
            return 0.0
        vocab, fields = self._text.vocab_dict, self._fields.vocab_dict
        known = sum(any(t in vocab or t in fields for t in terms) for terms in words)
        return known / len(words)

    def top(
        self,
        concepts: Concepts,
        *,
        k: int,
        document_ids: Sequence[str] | None = None,
        weights: LexicalWeights | None = None,
    ) -> list[tuple[str, float]]:
        """Top-k (passage id, score) for already analysed query concepts."""
        scores = self.scores(concepts, weights=weights)
        if document_ids:
            scores = np.where(self.document_mask(document_ids), scores, 0.0)
        return top_k(self._ids, scores, k)


def _pad(terms: list[str], minimum: int) -> list[str]:
    return terms + [_FILLER] * (minimum - len(terms)) if len(terms) < minimum else terms


def _column(index: bm25s.BM25, term: str) -> tuple[np.ndarray, np.ndarray] | None:
    tid = index.vocab_dict.get(term)
    if tid is None:
        return None
    indptr = index.scores["indptr"]
    start, end = indptr[tid], indptr[tid + 1]
    return index.scores["indices"][start:end], index.scores["data"][start:end]


def top_k(ids: Sequence[str], scores: np.ndarray, k: int) -> list[tuple[str, float]]:
    """The ``k`` best (id, score) with a positive score, best first, without sorting everything."""
    if not len(scores) or k <= 0:
        return []
    candidates = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    order = candidates[np.argsort(-scores[candidates], kind="stable")]
    return [(ids[i], float(scores[i])) for i in order if scores[i] > 0]
