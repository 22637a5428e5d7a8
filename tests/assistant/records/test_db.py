"""The app database: SQLite sessions of one process take turns instead of polling for the lock."""

from __future__ import annotations

import threading
from pathlib import Path

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
