"""Ports: every Protocol of the core in one place (adapters, answerers, the chat's collaborators, ingest).

This module imports only value types (``assistant.types``, ``assistant.briefing.types``), so any module
may depend on it without an import circle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from assistant.briefing.types import Pack, Refinement
from assistant.cases.types import AspectDef, Case, Comparison, ScoredStatement
from assistant.types import Answer, Hit, Passage, Turn


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
    """Scores (query, passage) pairs jointly to reorder the head of a search (a cross-encoder, or
    ``AnswerReranker``: the order in which the extractive answer reads)."""

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
        """Yield answer text deltas, then the final verified Answer (whose text they add up to,
        unless the answerer replaced what it sent: then the Answer's text is the one to show)."""
        ...


class Refiner(Protocol):
    """Refines an extractive pack from its own numbered points; never raises (fails empty)."""

    def refine(self, pack: Pack) -> Refinement:
        """Verified additions for ``pack``, citing its own citation numbers."""
        ...


class Retriever(Protocol):
    """What the assistant needs from retrieval."""

    def search(self, query: str, *, k: int, document_ids: Sequence[str] | None = None) -> list[Hit]:
        """The top ``k`` passages for ``query``, best first."""
        ...


class Condenser(Protocol):
    """Rewrites a follow-up question into one that stands on its own."""

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """The standalone question (``question`` itself when it needs no rewriting)."""
        ...


class PassageContext(Protocol):
    """Surroundings of a passage in the served index."""

    def following(self, passage: Passage) -> Passage | None:
        """The next passage of the same publication (None at its end or when unknown)."""
        ...

    def case_names(self, passage: Passage) -> tuple[str, ...]:
        """Names of the case or region the passage is part of (its own name first; or none)."""
        ...

    def publisher(self, passage: Passage) -> str | None:
        """Who published the passage's publication (None when not known)."""
        ...


class Relevance(Protocol):
    """Scores retrieved hits for a question (the extractive answerer's ``relevance``)."""

    def relevance(self, question: str, hits: Sequence[Hit]) -> list[float]:
        """One score per hit, higher is better."""
        ...


class IngestOutcome(Protocol):
    """What an ingest reports back: documents ingested, files skipped, and its JSON form."""

    documents: dict[str, int]
    skipped: list[tuple[str, str]]

    def to_json(self) -> dict[str, Any]:
        """The JSON of `werkwijzer ingest --json`."""
        ...


class Indexer(Protocol):
    """What the API needs from ingestion (implemented in ingest/, wired by the composition root)."""

    def ingest(
        self, *, rebuild: bool = False, progress: Callable[[str, int, int], None] | None = None
    ) -> IngestOutcome:
        """(Re)build the index from the configured sources (ConflictError while another runs);
        ``progress(stage, done, total)`` is called as it goes."""
        ...


class StatementScorer(Protocol):
    """Scores every statement of some passages as an answer to a question (the chat's unit model)."""

    def score(self, question: str, passages: Sequence[Passage]) -> list[ScoredStatement]:
        """One scored statement per sentence, list item and table row of ``passages``, in reading order."""
        ...


class Comparer(Protocol):
    """Compares named cases aspect by aspect (used by the chat for "vergelijk X en Y")."""

    def compare(self, cases: Sequence[str], aspects: Sequence[str] | None = None) -> Comparison:
        """The comparison table of ``cases`` (ids, names or aliases) on ``aspects`` (None: a default set)."""
        ...

    def find_cases(self, text: str) -> list[str]:
        """Ids of the cases ``text`` names, in the order it names them."""
        ...

    def markdown(self, comparison: Comparison) -> str:
        """The table as Markdown (cases as columns, cells marked [n] for their citations)."""
        ...


class CellPicker(Protocol):
    """Fills one comparison cell (the learned cell model in assistant/cases/cells.py)."""

    def choose(self, case: Case, aspect: AspectDef, index: Any) -> tuple[Passage, int, int] | None:
        """The passage and span of the statement for ``aspect`` of ``case``, or None: "niet beschreven".

        ``index`` is the served index version (anything with ``has`` and ``get`` of passages by id).
        """
        ...
