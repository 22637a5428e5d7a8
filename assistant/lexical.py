"""Lexical (BM25) index over passages, persisted with each index version."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from assistant.text import analyse
from assistant.types import Passage

_IDS_FILE = "ids.json"


def passage_terms(passage: Passage) -> list[str]:
    """Terms indexed for a passage: its text plus its section path (boosted by repetition)."""
    section = f"{passage.document_title} {passage.section or ''}"
    return analyse(passage.text) + analyse(section) * 2


class LexicalIndex:
    """BM25 over analysed passage terms; built at ingest, loaded at start-up, never rebuilt per query."""

    def __init__(self, retriever: bm25s.BM25, ids: Sequence[str]) -> None:
        self._retriever = retriever
        self._ids = list(ids)
        self._row = {pid: i for i, pid in enumerate(self._ids)}

    @classmethod
    def build(cls, passages: Sequence[Passage]) -> LexicalIndex:
        """Index the passages."""
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        corpus = [passage_terms(p) or ["_"] for p in passages]
        if corpus:
            retriever.index(corpus, show_progress=False)
        return cls(retriever, [p.id for p in passages])

    def save(self, folder: Path) -> None:
        """Write the index to ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        if self._ids:
            self._retriever.save(str(folder))
        (folder / _IDS_FILE).write_text(json.dumps(self._ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read an index written by ``save``."""
        ids = json.loads((folder / _IDS_FILE).read_text(encoding="utf-8"))
        retriever = bm25s.BM25.load(str(folder)) if ids else bm25s.BM25()
        return cls(retriever, ids)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage for ``query`` (row order = build order)."""
        terms = analyse(query)
        if not terms or not self._ids:
            return np.zeros(len(self._ids), dtype=np.float32)
        known = [t for t in terms if t in self._retriever.vocab_dict]
        if not known:
            return np.zeros(len(self._ids), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def search(self, query: str, *, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Top-k (passage id, score) with a positive score, optionally only among ``allowed`` ids."""
        scores = self.scores(query)
        if allowed is not None:
            mask = np.array([pid in allowed for pid in self._ids], dtype=bool)
            scores = np.where(mask, scores, 0.0)
        if not len(scores):
            return []
        top = np.argsort(-scores)[:k]
        return [(self._ids[i], float(scores[i])) for i in top if scores[i] > 0]
