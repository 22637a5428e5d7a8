"""Stored conversations: list, read, rename and delete them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from api.deps import Caller, Chat
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
async def list_conversations(chat: Chat, owner: Caller) -> ConversationsResponse:
    """The caller's conversations (an admin key's: all), most recently updated first."""
    summaries = await run_in_threadpool(lambda: chat.conversations.list(owner=owner))
    return ConversationsResponse(conversations=[ConversationOut.of(s) for s in summaries])


@router.get(
    "/api/conversations/{conversation_id}", response_model=ConversationDetail, responses=_NOT_FOUND
)
async def get_conversation(conversation_id: str, chat: Chat, owner: Caller) -> ConversationDetail:
    """One of the caller's conversations with its messages (questions and answers with citations and passages)."""
    conversation = await run_in_threadpool(lambda: chat.conversations.get(conversation_id, owner=owner))
    return ConversationDetail.of(conversation)


@router.patch(
    "/api/conversations/{conversation_id}",
    response_model=ConversationOut,
    responses={**_NOT_FOUND, 422: {"model": ErrorResponse}},
)
async def rename_conversation(
    conversation_id: str, body: ConversationPatch, chat: Chat, owner: Caller
) -> ConversationOut:
    """Give one of the caller's conversations a new title (redacted like questions)."""
    return ConversationOut.of(
        await run_in_threadpool(
            lambda: chat.conversations.rename(conversation_id, body.title, owner=owner)
        )
    )


@router.delete("/api/conversations/{conversation_id}", status_code=204, responses=_NOT_FOUND)
async def delete_conversation(conversation_id: str, chat: Chat, owner: Caller) -> Response:
    """Delete one of the caller's conversations, all its turns and the feedback on them."""
    await run_in_threadpool(lambda: chat.conversations.delete(conversation_id, owner=owner))
    return Response(status_code=204)
