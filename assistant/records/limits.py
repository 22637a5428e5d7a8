"""Request counters in the database: rate limits and failed-auth throttling that hold across processes."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Grant:
    """Hits counted by one ``HitCounter.take``, usable in ``bucket`` only."""

    bucket: int
    hits: int
    room: int  # hits still free in the window after this grant (0 when it was cut short)
    retry_after: int = 0  # seconds until a hit would be allowed, when ``hits`` is 0


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
        grant = self.take(key, 1, limit, window)
        return grant.retry_after if not grant.hits else None

    def bucket_now(self) -> int:
        """The bucket hits are counted in at this moment."""
        return int(self._clock() // BUCKET_SECONDS)

    def take(
        self, key: str, want: int, limit: int, window: float, *, give_back: tuple[int, int] | None = None
    ) -> Grant:
        """Count up to ``want`` hits for ``key`` in the current bucket, as many as keep it within
        ``limit`` in ``window`` s (none: with the seconds until a hit would be allowed).

        ``give_back`` = (bucket, hits) returns hits taken earlier and not used, in the same transaction.
        """
        now = self._clock()
        bucket = int(now // BUCKET_SECONDS)
        first = _first_bucket(now, window)
        with self._db.session() as session:
            self._relax(session)
            self._one_at_a_time(session, key)
            if give_back is not None and give_back[1] > 0 and give_back[0] >= first:
                self._add(session, key, give_back[0], -give_back[1])
            self._increment(session, key, bucket, want)
            counts = self._counts(session, key, first)
            over = sum(counts.values()) - limit
            if over <= 0:
                if random.random() < _PRUNE_CHANCE:  # noqa: S311 - not security, just housekeeping
                    session.execute(delete(HitRow).where(HitRow.bucket < first - 1))
                return Grant(bucket, want, -over)
            kept = max(0, want - over)
            self._add(session, key, bucket, kept - want)
            if kept:
                return Grant(bucket, kept, 0)
            return Grant(bucket, 0, 0, _retry_after(now, window, min(counts)))

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

    def _one_at_a_time(self, session: Session, key: str) -> None:
        # PostgreSQL: two processes counting one key in different buckets (at a bucket's edge) lock
        # different rows and would each miss the other's hits; a lock on the key (held until
        # commit) makes them take turns. SQLite takes one writer at a time anyway.
        if self._db.engine.dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})

    def _increment(self, session: Session, key: str, bucket: int, hits: int) -> None:
        dialect = self._db.engine.dialect.name
        if dialect in ("sqlite", "postgresql"):
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
            statement = insert(HitRow).values(key=key, bucket=bucket, n=hits)
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=[HitRow.key, HitRow.bucket], set_={"n": HitRow.n + hits}
                )
            )
            return
        # Other databases: update, else insert (a race here only loses a count).
        if not self._add(session, key, bucket, hits):
            session.add(HitRow(key=key, bucket=bucket, n=hits))

    def _add(self, session: Session, key: str, bucket: int, hits: int) -> bool:
        """Add ``hits`` (may be negative) to an existing row; whether there was one."""
        done = session.execute(
            update(HitRow).where(HitRow.key == key, HitRow.bucket == bucket).values(n=HitRow.n + hits)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

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
