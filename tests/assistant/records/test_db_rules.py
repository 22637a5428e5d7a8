"""The database wrapper's smaller rules: UTC timestamps, commit or roll back, missing tables, pragmas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import String, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from assistant.errors import DatabaseUnavailableError
from assistant.records.db import Database, UTCDateTime


class OwnTables(DeclarativeBase):
    """Tables of these tests only: kept off the app's metadata, which every database must hold."""


class Stamp(OwnTables):
    """A row with a timestamp."""

    __tablename__ = "test_db_rules_stamps"

    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


def database(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'nested' / 'app.db'}")
    db.create_all()
    OwnTables.metadata.create_all(db.engine)
    return db


def test_timestamps_come_back_aware_and_in_utc(tmp_path: Path) -> None:
    db = database(tmp_path)
    amsterdam = timezone(timedelta(hours=1))
    with db.session() as s:
        s.add(Stamp(id="a", at=datetime(2026, 1, 1, 13, 0, tzinfo=amsterdam)))
        s.add(Stamp(id="b", at=datetime(2026, 1, 1, 12, 0)))  # naive: taken as UTC
    with db.session() as s:
        stamps = {r.id: r.at for r in s.scalars(select(Stamp))}
    assert stamps["a"] == datetime(2026, 1, 1, 12, 0, tzinfo=UTC) and stamps["a"].tzinfo is not None
    assert stamps["b"] == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def test_a_session_commits_on_success_and_rolls_back_on_error(tmp_path: Path) -> None:
    db = database(tmp_path)
    with db.session() as s:
        s.add(Stamp(id="kept", at=datetime.now(UTC)))
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(Stamp(id="lost", at=datetime.now(UTC)))
        s.flush()
        raise RuntimeError("halverwege")
    with db.session() as s:
        assert [r.id for r in s.scalars(select(Stamp))] == ["kept"]


def test_a_database_without_the_apps_tables_does_not_answer(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'leeg.db'}")
    with db.engine.connect():
        pass  # the file exists now, without tables
    with pytest.raises(DatabaseUnavailableError, match="does not answer"):
        db.ping()
    db.create_all()
    db.create_all()  # idempotent
    db.ping()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    db = database(tmp_path)
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert (tmp_path / "nested" / "app.db").exists()  # its folder was made
