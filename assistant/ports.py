"""Ports: the small protocols that adapters (sentence-transformers, Chroma, LLMs) implement."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from assistant.types import Answer, Hit, Passage, Turn

if TYPE_CHECKING:  # briefing imports the retriever, which imports these ports
    from assistant.briefing.builder import Pack, Refinement


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    @property
    def model_id(self) -> str:
        """A stable name of the model, recorded with the index."""
        ...

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages for storage; one row per text."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one search query."""
        ...

    def count_tokens(self, text: str) -> int:
        """Word pieces the model's tokenizer needs for ``text`` (for chunk sizing)."""
        ...


class VectorStore(Protocol):
    """Holds passage vectors of one index version and answers nearest-neighbour queries."""

    def add(self, passages: Sequence[Passage], vectors: np.ndarray) -> None:
        """Store passages with their vectors (upsert by passage id)."""
        ...

    def query(
        self, vector: np.ndarray, *, k: int, document_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """Return (passage id, similarity) for the k nearest passages, best first."""
        ...

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors for those of ``ids`` that exist (to reuse them on re-ingest)."""
        ...

    def count(self) -> int:
        """Number of stored passages."""
        ...

    def ping(self) -> None:
        """Raise StoreUnavailableError when the store cannot be reached."""
        ...

    @property
    def outdated(self) -> bool:
        """True when the store was made with settings this version no longer uses."""
        ...


class Reranker(Protocol):
    """Scores (query, passage) pairs jointly, e.g. a cross-encoder."""

    def score(self, query: str, passages: Sequence[Passage]) -> list[float]:
        """One relevance score per passage (higher is better)."""
        ...


class Answerer(Protocol):
    """Writes an answer with citations from retrieved passages."""

    def answer(self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()) -> Answer:
        """Answer ``question`` from ``hits``; status 'not_found' when they do not answer it."""
        ...

    def stream(
        self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()
    ) -> Iterator[str | Answer]:
        """Yield answer text deltas, then the final verified Answer."""
        ...


class Refiner(Protocol):
    """Refines an extractive pack from its own numbered points; never raises (fails empty)."""

    def refine(self, pack: Pack) -> Refinement:
        """Verified additions for ``pack``, citing its own citation numbers."""
        ...
