"""Pydantic request and response models of the HTTP API (the shapes in CONTRACT.md)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.types import Citation, Hit, Passage

MAX_QUERY_CHARS = 1000
MAX_K = 50


class PassageOut(BaseModel):
    """A passage as the API shows it."""

    id: str
    document_id: str
    document_title: str
    section: str | None
    page: int | None
    text: str
    score: float

    @classmethod
    def of(cls, passage: Passage, score: float = 0.0) -> PassageOut:
        """From a domain passage."""
        return cls(
            id=passage.id,
            document_id=passage.document_id,
            document_title=passage.document_title,
            section=passage.section,
            page=passage.page,
            text=passage.text,
            score=round(score, 6),
        )

    @classmethod
    def of_hit(cls, hit: Hit) -> PassageOut:
        """From a scored hit."""
        return cls.of(hit.passage, hit.score)


class PassageDetail(PassageOut):
    """A passage with its neighbours in the same publication."""

    previous_id: str | None
    next_id: str | None
    kind: str = "text"
    start: int = 0
    end: int = 0


class CitationOut(BaseModel):
    """A verified citation: ``quote`` occurs verbatim in the passage's text."""

    n: int
    passage_id: str
    document_id: str
    document_title: str
    section: str | None
    page: int | None
    quote: str

    @classmethod
    def of(cls, citation: Citation) -> CitationOut:
        """From a domain citation."""
        return cls(**citation.__dict__)


def _clean_text(value: str, *, what: str, limit: int) -> str:
    if "\x00" in value or any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError(f"the {what} contains control characters or binary data; send plain text")
    if not value.strip():
        raise ValueError(f"the {what} is empty; type a few words")
    if len(value) > limit:
        raise ValueError(f"the {what} is {len(value)} characters long; the limit is {limit}")
    return value


class SearchRequest(BaseModel):
    """POST /api/search body."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(..., description="What to search for, in Dutch or English.")
    k: int = Field(8, ge=1, le=MAX_K, description="How many passages to return.")
    documents: list[str] | None = Field(None, description="Only search these document ids.")

    @field_validator("query")
    @classmethod
    def _query(cls, value: str) -> str:
        return _clean_text(value, what="query", limit=MAX_QUERY_CHARS)


class SearchResponse(BaseModel):
    """POST /api/search result."""

    query: str
    results: list[PassageOut]


class DocumentOut(BaseModel):
    """A publication in the index."""

    id: str
    title: str
    publisher: str | None
    year: int | None
    kind: str | None = None
    passages: int
    pages: int | None = None


class DocumentsResponse(BaseModel):
    """GET /api/documents result."""

    documents: list[DocumentOut]


class ErrorDetail(BaseModel):
    """What went wrong."""

    type: str
    message: str


class ErrorResponse(BaseModel):
    """Body of every 4xx and 5xx response."""

    error: ErrorDetail


class Health(BaseModel):
    """GET /healthz result."""

    status: str
    index_version: str | None = None
    documents: int = 0
    passages: int = 0
    embedding_model: str | None = None
    answer_mode: str | None = None
