"""Hybrid retrieval: dense (embeddings in Chroma) and lexical (BM25) ranks fused by weighted RRF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.errors import InvalidInputError
from assistant.index import IndexHolder
from assistant.ports import Embedder
from assistant.types import Hit

_RRF_K = 60  # the usual reciprocal-rank-fusion constant: damps the weight of the very top ranks


@dataclass(frozen=True)
class FusionWeights:
    """How much each retriever's ranking counts in the fused list."""

    dense: float
    lexical: float
    candidates: int


class HybridRetriever:
    """Finds the passages that best match a query, optionally within some documents."""

    def __init__(self, embedder: Embedder, holder: IndexHolder, *, weights: FusionWeights) -> None:
        self._embedder = embedder
        self._holder = holder
        self._weights = weights

    def search(self, query: str, *, k: int, document_ids: Sequence[str] | None = None) -> list[Hit]:
        """The top ``k`` passages for ``query``, best first."""
        if not query.strip():
            raise InvalidInputError("The search query is empty: type a few words to search for.")
        index = self._holder.current()
        if document_ids:
            known = {d.info.id for d in index.documents()}
            unknown = [d for d in document_ids if d not in known]
            if unknown:
                raise InvalidInputError(
                    f"Unknown document id(s): {', '.join(unknown)}. GET /api/documents lists the ids."
                )
        n = max(self._weights.candidates, k)
        allowed = {p.id for p in index.passages if p.document_id in set(document_ids)} if document_ids else None
        fused: dict[str, float] = {}
        if self._weights.lexical > 0:
            for rank, (pid, _) in enumerate(index.lexical.search(query, k=n, allowed=allowed)):
                fused[pid] = fused.get(pid, 0.0) + self._weights.lexical / (_RRF_K + rank + 1)
        if self._weights.dense > 0:
            vector = self._embedder.embed_query(query)
            for rank, (pid, _) in enumerate(index.store.query(vector, k=n, document_ids=document_ids)):
                fused[pid] = fused.get(pid, 0.0) + self._weights.dense / (_RRF_K + rank + 1)
        ranked = sorted(fused.items(), key=lambda item: -item[1])[:k]
        return [Hit(index.get(pid), score) for pid, score in ranked if index.has(pid)]
