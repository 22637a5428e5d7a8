"""Plain BM25, the baseline every cross-validated fold must beat (bench and the quality guard)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from assistant.types import Passage

_WORD = re.compile(r"\w+")

Search = Callable[[str, int], Mapping[str, Any]]
"""search(query, k) -> a POST /api/search body, as werkwijzer.evaluation.run calls it."""


def passage_json(pid: str, document_id: str, text: str, score: float) -> dict[str, Any]:
    """A contract-shaped Passage for the scorer."""
    return {"id": pid, "document_id": document_id, "document_title": document_id, "section": None,
            "page": None, "text": text, "score": score}


def plain_bm25(passages: Sequence[Passage]) -> Search:
    """rank_bm25 (BM25Okapi) over classic Snowball Dutch stems of the passages: no stop words, fields,
    thesaurus or decompounding (rank-bm25 is a dev dependency: only bench and tests use this)."""
    import Stemmer
    from rank_bm25 import BM25Okapi

    stemmer = Stemmer.Stemmer("dutch_porter")
    ordered = list(passages)

    def analyse(text: str) -> list[str]:
        return stemmer.stemWords(_WORD.findall(text.lower()))

    bm25 = BM25Okapi([analyse(p.text) or ["_"] for p in ordered])

    def search(query: str, k: int) -> Mapping[str, Any]:
        scores = bm25.get_scores(analyse(query))
        top = np.argsort(-scores, kind="stable")[:k]
        return {"results": [passage_json(ordered[i].id, ordered[i].document_id, ordered[i].text,
                                         float(scores[i])) for i in top]}

    return search
