"""The hit counter with a hand-set clock on real SQLite: hits, blocks and when to retry."""

from __future__ import annotations

from pathlib import Path

from assistant.records.db import Database
from assistant.records.limits import BUCKET_SECONDS, HitCounter


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self, start: float = 10_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def counter(tmp_path: Path) -> tuple[HitCounter, Clock]:
    database = Database(f"sqlite:///{tmp_path / 'hits.db'}")
    database.create_all()
    clock = Clock()
    return HitCounter(database, clock=clock), clock


def test_hits_up_to_the_limit_pass_and_the_next_is_refused_and_not_counted(tmp_path: Path) -> None:
    hits, clock = counter(tmp_path)
    assert [hits.hit("k", 3, 60) for _ in range(3)] == [None, None, None]
    retry = hits.hit("k", 3, 60)
    assert retry is not None and 1 <= retry <= 60 + BUCKET_SECONDS
    assert hits.blocked("k", 3, 60) == retry  # the refused hit left no trace
    clock.now += retry
    assert hits.hit("k", 3, 60) is None


def test_blocked_counts_without_adding_a_hit(tmp_path: Path) -> None:
    hits, _ = counter(tmp_path)
    assert hits.blocked("auth:10.0.0.9", 2, 60) is None
    hits.hit("auth:10.0.0.9", 1 << 30, 60)
    assert hits.blocked("auth:10.0.0.9", 2, 60) is None
    hits.hit("auth:10.0.0.9", 1 << 30, 60)
    assert hits.blocked("auth:10.0.0.9", 2, 60) is not None
    assert hits.blocked("auth:10.0.0.10", 2, 60) is None  # per key


def test_hits_older_than_the_window_no_longer_count(tmp_path: Path) -> None:
    hits, clock = counter(tmp_path)
    hits.hit("k", 1, 30)
    assert hits.hit("k", 1, 30) is not None
    clock.now += 30 + 2 * BUCKET_SECONDS
    assert hits.hit("k", 1, 30) is None


def test_a_refused_hit_does_not_use_up_a_later_slot(tmp_path: Path) -> None:
    hits, clock = counter(tmp_path)
    assert hits.hit("k", 2, 60) is None
    clock.now += 30
    assert hits.hit("k", 2, 60) is None
    assert hits.hit("k", 2, 60) is not None  # refused, in the second hit's bucket
    clock.now += 40  # only the first hit has left the window
    assert hits.hit("k", 2, 60) is None
