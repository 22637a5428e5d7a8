"""Feedback on answers: a rating and optional comment per turn, kept with a snapshot of the turn.

The snapshot (question, answer, citations, and the turn before it) is copied at rating time, so
feedback can be exported as evaluation questions. Feedback belongs to the owner of the rated
conversation, and goes when that conversation is deleted (its owner takes back what they typed).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import JSON, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.errors import InvalidInputError, NotFoundError
from assistant.language.privacy import redact
from assistant.language.question import detect_language, question_kind
from assistant.language.validity import check_text
from assistant.records.conversations import ConversationRow, TurnRow
from assistant.records.db import Base, Database, UTCDateTime
from assistant.records.owners import MAX_OWNER_CHARS, OPERATOR, Owner

Rating = Literal["up", "down"]
RATINGS: tuple[Rating, ...] = ("up", "down")
MAX_COMMENT_CHARS = 2000
ID_LENGTH = 32
EXPORT_ID_CHARS = 12  # of a turn id, in an exported question's id


def _now() -> datetime:
    return datetime.now(UTC)


class FeedbackRow(Base):
    """One rating of one turn (a second rating of the same turn replaces the first)."""

    __tablename__ = "feedback"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    turn_id: Mapped[str] = mapped_column(String(ID_LENGTH), unique=True, index=True)
    conversation_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    question: Mapped[str] = mapped_column(Text)
    standalone_question: Mapped[str | None] = mapped_column(Text, nullable=True)
    answer: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    #: The turn before this one in its conversation (question, answer, citations), for follow-ups.
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    #: The owner of the rated conversation; empty for feedback stored before owners existed.
    owner: Mapped[str | None] = mapped_column(String(MAX_OWNER_CHARS), nullable=True, index=True)


@dataclass(frozen=True)
class Feedback:
    """A stored rating with the snapshot of the turn it rates."""

    id: str
    turn_id: str
    conversation_id: str
    rating: Rating
    comment: str | None
    question: str
    standalone_question: str | None
    answer: str
    status: str
    citations: tuple[dict[str, Any], ...]
    previous: dict[str, Any] | None
    created: datetime
    updated: datetime

    @property
    def is_follow_up(self) -> bool:
        """Whether the question was rewritten from the conversation before it (a follow-up)."""
        return bool(
            self.previous
            and self.standalone_question
            and _squash(self.standalone_question) != _squash(self.question)
        )


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _feedback(row: FeedbackRow) -> Feedback:
    return Feedback(
        id=row.id,
        turn_id=row.turn_id,
        conversation_id=row.conversation_id,
        rating="up" if row.rating == "up" else "down",
        comment=row.comment,
        question=row.question,
        standalone_question=row.standalone_question,
        answer=row.answer,
        status=row.status,
        citations=tuple(row.citations or ()),
        previous=row.previous,
        created=row.created,
        updated=row.updated,
    )


def _citations_with_files(
    citations: Iterable[dict[str, Any]], files: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Citations, each with ``doc``: the corpus file name of its publication (when known)."""
    return [
        {**c, "doc": files.get(str(c.get("document_id")), c.get("document_id"))} for c in citations
    ]


def clean_comment(comment: str | None) -> str | None:
    """The comment trimmed and redacted (like questions), None when empty; InvalidInputError when too long."""
    if comment is None or not comment.strip():
        return None
    comment = check_text(comment.strip(), what="comment")
    if len(comment) > MAX_COMMENT_CHARS:
        raise InvalidInputError(
            f"The comment is {len(comment)} characters long; the limit is {MAX_COMMENT_CHARS}."
        )
    return redact(comment).text


