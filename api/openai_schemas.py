"""Request and response models of the OpenAI-compatible API (/v1/models, /v1/chat/completions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StrictBool, StrictInt, field_validator

from api.schemas import CitationOut, PassageOut
from assistant.chat.assistant import check_message
from assistant.errors import InvalidInputError
from assistant.types import Turn

#: The one model this server offers: the configured answer path (extractive, or the LLM).
MODEL_ID = "werkwijzer"
OWNER = "werkwijzer"

StrictFloat = Annotated[float, Strict()]
Role = Literal["system", "developer", "user", "assistant"]


class ContentPart(BaseModel):
    """One part of a message's content; only ``{"type": "text", "text": ...}`` parts can be used."""

    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    """One message of the conversation the client sends."""

    role: Role = Field(
        ...,
        description="user: a question; assistant: an earlier answer; system/developer: ignored.",
    )
    content: str | list[ContentPart] | None = Field(
        None, description="Text, or a list of text parts (joined with line breaks)."
    )
    name: str | None = None

    @field_validator("content", mode="before")
    @classmethod
    def _content(cls, value: object) -> object:
        if value is not None and not isinstance(value, str | list):
            raise ValueError("content must be a string or a list of text parts")
        return value


class StreamOptions(BaseModel):
    """Options of a streamed completion."""

    include_usage: StrictBool = Field(
        False, description="Send a last chunk with the token counts (and no choices) before [DONE]."
    )


class ChatCompletionRequest(BaseModel):
    """POST /v1/chat/completions body.

    Fields not listed are accepted and ignored, as OpenAI-compatible servers do; the sampling
    fields are accepted for compatibility and do not change the answer.
    """

    model: str = Field(
        ...,
        description=f"The model id; this server has {MODEL_ID!r} (GET /v1/models).",
        examples=[MODEL_ID],
    )
    messages: list[ChatMessage] = Field(
        ...,
        min_length=1,
        description="The conversation, oldest first; the last message is the user's question.",
    )
    stream: StrictBool = Field(
        False, description="Send the answer as server-sent chat.completion.chunk events."
    )
    stream_options: StreamOptions | None = None
    temperature: StrictFloat | None = Field(None, ge=0, le=2, description="Accepted; ignored.")
    top_p: StrictFloat | None = Field(None, ge=0, le=1, description="Accepted; ignored.")
    n: StrictInt = Field(1, ge=1, le=1, description="Werkwijzer gives one answer per request.")
    max_tokens: StrictInt | None = Field(None, ge=1, description="Accepted; answers are never cut.")
    max_completion_tokens: StrictInt | None = Field(
        None, ge=1, description="Accepted; answers are never cut."
    )
    stop: str | list[str] | None = Field(None, description="Accepted; ignored.")
    presence_penalty: StrictFloat | None = Field(
        None, ge=-2, le=2, description="Accepted; ignored."
    )
    frequency_penalty: StrictFloat | None = Field(
        None, ge=-2, le=2, description="Accepted; ignored."
    )
    seed: StrictInt | None = Field(None, description="Accepted; answers are deterministic anyway.")
    user: str | None = Field(None, description="Accepted; ignored.")
    documents: list[str] | None = Field(
        None,
        description="Werkwijzer extension: only answer from these publications (document ids).",
    )


class Usage(BaseModel):
    """Token counts, estimated as words and punctuation marks (not an LLM tokenizer's tokens)."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int

    @classmethod
    def of(cls, prompt: int, completion: int) -> Usage:
        """From the two counts."""
        return cls(
            prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion
        )


class WerkwijzerInfo(BaseModel):
    """Werkwijzer's extension of a completion: what /api/chat says beyond the text."""

    status: Literal["answered", "not_found"]
    passages: list[PassageOut] = Field(
        ...,
        description="Passages the answer drew on, best first; with not_found, the closest ones.",
    )
    standalone_question: str | None = Field(
        None, description="The follow-up rewritten as a standalone question, when it was rewritten."
    )
    notice: str | None = Field(
        None, description="E.g. that the LLM failed and the answer is extractive."
    )


class AssistantMessage(BaseModel):
    """The answer as a chat message."""

    role: Literal["assistant"] = "assistant"
    content: str = Field(
        ..., description="The answer; claims are marked [n], each n one citation's n."
    )


class Choice(BaseModel):
    """The one answer of a completion."""

    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class ChatCompletion(BaseModel):
    """POST /v1/chat/completions result (stream false)."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    citations: list[CitationOut] = Field(
        ..., description="Werkwijzer extension: the verified citations of the [n] markers."
    )
    werkwijzer: WerkwijzerInfo


class Delta(BaseModel):
    """What one chunk adds to the answer."""

    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    """The answer's part in one chunk."""

    index: int = 0
    delta: Delta
    finish_reason: Literal["stop"] | None = None
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    """One server-sent event of a streamed completion (the data of a `data:` line)."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None
    citations: list[CitationOut] | None = Field(
        None, description="On the chunk with finish_reason 'stop': the verified citations."
    )
    werkwijzer: WerkwijzerInfo | None = Field(
        None, description="On the chunk with finish_reason 'stop'."
    )


class ModelCard(BaseModel):
    """A model this server offers."""

    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = OWNER


class ModelList(BaseModel):
    """GET /v1/models result."""

    object: Literal["list"] = "list"
    data: list[ModelCard]


def message_text(message: ChatMessage, *, where: str) -> str:
    """The text of a message: its content, or its text parts joined by line breaks."""
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    texts = []
    for i, part in enumerate(message.content):
        if part.type != "text" or part.text is None:
            raise InvalidInputError(
                f"{where}.content.{i} is a part of type {part.type!r}; Werkwijzer reads text "
                'only: send {"type": "text", "text": "..."} parts or a string.'
            )
        texts.append(part.text)
    return "\n".join(texts)


def dialogue(messages: Sequence[ChatMessage], *, limit: int) -> tuple[str, list[Turn]]:
    """The question (the last message, the user's) and the turns before it; drops system messages.

    Every user message must be usable text of at most ``limit`` characters; an assistant message
    answers the user message before it (one without a question before it is skipped).
    """
    talk = [(i, m) for i, m in enumerate(messages) if m.role in ("user", "assistant")]
    if not talk or all(m.role != "user" for _, m in talk):
        raise InvalidInputError(
            'There is no user message: send the question as {"role": "user", "content": "..."}.'
        )
    last_index, last = talk[-1]
    if last.role != "user":
        raise InvalidInputError(
            f"The last message (messages.{last_index}) has role {last.role!r}; "
            "the last message must be the user's question."
        )
    turns: list[Turn] = []
    pending: str | None = None
    question = ""
    for i, message in talk:
        where = f"messages.{i}"
        text = message_text(message, where=where)
        if message.role == "assistant":
            if pending is not None:
                turns.append(Turn(question=pending, answer=text))
            pending = None
            continue
        try:
            question = check_message(text, limit=limit)
        except InvalidInputError as e:
            raise InvalidInputError(f"{where}: {e}") from e
        if pending is not None:
            turns.append(Turn(question=pending, answer=""))
        pending = question
    return question, turns
