"""Conversations and their turns, stored through SQLAlchemy (SQLite by default, PostgreSQL works too)."""

from __future__ import annotations

import builtins
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.errors import InvalidInputError, NotFoundError
from assistant.language.privacy import redact
from assistant.language.validity import check_text
from assistant.records.db import Base, Database, UTCDateTime
from assistant.records.owners import MAX_OWNER_CHARS, OPERATOR, Owner
from assistant.types import Answer, AnswerStatus, Citation, Hit, Passage, Turn

TITLE_CHARS = 80  # a new conversation is titled with the start of its first question
MAX_TITLE_CHARS = 200
ID_LENGTH = 32


def _now() -> datetime:
    return datetime.now(UTC)


class ConversationRow(Base):
    """A conversation: a titled sequence of turns."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE_CHARS))
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    updated: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    #: Who made it (``Owner.id``); empty for conversations stored before owners existed (admins only).
    owner: Mapped[str | None] = mapped_column(String(MAX_OWNER_CHARS), nullable=True, index=True)


class TurnRow(Base):
    """One question and its answer; questions are stored redacted."""

    __tablename__ = "conversation_turns"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    standalone_question: Mapped[str | None] = mapped_column(Text, nullable=True)
    answer: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    notice: Mapped[str | None] = mapped_column(Text, nullable=True)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    passages: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)


@dataclass(frozen=True)
class StoredTurn:
    """A turn as stored: the question, the answer with its citations and the passages it drew on."""

    id: str
    question: str
    standalone_question: str | None
    answer: str
    status: AnswerStatus
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    created: datetime
    notice: str | None = None

    def as_turn(self) -> Turn:
        """The turn as history for a follow-up question."""
        return Turn(
            question=self.question,
            answer=self.answer,
            standalone_question=self.standalone_question,
            status=self.status,
            passage_ids=tuple(h.passage.id for h in self.hits),
        )


@dataclass(frozen=True)
class ConversationSummary:
    """A conversation in a list."""

    id: str
    title: str
    created: datetime
    updated: datetime
    turns: int


@dataclass(frozen=True)
class Conversation:
    """A conversation with all its turns, oldest first."""

    id: str
    title: str
    created: datetime
    updated: datetime
    turns: tuple[StoredTurn, ...]


def _passage_json(hit: Hit) -> dict[str, Any]:
    p = hit.passage
    return {
        "id": p.id,
        "document_id": p.document_id,
        "document_title": p.document_title,
        "section": p.section,
        "page": p.page,
        "text": p.text,
        "score": hit.score,
        "ordinal": p.ordinal,
    }


def _hit_from_json(d: dict[str, Any]) -> Hit:
    passage = Passage(
        id=d["id"],
        document_id=d["document_id"],
        document_title=d["document_title"],
        section=d.get("section"),
        page=d.get("page"),
        text=d["text"],
        ordinal=int(d.get("ordinal", 0)),
    )
    return Hit(passage, float(d.get("score", 0.0)))


def _stored(row: TurnRow) -> StoredTurn:
    return StoredTurn(
        id=row.id,
        question=row.question,
        standalone_question=row.standalone_question,
        answer=row.answer,
        status="not_found" if row.status == "not_found" else "answered",
        citations=tuple(Citation(**c) for c in row.citations),
        hits=tuple(_hit_from_json(p) for p in row.passages),
        created=row.created,
        notice=row.notice,
    )


def _clean_title(title: str) -> str:
    # Redacted like questions: a renamed title must not bring back the BSN a question lost.
    title = redact(" ".join(check_text(title, what="title").split())).text
    if not title:
        raise InvalidInputError("The title is empty; give the conversation a name.")
    if len(title) > MAX_TITLE_CHARS:
        raise InvalidInputError(
            f"The title is {len(title)} characters long; the limit is {MAX_TITLE_CHARS}."
        )
    return title


def default_title(question: str) -> str:
    """A title made from the start of the first question."""
    words = " ".join(question.split())
    return words if len(words) <= TITLE_CHARS else words[: TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _row(session: Session, conversation_id: str, owner: Owner) -> ConversationRow:
    row = session.get(ConversationRow, conversation_id)
    # Someone else's conversation is reported as unknown: its existence is not ours to learn.
    if row is None or not owner.owns(row.owner):
        raise NotFoundError(
            f"There is no conversation {conversation_id!r} of yours; start a new one by leaving "
            "conversation_id empty. (Conversations belong to whoever made them: keep the session "
            "cookie, or send the same API key.)"
        )
    return row


class ConversationStore:
    """Creates, reads, renames and deletes conversations and appends turns to them."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def create(self, title: str, *, owner: Owner = OPERATOR) -> str:
        """Start a conversation owned by ``owner``; returns its id."""
        conversation_id = uuid.uuid4().hex
        with self._db.session() as s:
            s.add(
                ConversationRow(
                    id=conversation_id,
                    title=_clean_title(title) if title.strip() else "Gesprek",
                    owner=owner.id,
                )
            )
        return conversation_id

    def exists(self, conversation_id: str, *, owner: Owner = OPERATOR) -> bool:
        """Whether a conversation with this id is stored and ``owner``'s to see."""
        with self._db.session() as s:
            row = s.get(ConversationRow, conversation_id)
            return row is not None and owner.owns(row.owner)

    def require(self, conversation_id: str, *, owner: Owner = OPERATOR) -> None:
        """Raise NotFoundError unless the conversation exists and is ``owner``'s."""
        with self._db.session() as s:
            _row(s, conversation_id, owner)

    def list(self, *, owner: Owner = OPERATOR) -> list[ConversationSummary]:
        """``owner``'s conversations (an admin's: all), most recently updated first."""
        counts = (
            select(TurnRow.conversation_id, func.count(TurnRow.id).label("n"))
            .group_by(TurnRow.conversation_id)
            .subquery()
        )
        query = (
            select(ConversationRow, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.conversation_id == ConversationRow.id)
            .order_by(ConversationRow.updated.desc(), ConversationRow.id)
        )
        if not owner.admin:
            query = query.where(ConversationRow.owner == owner.id)
        with self._db.session() as s:
            return [
                ConversationSummary(row.id, row.title, row.created, row.updated, int(n))
                for row, n in s.execute(query).all()
            ]

    def get(self, conversation_id: str, *, owner: Owner = OPERATOR) -> Conversation:
        """A conversation with its turns (NotFoundError when unknown or not ``owner``'s)."""
        with self._db.session() as s:
            row = _row(s, conversation_id, owner)
            turns = s.scalars(
                select(TurnRow)
                .where(TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.position)
            ).all()
            return Conversation(
                row.id, row.title, row.created, row.updated, tuple(_stored(t) for t in turns)
            )

    def history(
        self, conversation_id: str, *, limit: int, owner: Owner = OPERATOR
    ) -> builtins.list[Turn]:
        """The last ``limit`` turns of a conversation as history, oldest first."""
        with self._db.session() as s:
            _row(s, conversation_id, owner)
            rows = s.scalars(
                select(TurnRow)
                .where(TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.position.desc())
                .limit(limit)
            ).all()
        return [_stored(r).as_turn() for r in reversed(rows)]

    def rename(
        self, conversation_id: str, title: str, *, owner: Owner = OPERATOR
    ) -> ConversationSummary:
        """Give a conversation a new title (redacted like questions)."""
        title = _clean_title(title)
        with self._db.session() as s:
            row = _row(s, conversation_id, owner)
            row.title = title
            row.updated = _now()
        return next(c for c in self.list(owner=OPERATOR) if c.id == conversation_id)

    def delete(self, conversation_id: str, *, owner: Owner = OPERATOR) -> None:
        """Delete a conversation, its turns and the feedback on them (NotFoundError when unknown)."""
        with self._db.session() as s:
            _row(s, conversation_id, owner)
            # The feedback table is declared by records.feedback (which builds on this module).
            feedback = Base.metadata.tables.get("feedback")
            if feedback is not None:
                s.execute(delete(feedback).where(feedback.c.conversation_id == conversation_id))
            s.execute(delete(TurnRow).where(TurnRow.conversation_id == conversation_id))
            s.execute(delete(ConversationRow).where(ConversationRow.id == conversation_id))

    def add_turn(
        self, conversation_id: str, *, question: str, answer: Answer, turn_id: str | None = None
    ) -> str:
        """Append a turn (question already redacted) to a conversation; returns the turn id."""
        return self.record(conversation_id, question=question, answer=answer, turn_id=turn_id)[1]

    def record(
        self,
        conversation_id: str | None,
        *,
        question: str,
        answer: Answer,
        turn_id: str | None = None,
        title: str | None = None,
        owner: Owner = OPERATOR,
    ) -> tuple[str, str]:
        """Store a turn (question already redacted); returns (conversation id, turn id).

        With no ``conversation_id`` a conversation titled ``title`` and owned by ``owner`` is
        started in the same transaction, so a failure never leaves an empty conversation behind.
        """
        turn_id = turn_id or uuid.uuid4().hex
        with self._db.session() as s:
            if conversation_id is None:
                conversation_id = uuid.uuid4().hex
                row = ConversationRow(
                    id=conversation_id, title=_clean_title(title or question), owner=owner.id
                )
                s.add(row)
                position = 0
            else:
                row = _row(s, conversation_id, owner)
                last = s.scalar(
                    select(func.max(TurnRow.position)).where(TurnRow.conversation_id == conversation_id)
                )
                position = 0 if last is None else int(last) + 1
            s.add(
                TurnRow(
                    id=turn_id,
                    conversation_id=conversation_id,
                    position=position,
                    question=question,
                    standalone_question=answer.standalone_question,
                    answer=answer.text,
                    status=answer.status,
                    notice=answer.notice,
                    citations=[c.__dict__ for c in answer.citations],
                    passages=[_passage_json(h) for h in answer.hits],
                )
            )
            row.updated = _now()
        return conversation_id, turn_id
