"""The Assistant: validate → redact → condense → retrieve → answer (citations verified) → store."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from assistant.conversation import ConversationStore, default_title
from assistant.errors import InvalidInputError
from assistant.followup import Condenser
from assistant.ports import Answerer
from assistant.privacy import redact
from assistant.types import Answer, Citation, Hit, Passage, Turn

log = logging.getLogger("werkwijzer.chat")

#: Control characters other than tab and line breaks mean binary data, not a typed message.
_ALLOWED_CONTROL = frozenset("\t\n\r")
_CONTROL_LIMIT = 32


class Retriever(Protocol):
    """What the assistant needs from retrieval."""

    def search(self, query: str, *, k: int, document_ids: Sequence[str] | None = None) -> list[Hit]:
        """The top ``k`` passages for ``query``, best first."""
        ...


@dataclass(frozen=True)
class ChatResult:
    """One answered message: where it is stored and what was answered."""

    conversation_id: str
    turn_id: str
    question: str  # as stored: redacted
    answer: Answer

    @property
    def passages(self) -> tuple[Hit, ...]:
        """The passages the answer drew on (closest ones when not found), best first."""
        return self.answer.hits


EventName = Literal["meta", "passages", "delta", "citations", "done"]


@dataclass(frozen=True)
class ChatEvent:
    """One step of a streamed answer (see docs/ARCHITECTURE.md, chat streaming)."""

    name: EventName
    conversation_id: str
    turn_id: str
    text: str = ""
    hits: tuple[Hit, ...] = ()
    citations: tuple[Citation, ...] = ()
    result: ChatResult | None = None


def check_message(message: object, *, limit: int) -> str:
    """The message if it is usable text; InvalidInputError (422) with what to fix otherwise."""
    if not isinstance(message, str):
        raise InvalidInputError("The message must be text.")
    if (
        any(ord(c) < _CONTROL_LIMIT and c not in _ALLOWED_CONTROL for c in message)
        or "\ufffd" in message
    ):
        raise InvalidInputError(
            "The message contains control characters or binary data; send plain text."
        )
    if not message.strip():
        raise InvalidInputError("The message is empty; type a question.")
    if len(message) > limit:
        raise InvalidInputError(
            f"The message is {len(message)} characters long; the limit is {limit}. Ask a shorter question."
        )
    return message.strip()


class Assistant:
    """Answers chat messages inside conversations; every step is a collaborator passed in."""

    def __init__(
        self,
        retriever: Retriever,
        answerer: Answerer,
        *,
        conversations: ConversationStore,
        condenser: Condenser,
        retrieve_k: int,
        history_turns: int,
        max_message_chars: int,
    ) -> None:
        self._retriever = retriever
        self._answerer = answerer
        self.conversations = conversations
        self._condenser = condenser
        self._k = retrieve_k
        self._history_turns = history_turns
        self._limit = max_message_chars

    def ask(
        self,
        message: str,
        *,
        conversation_id: str | None = None,
        documents: Sequence[str] | None = None,
    ) -> ChatResult:
        """Answer ``message`` (a follow-up when ``conversation_id`` is given) and store the turn.

        ``documents`` limits the passages to these document ids (None: all).
        """
        question, history = self._prepare(message, conversation_id)
        standalone = self._condenser.condense(question, history)
        hits = self._retrieve(standalone, documents)
        answer = self._answerer.answer(standalone, hits, history=history)
        return self._store(conversation_id, uuid.uuid4().hex, question, standalone, answer)

    def stream(
        self,
        message: str,
        *,
        conversation_id: str | None = None,
        documents: Sequence[str] | None = None,
    ) -> Iterator[ChatEvent]:
        """The same as ``ask``, as events: meta, passages, deltas, citations, done."""
        question, history = self._prepare(message, conversation_id)
        turn_id = uuid.uuid4().hex
        cid = conversation_id or self.conversations.create(default_title(question))
        yield ChatEvent("meta", cid, turn_id)
        standalone = self._condenser.condense(question, history)
        hits = self._retrieve(standalone, documents)
        yield ChatEvent("passages", cid, turn_id, hits=tuple(hits))
        answer: Answer | None = None
        for item in self._answerer.stream(standalone, hits, history=history):
            if isinstance(item, Answer):
                answer = item
            elif item:
                yield ChatEvent("delta", cid, turn_id, text=item)
        if answer is None:
            raise RuntimeError("the answerer's stream ended without an answer")
        result = self._store(cid, turn_id, question, standalone, answer)
        yield ChatEvent("citations", cid, turn_id, citations=result.answer.citations)
        yield ChatEvent("done", cid, turn_id, result=result)

    def warm(self, passages: Sequence[Passage]) -> None:
        """Prepare the answerer's caches for these passages, when it has any (before serving)."""
        warm = getattr(self._answerer, "warm", None)
        if callable(warm):
            warm(passages)

    def _prepare(self, message: str, conversation_id: str | None) -> tuple[str, list[Turn]]:
        text = check_message(message, limit=self._limit)
        redaction = redact(text)
        if redaction.changed:
            log.info("redacted %s from a question", ", ".join(redaction.kinds))
        log.debug("question: %s", redaction.text)
        history: list[Turn] = []
        if conversation_id is not None:
            self.conversations.require(conversation_id)
            history = self.conversations.history(conversation_id, limit=self._history_turns)
        return redaction.text, history

    def _retrieve(self, query: str, documents: Sequence[str] | None = None) -> list[Hit]:
        return self._retriever.search(query, k=self._k, document_ids=documents or None)

    def _store(
        self,
        conversation_id: str | None,
        turn_id: str,
        question: str,
        standalone: str,
        answer: Answer,
    ) -> ChatResult:
        if standalone != question:
            answer = dataclasses.replace(answer, standalone_question=standalone)
        cid, _ = self.conversations.record(
            conversation_id,
            question=question,
            answer=answer,
            turn_id=turn_id,
            title=default_title(question),
        )
        return ChatResult(cid, turn_id, question, answer)
