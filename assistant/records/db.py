"""The app's relational database (conversations, feedback, API keys) through SQLAlchemy."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from assistant.errors import DatabaseUnavailableError

#: How long a SQLite connection waits for another writer before giving up.
SQLITE_BUSY_SECONDS = 30.0
#: Connections each process keeps open to a database server, and how many more it may open at a peak.
POOL_SIZE = 16
POOL_OVERFLOW = 16


class Base(DeclarativeBase):
    """Declarative base shared by every table of the app (each module declares its own tables)."""


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that always comes back timezone-aware in UTC (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Store UTC."""
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Read back as aware UTC: stored values are UTC, whatever the database kept of the offset."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Database:
    """An engine and session factory for one database URL (SQLite by default, PostgreSQL works too)."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self._sqlite_path = (
            Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
        )
        connect_args: dict[str, Any] = {}
        # SQLite takes one writer at a time and lets the others poll with growing sleeps: with
        # many chat threads busy on the CPU a writer misses its turn again and again (seconds, and
        # at 5 s a 500 "database is locked"). Sessions of this process take turns on a lock
        # instead; the busy timeout is left for writers in other processes (the CLI).
        self._turns: AbstractContextManager[object] = nullcontext()
        if url.startswith("sqlite"):
            connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}
            self._turns = threading.RLock()
        pool: dict[str, int] = {}
        if not url.startswith("sqlite"):
            # Enough kept-open connections for the request threads that write at once: with the
            # default 5 every busier moment opened and closed connections (a server process each).
            pool = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
        self.engine: Engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True, **pool)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_all(self) -> None:
        """Create the tables of every module imported so far, and their new columns (idempotent)."""
        Base.metadata.create_all(self.engine)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        # A database made by an earlier version lacks columns added since (conversations.owner):
        # add them, empty. Only nullable columns are ever added, so old rows stay valid.
        inspector = inspect(self.engine)
        with self._turns, self.engine.begin() as connection:
            for table in Base.metadata.sorted_tables:
                present = {c["name"] for c in inspector.get_columns(table.name)}
                for column in table.columns:
                    if column.name not in present and column.nullable:
                        kind = column.type.compile(dialect=self.engine.dialect)
                        connection.execute(
                            text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}')
                        )

    def ping(self) -> None:
        """Raise DatabaseUnavailableError unless the database answers and holds the app's tables."""
        path = self._sqlite_path
        if path is not None and not path.exists():
            # SQLite keeps writing to a deleted file through its open connections: writes vanish.
            raise DatabaseUnavailableError(f"The database file {path} is gone; restore it or restart the server.")
        try:
            with self._turns, self.engine.connect() as connection:
                for table in Base.metadata.sorted_tables:
                    connection.execute(select(func.count()).select_from(table)).scalar()
        except SQLAlchemyError as e:
            raise DatabaseUnavailableError(f"The database does not answer: {type(e).__name__}.") from e

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with self._turns, self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    # WAL lets the web server read while a CLI command writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
