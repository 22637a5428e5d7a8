"""Request counters in the database: rate limits and failed-auth throttling that hold across processes."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from sqlalchemy import Integer, String, delete, func, select, text, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.records.db import Base, Database

#: Counts are kept per bucket of this many seconds; a window is the buckets it overlaps.
BUCKET_SECONDS = 10
_PRUNE_CHANCE = 0.01  # about one hit in a hundred clears buckets no window needs any more


class HitRow(Base):
    """Hits of one key in one time bucket."""

    __tablename__ = "rate_hits"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class HitCounter:
    """Counts hits per key in a sliding window of buckets, shared by every process on the database.

    A window of W seconds counts every bucket that overlaps the last W seconds, so a key never gets
    more than its limit in any W seconds (it may wait up to one bucket longer).
    """

    def __init__(self, database: Database, *, clock: Callable[[], float] = time.time) -> None:
        self._db = database
        self._clock = clock

    def hit(self, key: str, limit: int, window: float) -> int | None:
        """Count a hit for ``key``; when that exceeds ``limit`` in ``window`` s, undo it and return
        the seconds until a hit would be allowed (else None)."""
        now = self._clock()
        bucket = int(now // BUCKET_SECONDS)
        first = _first_bucket(now, window)
        with self._db.session() as session:
            self._relax(session)
            self._increment(session, key, bucket)
            counts = self._counts(session, key, first)
            if sum(counts.values()) <= limit:
                if random.random() < _PRUNE_CHANCE:  # noqa: S311 - not security, just housekeeping
                    session.execute(delete(HitRow).where(HitRow.bucket < first - 1))
                return None
            session.execute(
                update(HitRow).where(HitRow.key == key, HitRow.bucket == bucket).values(n=HitRow.n - 1)
            )
            return _retry_after(now, window, min(counts))

    def blocked(self, key: str, limit: int, window: float) -> int | None:
        """Seconds until ``key`` may try again when it has ``limit`` hits in ``window`` s, else None."""
        now = self._clock()
        with self._db.session() as session:
            counts = self._counts(session, key, _first_bucket(now, window))
        if sum(counts.values()) < limit:
            return None
        return _retry_after(now, window, min(counts))

    def _relax(self, session: Session) -> None:
        # A lost counter after a power cut costs nothing; waiting for a WAL flush per request does.
        if self._db.engine.dialect.name == "postgresql":
            session.execute(text("SET LOCAL synchronous_commit = off"))

    def _increment(self, session: Session, key: str, bucket: int) -> None:
        dialect = self._db.engine.dialect.name
        if dialect in ("sqlite", "postgresql"):
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
            statement = insert(HitRow).values(key=key, bucket=bucket, n=1)
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=[HitRow.key, HitRow.bucket], set_={"n": HitRow.n + 1}
                )
            )
            return
        # Other databases: update, else insert (a race here only loses a count).
        done = session.execute(
            update(HitRow).where(HitRow.key == key, HitRow.bucket == bucket).values(n=HitRow.n + 1)
        )
        if not done.rowcount:  # type: ignore[attr-defined]
            session.add(HitRow(key=key, bucket=bucket, n=1))

    def _counts(self, session: Session, key: str, first: int) -> dict[int, int]:
        rows = session.execute(
            select(HitRow.bucket, func.sum(HitRow.n))
            .where(HitRow.key == key, HitRow.bucket >= first, HitRow.n > 0)
            .group_by(HitRow.bucket)
        )
        return {int(b): int(n) for b, n in rows}


def _first_bucket(now: float, window: float) -> int:
    """The first bucket that overlaps the window (counted whole: never more than the limit)."""
    return int((now - window) // BUCKET_SECONDS)


def _retry_after(now: float, window: float, oldest_bucket: int) -> int:
    """Seconds until the oldest counted bucket leaves the window."""
    return max(1, math.ceil((oldest_bucket + 1) * BUCKET_SECONDS + window - now))
