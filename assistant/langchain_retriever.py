"""A LangChain retriever over Werkwijzer's hybrid search, for other LangChain applications."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.types import Hit, Passage


class PassageSearch(Protocol):
    """What the retriever needs: the core's ``LearnedRetriever.search``."""

    def search(self, query: str, *, k: int, document_ids: Sequence[str] | None = None) -> list[Hit]:
        """The top ``k`` passages for ``query``, best first."""
        ...


def passage_document(passage: Passage, score: float) -> Document:
    """A passage as a LangChain Document: text as content, the contract's Passage fields as metadata."""
    return Document(
        id=passage.id,
        page_content=passage.text,
        metadata={
            "id": passage.id,
            "document_id": passage.document_id,
            "document_title": passage.document_title,
            "section": passage.section,
            "page": passage.page,
            "score": score,
        },
    )


class WerkwijzerRetriever(BaseRetriever):
    """LangChain ``BaseRetriever`` over the core's hybrid (dense + BM25) retrieval.

    Example::

        core = werkwijzer.compose.build_app_core(Settings())
        retriever = WerkwijzerRetriever(search=core.search, k=5)
        docs = retriever.invoke("Wat is een werkfit-traject?")
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    search: Any = Field(
        description="The core's retriever (anything with the PassageSearch method)."
    )
    k: int = Field(5, ge=1, le=50, description="Passages returned per query.")
    document_ids: list[str] | None = Field(None, description="Only search these documents.")

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.search.search(query, k=self.k, document_ids=self.document_ids)
        return [passage_document(h.passage, h.score) for h in hits]
