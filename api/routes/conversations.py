"""Stored conversations: list, read, rename and delete them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from api.deps import Chat
from api.schemas import (
    ConversationDetail,
    ConversationOut,
    ConversationPatch,
    ConversationsResponse,
    ErrorResponse,
)

router = APIRouter(tags=["conversations"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse, "description": "Unknown conversation id"}}


@router.get("/api/conversations", response_model=ConversationsResponse)
async def list_conversations(chat: Chat) -> ConversationsResponse:
    """Every conversation, most recently updated first."""
    summaries = await run_in_threadpool(chat.conversations.list)
    return ConversationsResponse(conversations=[ConversationOut.of(s) for s in summaries])


@router.get(
    "/api/conversations/{conversation_id}", response_model=ConversationDetail, responses=_NOT_FOUND
)
async def get_conversation(conversation_id: str, chat: Chat) -> ConversationDetail:
    """A conversation with its messages (questions and answers with citations and passages)."""
    return ConversationDetail.of(await run_in_threadpool(chat.conversations.get, conversation_id))


@router.patch(
    "/api/conversations/{conversation_id}",
    response_model=ConversationOut,
    responses={**_NOT_FOUND, 422: {"model": ErrorResponse}},
)
async def rename_conversation(
    conversation_id: str, body: ConversationPatch, chat: Chat
) -> ConversationOut:
    """Give a conversation a new title."""
    return ConversationOut.of(
        await run_in_threadpool(chat.conversations.rename, conversation_id, body.title)
    )


@router.delete("/api/conversations/{conversation_id}", status_code=204, responses=_NOT_FOUND)
async def delete_conversation(conversation_id: str, chat: Chat) -> Response:
    """Delete a conversation and all its turns."""
    await run_in_threadpool(chat.conversations.delete, conversation_id)
    return Response(status_code=204)
