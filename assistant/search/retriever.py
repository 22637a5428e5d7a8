"""Hybrid retrieval: dense (embeddings) and lexical (BM25 + thesaurus) ranks fused by weighted RRF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from assistant.errors import InvalidInputError
from assistant.language.thesaurus import Thesaurus
from assistant.ports import Embedder, Reranker
from assistant.search.index import IndexHolder, LoadedIndex
from assistant.search.lexical import LexicalWeights
from assistant.types import Hit

#: Any short text: embedding it once loads the model's weights and the store's vectors into memory.
WARM_UP_QUERY = "werk"


@dataclass(frozen=True)
class FusionWeights:
    """How retrieval combines its parts; every switch exists so the eval can measure its worth."""

    dense: float
    lexical: float
    candidates: int
    rrf_k: int = 10  # the reciprocal-rank-fusion constant: damps the weight of the very top ranks
    expand: bool = True  # thesaurus query expansion
    lexical_weights: LexicalWeights = LexicalWeights()
    per_section: int = (
        0  # at most this many passages of one section in the top ``diversify_window`` (0: off)
    )
    diversify_window: int = 5
    rerank_candidates: int = 30
    # "rrf": weighted reciprocal-rank fusion; "score": lexical score / best lexical score plus
    # ``dense`` × the cosine similarity rescaled to 0..1 over the candidates.
    fusion: Literal["rrf", "score"] = "rrf"
    # "always" embeds every query; "fallback" only when lexical search is weak: fewer than k
    # lexical candidates, or under ``fallback_known`` of the query's words known to the index.
    dense_mode: Literal["always", "fallback"] = "fallback"
    fallback_known: float = 0.5

    def with_(self, **changes: object) -> FusionWeights:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


class HybridRetriever:
    """Finds the passages that best match a query, optionally within some documents."""

    def __init__(
        self,
        embedder: Embedder,
        holder: IndexHolder,
        *,
        weights: FusionWeights,
        thesaurus: Thesaurus | None = None,
        reranker: Reranker | None = None,
    ) -> None:
        self._embedder = embedder
        self._holder = holder
        self.weights = weights
        self._thesaurus = thesaurus
        self._reranker = reranker

    def search(self, query: str, *, k: int, document_ids: Sequence[str] | None = None) -> list[Hit]:
        """The top ``k`` passages for ``query``, best first."""
        if not query.strip():
            raise InvalidInputError("The search query is empty: type a few words to search for.")
        index = self._holder.current()
        _check_documents(index, document_ids)
        w = self.weights
        n = max(w.candidates, k)
        lexical: list[tuple[str, float]] = []
        known = 0.0
        if w.lexical > 0:
            lexical, known = self.lexical(index, query, k=n, document_ids=document_ids)
        weak = len(lexical) < k or known < w.fallback_known or w.lexical <= 0
        dense: list[tuple[str, float]] = []
        if w.dense > 0 and (w.dense_mode == "always" or weak):
            dense = index.store.query(
                self._embedder.embed_query(query), k=n, document_ids=document_ids
            )
        fused = (
            fuse_scores(lexical, dense, w) if w.fusion == "score" else fuse_ranks(lexical, dense, w)
        )
        ranked = [
            (pid, s)
            for pid, s in sorted(fused.items(), key=lambda item: -item[1])
            if index.has(pid)
        ]
        hits = [Hit(index.get(pid), score) for pid, score in ranked]
        if self._reranker is not None and hits:
            hits = self._rerank(query, hits)
        if w.per_section:
            hits = diversify(hits, per_section=w.per_section, window=w.diversify_window)
        return hits[:k]

    def warm(self) -> None:
        """Run one dense query so the first real one does not pay for loading the model and store."""
        index = self._holder.current()
        if self.weights.dense > 0 and index.store.count():
            index.store.query(self._embedder.embed_query(WARM_UP_QUERY), k=1)

    def lexical(
        self, index: LoadedIndex, query: str, *, k: int, document_ids: Sequence[str] | None = None
    ) -> tuple[list[tuple[str, float]], float]:
        """Lexical candidates (BM25 over text and place, thesaurus-expanded), and the share of known words."""
        expansions = (
            self._thesaurus.expand(query) if (self._thesaurus and self.weights.expand) else []
        )
        lw = self.weights.lexical_weights
        concepts = index.lexical.query_concepts(query, expansions, weights=lw)
        hits = index.lexical.top(concepts, k=k, document_ids=document_ids, weights=lw)
        return hits, index.lexical.known_share(concepts)

    def _rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        assert self._reranker is not None
        head, tail = hits[: self.weights.rerank_candidates], hits[self.weights.rerank_candidates :]
        scores = self._reranker.score(query, [h.passage for h in head])
        reranked = [
            Hit(h.passage, float(s))
            for h, s in sorted(zip(head, scores, strict=True), key=lambda x: -x[1])
        ]
        floor = min((h.score for h in reranked), default=0.0)
        # Passages beyond the reranked head keep their order, below every reranked one.
        return reranked + [Hit(h.passage, floor - (i + 1) * 1e-6) for i, h in enumerate(tail)]


def fuse_ranks(
    lexical: Sequence[tuple[str, float]], dense: Sequence[tuple[str, float]], w: FusionWeights
) -> dict[str, float]:
    """Weighted reciprocal-rank fusion of two ranked lists."""
    fused: dict[str, float] = {}
    for weight, ranked in ((w.lexical, lexical), (w.dense, dense)):
        for rank, (pid, _) in enumerate(ranked):
            fused[pid] = fused.get(pid, 0.0) + weight / (w.rrf_k + rank + 1)
    return fused


def fuse_scores(
    lexical: Sequence[tuple[str, float]], dense: Sequence[tuple[str, float]], w: FusionWeights
) -> dict[str, float]:
    """Lexical score relative to the best one, plus the dense similarity rescaled over the candidates."""
    fused: dict[str, float] = {}
    best = max((s for _, s in lexical), default=0.0)
    for pid, s in lexical:
        fused[pid] = w.lexical * (s / best if best > 0 else 0.0)
    if dense:
        sims = [s for _, s in dense]
        low, high = min(sims), max(sims)
        span = high - low or 1.0
        for pid, s in dense:
            fused[pid] = fused.get(pid, 0.0) + w.dense * (s - low) / span
    return fused


def diversify(hits: Sequence[Hit], *, per_section: int, window: int) -> list[Hit]:
    """Reorder so that no section has more than ``per_section`` passages in the first ``window``."""
    head: list[Hit] = []
    held: list[Hit] = []
    counts: dict[tuple[str, str | None], int] = {}
    for hit in hits:
        key = (hit.passage.document_id, hit.passage.section)
        if len(head) < window and counts.get(key, 0) >= per_section:
            held.append(hit)
            continue
        counts[key] = counts.get(key, 0) + 1
        head.append(hit)
    # Held-back passages follow the window, before the rest, in their original order.
    out = head[:window] + held + head[window:]
    return out


def _check_documents(index: LoadedIndex, document_ids: Sequence[str] | None) -> None:
    if not document_ids:
        return
    known = {d.info.id for d in index.documents()}
    unknown = [d for d in document_ids if d not in known]
    if unknown:
        raise InvalidInputError(
            f"Unknown document id(s): {', '.join(unknown)}. GET /api/documents lists the ids."
        )
