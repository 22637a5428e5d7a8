"""Pydantic request and response models of the HTTP API (the shapes in CONTRACT.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.chat.assistant import ChatResult
from assistant.language.validity import invalid_text_reason
from assistant.records.conversations import Conversation, ConversationSummary
from assistant.search.index import DocumentRecord
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
    reason = invalid_text_reason(value)
    if reason is not None:
        raise ValueError(f"the {what} {reason}")
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

    @classmethod
    def of(cls, record: DocumentRecord) -> DocumentOut:
        """From a document as the index records it."""
        info = record.info
        return cls(
            id=info.id,
            title=info.title,
            publisher=info.publisher,
            year=info.year,
            kind=info.kind,
            passages=record.passages,
            pages=record.pages,
        )


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


class ChatRequest(BaseModel):
    """POST /api/chat and /api/chat/stream body."""

    message: str = Field(..., description="The question, in Dutch or English.")
    conversation_id: str | None = Field(
        None, description="Continue this conversation (a follow-up); empty starts a new one."
    )
    documents: list[str] | None = Field(
        None, description="Only answer from these publications (document ids); empty means all."
    )


class ChatResponse(BaseModel):
    """POST /api/chat result (and the data of the stream's `done` event)."""

    conversation_id: str
    turn_id: str = Field(..., description="Id of this question-and-answer turn (for feedback).")
    status: Literal["answered", "not_found"]
    answer: str = Field(..., description="The answer; claims are marked [n], each n one citation's n.")
    citations: list[CitationOut]
    passages: list[PassageOut] = Field(..., description="Passages the answer drew on, best first.")
    standalone_question: str | None = Field(
        None, description="The follow-up rewritten as a standalone question, when it was rewritten."
    )
    notice: str | None = Field(None, description="E.g. that the LLM failed and the answer is extractive.")

    @classmethod
    def of(cls, result: ChatResult) -> ChatResponse:
        """From the assistant's result."""
        a = result.answer
        return cls(
            conversation_id=result.conversation_id,
            turn_id=result.turn_id,
            status=a.status,
            answer=a.text,
            citations=[CitationOut.of(c) for c in a.citations],
            passages=[PassageOut.of_hit(h) for h in a.hits],
            standalone_question=a.standalone_question,
            notice=a.notice,
        )


class ConversationOut(BaseModel):
    """A conversation in the list."""

    id: str
    title: str
    created: datetime
    updated: datetime
    turns: int

    @classmethod
    def of(cls, summary: ConversationSummary) -> ConversationOut:
        """From a stored conversation summary."""
        return cls(**summary.__dict__)


class ConversationsResponse(BaseModel):
    """GET /api/conversations result, most recently updated first."""

    conversations: list[ConversationOut]


class MessageOut(BaseModel):
    """One message of a conversation: the user's question or the assistant's answer."""

    role: Literal["user", "assistant"]
    content: str
    turn_id: str
    created: datetime
    status: Literal["answered", "not_found"] | None = None
    citations: list[CitationOut] = Field(default_factory=list)
    passages: list[PassageOut] = Field(default_factory=list)
    standalone_question: str | None = None
    notice: str | None = None


class ConversationDetail(BaseModel):
    """GET /api/conversations/{id} result."""

    id: str
    title: str
    created: datetime
    updated: datetime
    messages: list[MessageOut]

    @classmethod
    def of(cls, conversation: Conversation) -> ConversationDetail:
        """From a stored conversation."""
        messages: list[MessageOut] = []
        for t in conversation.turns:
            messages.append(MessageOut(role="user", content=t.question, turn_id=t.id, created=t.created))
            messages.append(
                MessageOut(
                    role="assistant",
                    content=t.answer,
                    turn_id=t.id,
                    created=t.created,
                    status=t.status,
                    citations=[CitationOut.of(c) for c in t.citations],
                    passages=[PassageOut.of_hit(h) for h in t.hits],
                    standalone_question=t.standalone_question,
                    notice=t.notice,
                )
            )
        return cls(
            id=conversation.id,
            title=conversation.title,
            created=conversation.created,
            updated=conversation.updated,
            messages=messages,
        )


class ConversationPatch(BaseModel):
    """PATCH /api/conversations/{id} body."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(..., description="The new title.")

class PassageCounts(BaseModel):
    """How an ingest changed the passages."""

    added: int
    unchanged: int
    removed: int


class SkippedFile(BaseModel):
    """A file an ingest could not use, and why."""

    file: str
    reason: str


class IngestReportOut(BaseModel):
    """What one ingest run did (the JSON of `werkwijzer ingest --json`)."""

    files: int
    pages: int
    passages: PassageCounts
    skipped: list[SkippedFile]
    documents: dict[str, int]
    seconds: float
    version: str | None
    rebuilt: bool


class UploadResponse(BaseModel):
    """POST /api/admin/documents result: the new document and the ingest that added it."""

    document: DocumentOut
    ingest: IngestReportOut


class JobOut(BaseModel):
    """An admin job (an upload being ingested): its state, progress and result or failure."""

    id: str
    kind: str
    document_id: str | None
    state: Literal["queued", "running", "done", "failed"]
    stage: str | None = Field(None, description="reading, embedding ... while running")
    done: int
    total: int
    message: str | None = Field(None, description="Why the job failed (the file was set aside).")
    result: UploadResponse | None = None
    created: datetime
    updated: datetime


class UploadAccepted(BaseModel):
    """POST /api/admin/documents result (202): the job that ingests the upload; poll ``status_url``."""

    job: JobOut
    status_url: str


class DeleteResponse(BaseModel):
    """DELETE /api/admin/documents/{id} result."""

    deleted: str
    ingest: IngestReportOut


class IngestResponse(BaseModel):
    """POST /api/admin/ingest and /api/admin/rebuild result."""

    ingest: IngestReportOut
