"""The app database: SQLite sessions of one process take turns instead of polling for the lock."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assistant.records.db import Database

WAIT = 5.0  # seconds a step may take before the test gives up (never reached when it passes)
STILL_OUT = 0.2  # how long the second session is watched to stay out while the first is open


def test_sqlite_sessions_of_one_process_take_turns(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'app.db'}")
    first_in, release, second_in = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with database.session():
            first_in.set()
            release.wait(WAIT)

    def second() -> None:
        first_in.wait(WAIT)
        with database.session():
            second_in.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_in.wait(WAIT)
    assert not second_in.wait(STILL_OUT)
    release.set()
    assert second_in.wait(WAIT)
    for thread in threads:
        thread.join(WAIT)


def test_a_session_may_open_another_in_the_same_thread(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'app.db'}")
    with database.session() as outer, database.session() as inner:
        assert outer is not inner


def test_columns_added_since_are_added_to_an_old_database(tmp_path) -> None:  # noqa: ANN001
    import sqlite3

    from assistant.records.conversations import ConversationStore
    from assistant.records.owners import Owner

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:  # the conversations table as it was before owners
        old.execute(
            "CREATE TABLE conversations (id VARCHAR(32) PRIMARY KEY, title VARCHAR(200), "
            "created DATETIME, updated DATETIME)"
        )
        old.execute("INSERT INTO conversations VALUES ('old', 'Oud', '2025-01-01', '2025-01-01')")
    database = Database(f"sqlite:///{path}")
    database.create_all()
    store = ConversationStore(database)
    assert store.list(owner=Owner.of_key("k")) == []  # nobody's: only admins see it
    assert [c.id for c in store.list()] == ["old"]
    store.create("Nieuw", owner=Owner.of_key("k"))
    assert len(store.list(owner=Owner.of_key("k"))) == 1


def test_ping_names_a_deleted_database_file(tmp_path) -> None:  # noqa: ANN001
    from assistant.errors import DatabaseUnavailableError

    path = tmp_path / "app.db"
    database = Database(f"sqlite:///{path}")
    database.create_all()
    database.ping()
    path.unlink()
    with pytest.raises(DatabaseUnavailableError, match="app.db is gone"):
        database.ping()
