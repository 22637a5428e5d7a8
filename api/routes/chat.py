"""Questions and answers: POST /api/chat and POST /api/chat/stream (server-sent events)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import Caller, Chat
from api.schemas import ChatRequest, ChatResponse, CitationOut, ErrorResponse, PassageOut
from assistant.chat.assistant import ChatEvent
from assistant.errors import WerkwijzerError

router = APIRouter(tags=["chat"])
log = logging.getLogger("werkwijzer.api")

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unknown conversation_id"},
    422: {"model": ErrorResponse, "description": "Empty, too long or binary message"},
    503: {"model": ErrorResponse},
}


@router.post("/api/chat", response_model=ChatResponse, responses=_ERRORS)
async def chat(body: ChatRequest, chat: Chat, owner: Caller) -> ChatResponse:
    """Answer a question with verified citations; a conversation_id (one of the caller's) makes it a follow-up."""
    result = await run_in_threadpool(
        lambda: chat.ask(
            body.message,
            conversation_id=body.conversation_id,
            documents=body.documents,
            owner=owner,
        )
    )
    return ChatResponse.of(result)


def sse(event: str, data: object) -> str:
    """One server-sent event."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _event_data(event: ChatEvent) -> object:
    if event.name == "meta":
        return {"conversation_id": event.conversation_id, "turn_id": event.turn_id}
    if event.name == "passages":
        return {"passages": [PassageOut.of_hit(h).model_dump() for h in event.hits]}
    if event.name == "delta":
        return {"text": event.text}
    if event.name == "citations":
        return {"citations": [CitationOut.of(c).model_dump() for c in event.citations]}
    assert event.result is not None
    return ChatResponse.of(event.result).model_dump()


def _render(first: ChatEvent, events: Iterator[ChatEvent]) -> Iterator[str]:
    yield sse(first.name, _event_data(first))
    try:
        for event in events:
            yield sse(event.name, _event_data(event))
    except WerkwijzerError as e:
        yield sse("error", {"error": {"type": e.kind, "message": str(e)}})
    except Exception:  # noqa: BLE001 - the stream has started: report in-band, never a stack trace
        log.exception("chat stream failed")
        yield sse(
            "error",
            {"error": {"type": "internal", "message": "Something went wrong on the server."}},
        )


@router.post(
    "/api/chat/stream",
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "Server-sent events"},
        **_ERRORS,
    },
)
async def chat_stream(body: ChatRequest, chat: Chat, owner: Caller) -> StreamingResponse:
    """The answer as server-sent events: meta, passages, delta…, citations, done (or error)."""
    events = chat.stream(
        body.message, conversation_id=body.conversation_id, documents=body.documents, owner=owner
    )
    # The first step validates the message and the conversation, so bad input is a plain 4xx response.
    first = await run_in_threadpool(next, events)
    return StreamingResponse(
        _render(first, events),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
