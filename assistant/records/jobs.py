"""Background jobs (uploads being ingested) kept in the database, so any API process can report them."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Integer, String, Text, update
from sqlalchemy.orm import Mapped, mapped_column

from assistant.errors import NotFoundError
from assistant.records.db import Base, Database, UTCDateTime

JobState = Literal["queued", "running", "done", "failed"]
_MAX_MESSAGE = 2000


class JobRow(Base):
    """One job: what it does, how far it got, and its result or the reason it failed."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    document_id: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    state: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str | None] = mapped_column(String(32), nullable=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    updated: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class Job:
    """A job as the API reports it."""

    id: str
    kind: str
    document_id: str | None
    state: str
    stage: str | None
    done: int
    total: int
    message: str | None
    result: dict[str, Any] | None
    created: datetime
    updated: datetime


def _job(row: JobRow) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        document_id=row.document_id,
        state=row.state,
        stage=row.stage,
        done=row.done,
        total=row.total,
        message=row.message,
        result=json.loads(row.result) if row.result else None,
        created=row.created,
        updated=row.updated,
    )


class JobStore:
    """Create, advance and read jobs."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def create(self, kind: str, *, document_id: str | None = None) -> Job:
        """A new queued job."""
        now = datetime.now(UTC)
        row = JobRow(
            id=secrets.token_hex(12),
            kind=kind,
            document_id=document_id,
            state="queued",
            done=0,
            total=0,
            created=now,
            updated=now,
        )
        with self._db.session() as session:
            session.add(row)
            session.flush()
            return _job(row)

    def update(
        self,
        job_id: str,
        *,
        state: JobState | None = None,
        stage: str | None = None,
        done: int | None = None,
        total: int | None = None,
        message: str | None = None,
        result: dict[str, Any] | None = None,
    ) -> None:
        """Record progress, the result or the failure of a job."""
        values: dict[str, Any] = {"updated": datetime.now(UTC)}
        for name, value in (("state", state), ("stage", stage), ("done", done), ("total", total)):
            if value is not None:
                values[name] = value
        if message is not None:
            values["message"] = message[:_MAX_MESSAGE]
        if result is not None:
            values["result"] = json.dumps(result, ensure_ascii=False)
        with self._db.session() as session:
            session.execute(update(JobRow).where(JobRow.id == job_id).values(**values))

    def fail_unfinished(self, document_id: str, message: str) -> None:
        """Mark every queued or running job of ``document_id`` failed (its process is gone)."""
        with self._db.session() as session:
            session.execute(
                update(JobRow)
                .where(JobRow.document_id == document_id, JobRow.state.in_(("queued", "running")))
                .values(state="failed", message=message[:_MAX_MESSAGE], updated=datetime.now(UTC))
            )

    def get(self, job_id: str) -> Job:
        """The job with this id; NotFoundError otherwise."""
        with self._db.session() as session:
            row = session.get(JobRow, job_id)
            if row is None:
                raise NotFoundError(f"No job {job_id!r}; POST /api/admin/documents returns a job id.")
            return _job(row)
