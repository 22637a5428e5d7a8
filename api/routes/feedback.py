"""Feedback on answers: POST /api/feedback, GET /api/feedback, GET /api/feedback/export."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

from api.deps import Caller, Feedbacks, Holder
from api.schemas import ErrorResponse
from assistant.records.feedback import MAX_COMMENT_CHARS, Feedback, eval_items
from assistant.search.index import IndexHolder

router = APIRouter(tags=["feedback"])


class FeedbackRequest(BaseModel):
    """POST /api/feedback body: which answer, the rating and an optional comment."""

    model_config = ConfigDict(extra="forbid")

    turn_id: str | None = Field(
        None, description="The answer's turn_id (from /api/chat or the stream's meta event)."
    )
    conversation_id: str | None = Field(
        None,
        description="Instead of turn_id: the conversation; rates its last answer, or answer number `turn`.",
    )
    turn: int | None = Field(
        None, ge=0, description="With conversation_id: 0-based position of the answer."
    )
    rating: Literal["up", "down"] = Field(..., description="Thumbs up or down.")
    comment: str | None = Field(
        None, max_length=MAX_COMMENT_CHARS, description="What was good or wrong."
    )

    @model_validator(mode="after")
    def _which(self) -> FeedbackRequest:
        if not self.turn_id and not self.conversation_id:
            raise ValueError(
                "name the answer: give 'turn_id', or 'conversation_id' (and optionally 'turn')"
            )
        return self


class FeedbackOut(BaseModel):
    """A stored rating with the question and answer it rates."""

    id: str
    turn_id: str
    conversation_id: str
    rating: Literal["up", "down"]
    comment: str | None
    question: str
    answer: str
    status: str
    created: datetime
    updated: datetime

    @classmethod
    def of(cls, fb: Feedback) -> FeedbackOut:
        """From a stored feedback record."""
        return cls(
            id=fb.id,
            turn_id=fb.turn_id,
            conversation_id=fb.conversation_id,
            rating=fb.rating,
            comment=fb.comment,
            question=fb.question,
            answer=fb.answer,
            status=fb.status,
            created=fb.created,
            updated=fb.updated,
        )


class FeedbackList(BaseModel):
    """GET /api/feedback result."""

    feedback: list[FeedbackOut]


def _document_files(holder: IndexHolder) -> dict[str, str]:
    """Document id → corpus file name, so exported sources name files as the eval format wants."""
    try:
        return {d.info.id: d.info.source or d.info.id for d in holder.current().documents()}
    except Exception:  # noqa: BLE001 - no index: ids are still a useful stand-in for file names
        return {}


@router.post(
    "/api/feedback",
    response_model=FeedbackOut,
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
async def post_feedback(
    body: FeedbackRequest, holder: Holder, store: Feedbacks, owner: Caller
) -> FeedbackOut:
    """Rate an answer in one of the caller's conversations up or down, with an optional comment;
    rating it again replaces the earlier rating."""

    def record() -> Feedback:
        return store.record(
            body.turn_id
            or store.turn_of(str(body.conversation_id), position=body.turn, owner=owner),
            rating=body.rating,
            comment=body.comment,
            document_files=_document_files(holder),
            owner=owner,
        )

    return FeedbackOut.of(await run_in_threadpool(record))


@router.get("/api/feedback", response_model=FeedbackList)
async def list_feedback(
    store: Feedbacks,
    owner: Caller,
    conversation_id: Annotated[str | None, Query(description="Only this conversation.")] = None,
    rating: Annotated[Literal["up", "down"] | None, Query(description="Only this rating.")] = None,
) -> FeedbackList:
    """The caller's feedback (an admin key's: all), oldest first."""
    items = await run_in_threadpool(
        lambda: store.list(conversation_id=conversation_id, rating=rating, owner=owner)
    )
    return FeedbackList(feedback=[FeedbackOut.of(f) for f in items])


@router.get(
    "/api/feedback/export",
    response_class=Response,
    responses={
        200: {"content": {"application/x-ndjson": {}}, "description": "One eval question per line."}
    },
)
async def export_feedback(
    store: Feedbacks,
    rating: Annotated[
        Literal["up", "down", "all"],
        Query(description="Which ratings to export (default: thumbs down)."),
    ] = "down",
) -> Response:
    """Everyone's feedback as question lines in the eval format (admin scope; like `werkwijzer feedback export`)."""
    items = await run_in_threadpool(store.list, rating=None if rating == "all" else rating)
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in eval_items(items))
    return Response(lines, media_type="application/x-ndjson")
