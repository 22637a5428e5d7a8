"""The OpenAI-compatible surface: GET /v1/models and POST /v1/chat/completions (plain or streamed).

Answers come from the same Assistant as /api/chat, statelessly: the client sends the conversation.
A streamed answer is sent sentence by sentence as the answerer verifies it (the protocol cannot take
back text already streamed, so only checked statements are sent; citations come with the last chunk).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import AppSettings, Chat, Index
from api.links import strip_unsafe_links
from api.openai_schemas import (
    MODEL_ID,
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    Choice,
    ChunkChoice,
    Delta,
    ModelCard,
    ModelList,
    Usage,
    WerkwijzerInfo,
    dialogue,
    message_text,
)
from api.schemas import CitationOut, ErrorResponse, PassageOut
from assistant.chat.assistant import Assistant
from assistant.config import Settings
from assistant.errors import NotFoundError, WerkwijzerError
from assistant.search.index import LoadedIndex
from assistant.types import Answer

router = APIRouter(tags=["openai"])
log = logging.getLogger("werkwijzer.api")

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "Unknown model (GET /v1/models lists them)"},
    422: {"model": ErrorResponse, "description": "No user question, empty, too long or not text"},
    503: {"model": ErrorResponse, "description": "No usable index"},
}
_DONE = "data: [DONE]\n\n"
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _created(index: LoadedIndex) -> int:
    """When the served index was built, as a Unix time (0 when the manifest does not say)."""
    try:
        return int(datetime.fromisoformat(index.manifest.created).timestamp())
    except ValueError:
        return 0


def _require_model(model_id: str) -> None:
    if model_id != MODEL_ID:
        raise NotFoundError(
            f"There is no model {model_id!r}; this server has {MODEL_ID!r} (GET /v1/models)."
        )


@router.get("/v1/models", response_model=ModelList, responses={503: _ERRORS[503]})
def list_models(index: Index) -> ModelList:
    """The models this server offers: one, the configured answer path."""
    return ModelList(data=[ModelCard(id=MODEL_ID, created=_created(index))])


@router.get("/v1/models/{model_id}", response_model=ModelCard, responses=_ERRORS)
def get_model(model_id: str, index: Index) -> ModelCard:
    """One model (404 for any id but the one this server has)."""
    _require_model(model_id)
    return ModelCard(id=MODEL_ID, created=_created(index))


@dataclass(frozen=True)
class _Completion:
    """One answered request, ready to be rendered whole or as chunks."""

    id: str
    created: int
    answer: Answer
    usage: Usage

    def info(self) -> WerkwijzerInfo:
        return WerkwijzerInfo(
            status=self.answer.status,
            passages=[PassageOut.of_hit(h) for h in self.answer.hits],
            standalone_question=self.answer.standalone_question,
            notice=self.answer.notice,
        )

    @property
    def text(self) -> str:
        """The answer as sent: OpenAI clients render Markdown, so no javascript: (or other unsafe) links."""
        return strip_unsafe_links(self.answer.text)

    def citations(self) -> list[CitationOut]:
        return [CitationOut.of(c) for c in self.answer.citations]

    def whole(self) -> ChatCompletion:
        return ChatCompletion(
            id=self.id,
            created=self.created,
            model=MODEL_ID,
            choices=[Choice(message=AssistantMessage(content=self.text))],
            usage=self.usage,
            citations=self.citations(),
            werkwijzer=self.info(),
        )

    def ending(self, *, include_usage: bool) -> Iterator[ChatCompletionChunk]:
        """finish_reason with the citations (and the usage when asked)."""
        yield _chunk(
            self.id,
            self.created,
            [ChunkChoice(delta=Delta(), finish_reason="stop")],
            citations=self.citations(),
            werkwijzer=self.info(),
        )
        if include_usage:
            yield _chunk(self.id, self.created, [], usage=self.usage)


def _chunk(ident: str, created: int, choices: list[ChunkChoice], **extra: Any) -> ChatCompletionChunk:
    return ChatCompletionChunk(id=ident, created=created, model=MODEL_ID, choices=choices, **extra)


def _live_chunks(
    items: Iterator[str | Answer], prompt_tokens: int, *, include_usage: bool
) -> Iterator[ChatCompletionChunk]:
    """Chunks as the answerer verifies its sentences: role, each verified delta, then the ending.

    Sent text cannot be taken back here: when the Answer does not continue what was sent (an LLM
    answer nothing of which could be verified, replaced by the extractive one), the Answer follows
    after a blank line, with its notice, so the citations sent last match the text they number.
    """
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    yield _chunk(ident, created, [ChunkChoice(delta=Delta(role="assistant", content=""))])
    sent = ""
    for item in items:
        if isinstance(item, Answer):
            if not item.text.startswith(sent):
                after = "\n\n".join(x for x in (item.notice, item.text) if x)
                yield _content(ident, created, f"\n\n{after}" if sent.strip() else after)
            elif len(item.text) > len(sent):  # the answerer left its text's end unsent
                yield _content(ident, created, item.text[len(sent) :])
            usage = Usage.of(prompt_tokens, count_tokens([item.text]))
            yield from _Completion(ident, created, item, usage).ending(include_usage=include_usage)
            return
        sent += item
        yield _content(ident, created, item)


def _content(ident: str, created: int, text: str) -> ChatCompletionChunk:
    return _chunk(ident, created, [ChunkChoice(delta=Delta(content=strip_unsafe_links(text)))])


def _stream(events: Iterator[ChatCompletionChunk]) -> Iterator[str]:
    # Sync: the answer is still being written, so Starlette pulls each chunk in a worker thread.
    try:
        for chunk in events:
            yield _event(chunk)
    except WerkwijzerError as e:  # the stream has started: report in-band, as OpenAI does
        yield f"data: {json.dumps({'error': {'type': e.kind, 'message': str(e)}}, ensure_ascii=False)}\n\n"
    except Exception:  # noqa: BLE001 - never a stack trace to the client
        log.exception("completion stream failed")
        error = {"error": {"type": "internal", "message": "Something went wrong on the server."}}
        yield f"data: {json.dumps(error)}\n\n"
    yield _DONE


def _event(chunk: ChatCompletionChunk) -> str:
    data = chunk.model_dump()
    # As OpenAI does: the extras only where they are set, and a delta with only what it adds.
    for name in ("usage", "citations", "werkwijzer"):
        if data[name] is None:
            del data[name]
    for choice in data["choices"]:
        choice["delta"] = {k: v for k, v in choice["delta"].items() if v is not None}
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"




def count_tokens(texts: Sequence[str]) -> int:
    """Estimated tokens: words and punctuation marks (no LLM tokenizer runs here)."""
    return sum(len(_TOKEN.findall(t)) for t in texts)


def _complete(body: ChatCompletionRequest, chat: Assistant, settings: Settings) -> _Completion:
    question, history = dialogue(body.messages, limit=settings.max_message_chars)
    prompt = [message_text(m, where=f"messages.{i}") for i, m in enumerate(body.messages)]
    answer = chat.reply(question, history=history, documents=body.documents)
    usage = Usage.of(count_tokens(prompt), count_tokens([answer.text]))
    return _Completion(f"chatcmpl-{uuid.uuid4().hex}", int(time.time()), answer, usage)


@router.post(
    "/v1/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
            "description": "A chat.completion; with stream true, chat.completion.chunk events "
            "and then [DONE].",
        },
        **_ERRORS,
    },
)
async def chat_completions(
    body: ChatCompletionRequest, chat: Chat, settings: AppSettings
) -> ChatCompletion | StreamingResponse:
    """Answer the last user message with verified citations; earlier messages are the history."""
    _require_model(body.model)
    if not body.stream:
        completion = await run_in_threadpool(_complete, body, chat, settings)
        return completion.whole()
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    # Checked here, before the first byte, so bad input still gets its HTTP error.
    question, history = dialogue(body.messages, limit=settings.max_message_chars)
    prompt = [message_text(m, where=f"messages.{i}") for i, m in enumerate(body.messages)]
    items = await run_in_threadpool(
        chat.reply_stream, question, history=history, documents=body.documents
    )
    return StreamingResponse(
        _stream(_live_chunks(items, count_tokens(prompt), include_usage=include_usage)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
