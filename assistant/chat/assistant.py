"""The Assistant: validate → redact → condense → retrieve → answer (citations verified) → store."""

from __future__ import annotations

import dataclasses
import logging
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.errors import InvalidInputError
from assistant.language.privacy import redact
from assistant.language.validity import check_text
from assistant.ports import Answerer, Comparer, Condenser, Retriever
from assistant.records.conversations import ConversationStore, default_title
from assistant.records.owners import OPERATOR, Owner
from assistant.types import Answer, Citation, Hit, Passage, Turn

log = logging.getLogger("werkwijzer.chat")

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
    check_text(message, what="message")
    if not message.strip():
        raise InvalidInputError("The message is empty; type a question.")
    if len(message) > limit:
        raise InvalidInputError(
            f"The message is {len(message)} characters long; the limit is {limit}. Ask a shorter question."
        )
    return message.strip()


#: A message asking for a comparison ("vergelijk Pastiel en Driekant", "Vergelijk de aanpak van ...").
_COMPARE = re.compile(r"^\s*(?:kun je |wil je )?(?:vergelijk|compare)\b", re.IGNORECASE)
#: A comparison a person can read has at most this many columns.
_MAX_COMPARED = 6


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
        replay_condenser: Condenser | None = None,
        comparer: Comparer | None = None,
    ) -> None:
        self._retriever = retriever
        self._answerer = answerer
        self.conversations = conversations
        self._condenser = condenser
        # Rewrites the earlier questions of a history the caller keeps (see reply); a rule-based one
        # keeps an LLM from being called once per earlier follow-up on every request.
        self._replay_condenser = replay_condenser or condenser
        self._k = retrieve_k
        self._history_turns = history_turns
        self._limit = max_message_chars
        self._comparer = comparer

    def ask(
        self,
        message: str,
        *,
        conversation_id: str | None = None,
        documents: Sequence[str] | None = None,
        owner: Owner = OPERATOR,
    ) -> ChatResult:
        """Answer ``message`` (a follow-up when ``conversation_id`` is given) and store the turn.

        ``documents`` limits the passages to these document ids (None: all); a new conversation
        belongs to ``owner``, and only ``owner``'s conversations can be continued.
        """
        question, history = self._prepare(message, conversation_id, owner)
        answer = self._answer(question, history, documents)
        return self._store(conversation_id, uuid.uuid4().hex, question, answer, owner)

    def reply(
        self,
        message: str,
        *,
        history: Sequence[Turn] = (),
        documents: Sequence[str] | None = None,
    ) -> Answer:
        """Answer ``message`` after ``history``, a conversation the caller keeps; nothing is stored.

        For stateless clients (the OpenAI-compatible API). The history's questions are redacted and
        rewritten one after the other, as if they had been asked here, so a follow-up of a follow-up
        finds its subject as in a stored conversation. Only the last ``history_turns`` turns count.
        """
        question = self._question(message)
        return self._answer(question, self._replay(history), documents)

    def reply_stream(
        self,
        message: str,
        *,
        history: Sequence[Turn] = (),
        documents: Sequence[str] | None = None,
    ) -> Iterator[str | Answer]:
        """``reply`` as text deltas while the answer is written, then the Answer (nothing stored).

        The message is checked before the first item, so bad input raises before anything is sent.
        """
        question = self._question(message)
        replayed = self._replay(history)
        return self._reply_items(question, replayed, documents)

    def _reply_items(
        self, question: str, history: Sequence[Turn], documents: Sequence[str] | None
    ) -> Iterator[str | Answer]:
        standalone, hits = self._find(question, history, documents)
        for item in self._answerer.stream(standalone, hits, history=history):
            if isinstance(item, Answer):
                yield _with_standalone(item, question, standalone)
            elif item:
                yield item

    def stream(
        self,
        message: str,
        *,
        conversation_id: str | None = None,
        documents: Sequence[str] | None = None,
        owner: Owner = OPERATOR,
    ) -> Iterator[ChatEvent]:
        """The same as ``ask``, as events: meta, passages, deltas, citations, done."""
        question, history = self._prepare(message, conversation_id, owner)
        turn_id = uuid.uuid4().hex
        cid = conversation_id or self.conversations.create(default_title(question), owner=owner)
        yield ChatEvent("meta", cid, turn_id)
        table = self._comparison(question)
        if table is not None:
            yield ChatEvent("passages", cid, turn_id, hits=())
            yield ChatEvent("delta", cid, turn_id, text=table.text)
            result = self._store(cid, turn_id, question, table, owner)
            yield ChatEvent("citations", cid, turn_id, citations=result.answer.citations)
            yield ChatEvent("done", cid, turn_id, result=result)
            return
        standalone, hits = self._find(question, history, documents)
        yield ChatEvent("passages", cid, turn_id, hits=tuple(hits))
        answer: Answer | None = None
        for item in self._answerer.stream(standalone, hits, history=history):
            if isinstance(item, Answer):
                answer = item
            elif item:
                yield ChatEvent("delta", cid, turn_id, text=item)
        if answer is None:
            raise RuntimeError("the answerer's stream ended without an answer")
        result = self._store(
            cid, turn_id, question, _with_standalone(answer, question, standalone), owner
        )
        yield ChatEvent("citations", cid, turn_id, citations=result.answer.citations)
        yield ChatEvent("done", cid, turn_id, result=result)

    def warm(self, passages: Sequence[Passage]) -> None:
        """Prepare the answerer's caches for these passages, when it has any (before serving)."""
        warm = getattr(self._answerer, "warm", None)
        if callable(warm):
            warm(passages)

    def _question(self, message: str) -> str:
        text = check_message(message, limit=self._limit)
        redaction = redact(text)
        if redaction.changed:
            log.info("redacted %s from a question", ", ".join(redaction.kinds))
        log.debug("question: %s", redaction.text)
        return redaction.text

    def _prepare(
        self, message: str, conversation_id: str | None, owner: Owner
    ) -> tuple[str, list[Turn]]:
        question = self._question(message)
        history: list[Turn] = []
        if conversation_id is not None:
            history = self.conversations.history(
                conversation_id, limit=self._history_turns, owner=owner
            )
        return question, history

    def _replay(self, history: Sequence[Turn]) -> list[Turn]:
        turns: list[Turn] = []
        for turn in history[max(0, len(history) - self._history_turns) :]:
            question = redact(turn.question).text
            standalone = self._replay_condenser.condense(question, turns)
            turns.append(
                dataclasses.replace(
                    turn,
                    question=question,
                    standalone_question=standalone if standalone != question else None,
                )
            )
        return turns

    def _find(
        self, question: str, history: Sequence[Turn], documents: Sequence[str] | None
    ) -> tuple[str, list[Hit]]:
        standalone = self._condenser.condense(question, history)
        hits = self._retriever.search(standalone, k=self._k, document_ids=documents or None)
        return standalone, hits

    def _comparison(self, question: str) -> Answer | None:
        """ "Vergelijk X en Y": the comparison table of the cases named, when it names two or more."""
        if self._comparer is None or not _COMPARE.match(question):
            return None
        names = self._comparer.find_cases(question)
        if len(names) < 2:
            return None  # one or no known case: an ordinary question
        comparison = self._comparer.compare(names[:_MAX_COMPARED])
        text = "Vergelijking uit de publicaties:\n\n" + self._comparer.markdown(comparison)
        return Answer(status="answered", text=text, citations=comparison.citations, meta={"kind": "comparison"})

    def _answer(
        self, question: str, history: Sequence[Turn], documents: Sequence[str] | None
    ) -> Answer:
        table = self._comparison(question)
        if table is not None:
            return table
        standalone, hits = self._find(question, history, documents)
        answer = self._answerer.answer(standalone, hits, history=history)
        return _with_standalone(answer, question, standalone)

    def _store(
        self,
        conversation_id: str | None,
        turn_id: str,
        question: str,
        answer: Answer,
        owner: Owner,
    ) -> ChatResult:
        cid, _ = self.conversations.record(
            conversation_id,
            question=question,
            answer=answer,
            turn_id=turn_id,
            title=default_title(question),
            owner=owner,
        )
        return ChatResult(cid, turn_id, question, answer)


def _with_standalone(answer: Answer, question: str, standalone: str) -> Answer:
    """The answer noting the rewritten question, when the follow-up was rewritten."""
    if standalone == question:
        return answer
    return dataclasses.replace(answer, standalone_question=standalone)
