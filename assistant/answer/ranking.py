"""Search reranking by the extractive answer: the passages an answer would quote come first."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.ports import Relevance
from assistant.types import Hit, Passage


class AnswerReranker:
    """A ``Reranker`` (see ``assistant.ports``) that orders search candidates as the chat answer
    reads them: quoted passages first, then by coverage of the question's terms; no model needed."""

    def __init__(self, answerer: Relevance) -> None:
        self._answerer = answerer

    def score(self, query: str, passages: Sequence[Passage]) -> list[float]:
        """One relevance score per passage (given in retrieval order, which breaks ties)."""
        if not passages:
            return []
        return self._answerer.relevance(query, [Hit(p, 0.0) for p in passages])