class FeedbackStore:
    """Records ratings of conversation turns and lists them for export."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def record(
        self,
        turn_id: str,
        *,
        rating: Rating,
        comment: str | None = None,
        document_files: Mapping[str, str] | None = None,
        owner: Owner = OPERATOR,
    ) -> Feedback:
        """Rate a turn of one of ``owner``'s conversations (replacing an earlier rating of it).

        ``document_files`` maps document ids to file names.
        """
        if rating not in RATINGS:
            raise InvalidInputError(f"rating must be 'up' or 'down', not {rating!r}")
        comment = clean_comment(comment)
        files = document_files or {}
        with self._db.session() as s:
            turn = s.get(TurnRow, turn_id)
            conversation = s.get(ConversationRow, turn.conversation_id) if turn else None
            if turn is None or conversation is None or not owner.owns(conversation.owner):
                raise NotFoundError(
                    f"There is no answer with turn_id {turn_id!r}; rate an answer that exists."
                )
            before = s.scalars(
                select(TurnRow)
                .where(
                    TurnRow.conversation_id == turn.conversation_id,
                    TurnRow.position < turn.position,
                )
                .order_by(TurnRow.position.desc())
                .limit(1)
            ).first()
            previous = (
                {
                    "turn_id": before.id,
                    "question": before.question,
                    "answer": before.answer,
                    "status": before.status,
                    "citations": _citations_with_files(before.citations or [], files),
                }
                if before is not None
                else None
            )
            row = s.scalars(select(FeedbackRow).where(FeedbackRow.turn_id == turn_id)).first()
            if row is None:
                row = FeedbackRow(id=uuid.uuid4().hex, turn_id=turn_id, created=_now())
                s.add(row)
            row.conversation_id = turn.conversation_id
            row.owner = conversation.owner
            row.rating = rating
            row.comment = comment
            row.question = turn.question
            row.standalone_question = turn.standalone_question
            row.answer = turn.answer
            row.status = turn.status
            row.citations = _citations_with_files(turn.citations or [], files)
            row.previous = previous
            row.updated = _now()
            s.flush()
            return _feedback(row)

    def turn_of(
        self, conversation_id: str, *, position: int | None = None, owner: Owner = OPERATOR
    ) -> str:
        """The id of answer ``position`` (0-based; default the last) of one of ``owner``'s conversations."""
        with self._db.session() as s:
            conversation = s.get(ConversationRow, conversation_id)
            if conversation is None or not owner.owns(conversation.owner):
                raise NotFoundError(f"There is no conversation {conversation_id!r}.")
            ids = s.scalars(
                select(TurnRow.id)
                .where(TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.position)
            ).all()
        if not ids:
            raise InvalidInputError("That conversation has no answers yet; ask a question first.")
        index = len(ids) - 1 if position is None else position
        if index >= len(ids):
            raise InvalidInputError(
                f"'turn' is {index}, but the conversation has {len(ids)} answers (0-based)."
            )
        return ids[index]

    def list(
        self,
        *,
        conversation_id: str | None = None,
        rating: Rating | None = None,
        owner: Owner = OPERATOR,
    ) -> list[Feedback]:
        """``owner``'s feedback (an admin's: all), oldest first, optionally for one conversation or rating."""
        query = select(FeedbackRow).order_by(FeedbackRow.created, FeedbackRow.id)
        if not owner.admin:
            query = query.where(FeedbackRow.owner == owner.id)
        if conversation_id:
            query = query.where(FeedbackRow.conversation_id == conversation_id)
        if rating:
            query = query.where(FeedbackRow.rating == rating)
        with self._db.session() as s:
            return [_feedback(r) for r in s.scalars(query).all()]


# ---------------------------------------------------------------- export as evaluation questions

#: Question kinds of the answerer mapped to the eval set's question types.
_EVAL_TYPES: dict[str, str] = {
    "number": "factoid",
    "yesno": "factoid",
    "list": "list",
    "definition": "definition",
    "comparison": "comparison",
    "case": "case-specific",
    "open": "case-specific",
    "chitchat": "unanswerable",
}


def guess_type(question: str, *, follow_up: bool) -> str:
    """The eval question type this question most likely is (a starting point for a person to check)."""
    if follow_up:
        return "follow-up"
    return _EVAL_TYPES.get(question_kind(question), "case-specific")


def _sources(citations: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in citations:
        key = (str(c.get("doc") or c.get("document_id")), str(c.get("quote", "")))
        if key[1] and key not in seen:
            seen.add(key)
            out.append({"doc": key[0], "quote": key[1]})
    return out


def export_id(turn_id: str) -> str:
    """The question id an exported turn gets."""
    return f"fb-{turn_id[:EXPORT_ID_CHARS]}"


def eval_items(feedback: Iterable[Feedback]) -> list[dict[str, Any]]:
    """Feedback as question lines in the shared eval format (dev.jsonl), plus rating and comment.

    A follow-up is preceded by the question it follows (marked ``"context": true``) so the line
    can be asked in the same conversation, right after its parent, as the format requires.
    ``must_mention`` is left empty and ``answer`` holds the answer that was given: a person
    fills in the right answer and its key terms before the item is used for scoring.
    """
    items: list[dict[str, Any]] = []
    emitted: set[str] = set()
    for fb in feedback:
        parent_id = None
        if fb.is_follow_up and fb.previous:
            prev = fb.previous
            parent_id = export_id(str(prev["turn_id"]))
            if parent_id not in emitted:
                items.append(
                    {
                        "id": parent_id,
                        "lang": detect_language(prev["question"]),
                        "type": guess_type(prev["question"], follow_up=False),
                        "question": prev["question"],
                        "follow_up_of": None,
                        "answer": prev["answer"],
                        "must_mention": [],
                        "sources": _sources(prev.get("citations") or []),
                        "context": True,
                    }
                )
                emitted.add(parent_id)
        item_id = export_id(fb.turn_id)
        item = {
            "id": item_id,
            "lang": detect_language(fb.question),
            "type": guess_type(fb.question, follow_up=fb.is_follow_up),
            "question": fb.question,
            "follow_up_of": parent_id,
            "answer": fb.answer,
            "must_mention": [],
            "sources": _sources(fb.citations),
            "rating": fb.rating,
            "comment": fb.comment,
            "status": fb.status,
        }
        # A rated turn that already stands as context for a follow-up takes that line's place.
        at = next((i for i, x in enumerate(items) if x["id"] == item_id), None)
        if at is None:
            items.append(item)
        else:
            items[at] = item
        emitted.add(item_id)
    return items
