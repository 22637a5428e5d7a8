"""Request-size caps, CORS allow-list and request ids at the HTTP edge."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from api.limits import DatabaseRateLimiter
from api.logs import JsonFormatter
from api.main import create_app
from assistant.errors import RateLimitedError
from assistant.records.db import Database
from assistant.records.limits import BUCKET_SECONDS, HitCounter, HitRow
from tests.api.variants import core_with

INTRANET = "http://intranet.example"


@pytest.fixture
def limited(corpus_core, tmp_path: Path) -> Iterator[TestClient]:  # noqa: ANN001
    core = core_with(corpus_core, tmp_path, max_request_kb=1, cors_origins=[INTRANET])
    with TestClient(create_app(core), base_url="http://localhost") as client:
        yield client


def test_oversized_body_is_413_by_header_and_by_stream(limited: TestClient) -> None:
    body = json.dumps({"query": "x" * 2000}).encode()
    r = limited.post("/api/search", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["type"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap must count the bytes
        yield body[:600]
        yield body[600:]

    r = limited.post("/api/search", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "limit is 1 KB" in r.json()["error"]["message"]
    assert limited.post("/api/search", json={"query": "werk", "k": 1}).status_code == 200


def test_cors_allows_only_listed_origins(limited: TestClient) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-api-key,content-type",
    }
    r = limited.options("/api/search", headers={"Origin": INTRANET, **preflight})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == INTRANET
    r = limited.options("/api/search", headers={"Origin": "http://evil.example", **preflight})
    assert "access-control-allow-origin" not in r.headers
    r = limited.post("/api/search", json={"query": "werk", "k": 1}, headers={"Origin": INTRANET})
    assert r.headers["access-control-allow-origin"] == INTRANET
    assert "x-request-id" in r.headers["access-control-expose-headers"].lower()


def test_no_cors_headers_by_default(client) -> None:  # noqa: ANN001
    r = client.post("/api/search", json={"query": "werk", "k": 1}, headers={"Origin": INTRANET})
    assert "access-control-allow-origin" not in r.headers


def test_request_id_in_and_out_and_in_the_json_log(
    client, caplog: pytest.LogCaptureFixture
) -> None:  # noqa: ANN001
    with caplog.at_level(logging.INFO, logger="werkwijzer.access"):
        r = client.post(
            "/api/search", json={"query": "werk", "k": 1}, headers={"X-Request-ID": "trace-42"}
        )
    assert r.headers["x-request-id"] == "trace-42"
    record = next(rec for rec in caplog.records if rec.name == "werkwijzer.access")
    line = json.loads(JsonFormatter().format(record))
    assert line["path"] == "/api/search" and line["status"] == 200 and line["method"] == "POST"
    assert line["key_id"] == "anonymous"
    assert isinstance(line["duration_ms"], float)
    generated = client.get("/healthz").headers["x-request-id"]
    assert len(generated) == 32
    forged = client.get("/healthz", headers={"X-Request-ID": "bad\nid"}).headers["x-request-id"]
    assert forged != "bad\nid" and len(forged) == 32


def test_json_formatter_carries_request_id_and_extras() -> None:
    from api.logs import request_id_var

    token = request_id_var.set("abc")
    try:
        record = logging.LogRecord(
            "werkwijzer.x", logging.WARNING, __file__, 1, "hello %s", ("world",), None
        )
        record.document = "doc-1"
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert (
        line["message"] == "hello world"
        and line["request_id"] == "abc"
        and line["document"] == "doc-1"
    )
    assert line["level"] == "WARNING"


def test_rate_window_frees_slots_as_time_passes(tmp_path: Path) -> None:
    now = [1000.0]
    database = Database(f"sqlite:///{tmp_path / 'limits.db'}")
    database.create_all()
    counter = HitCounter(database, clock=lambda: now[0])
    limiter = DatabaseRateLimiter(counter, 2)
    limiter.hit("k")
    now[0] += 30
    limiter.hit("k")
    with pytest.raises(RateLimitedError) as info:
        limiter.hit("k")
    assert info.value.retry_after == 40  # the first hit's 10-second bucket leaves the window at 1070
    DatabaseRateLimiter(counter, 2).hit("other")  # per key
    now[0] += 40
    limiter.hit("k")  # the first request left the window; the refused one was not counted
    with pytest.raises(RateLimitedError):
        limiter.hit("k")
    DatabaseRateLimiter(counter, 0).hit("k")  # 0 means no limit


def _processes(tmp_path: Path, now: list[float], limit: int) -> tuple[list[DatabaseRateLimiter], list[str]]:
    """Two limiters with their own engines on one database file (as two processes), and the SQL they send."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    Database(url).create_all()
    sent: list[str] = []
    limiters = []
    for _ in range(2):
        database = Database(url)
        event.listen(database.engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
        limiters.append(DatabaseRateLimiter(HitCounter(database, clock=lambda: now[0]), limit))
    return limiters, sent


def test_two_processes_together_pass_exactly_the_limit_with_few_round_trips(tmp_path: Path) -> None:
    now = [1000.0]
    limiters, sent = _processes(tmp_path, now, 600)
    passed = refused = 0
    for _ in range(800):
        for limiter in limiters:
            try:
                limiter.hit("k")
                passed += 1
            except RateLimitedError:
                refused += 1
    assert passed == 600 and refused == 1000
    grants = sum(1 for statement in sent if statement.lstrip().upper().startswith("INSERT"))
    assert grants - refused < 600 / 4, "a busy key takes several hits per round trip (a refusal: one)"


def test_hits_not_used_in_their_bucket_are_given_back(tmp_path: Path) -> None:
    now = [1000.0]
    (limiter, _), _ = _processes(tmp_path, now, 600)
    counter = limiter._counter  # noqa: SLF001 - the database's own count is what is checked
    first = counter.bucket_now()
    for _ in range(20):
        limiter.hit("k")
    assert counter.blocked("key:k", 21, 60) is not None, "more hits were taken than used"
    now[0] += BUCKET_SECONDS
    limiter.hit("k")  # the next bucket: what the first left unused goes back
    with Database(f"sqlite:///{tmp_path / 'shared.db'}").session() as session:
        in_first = session.scalar(select(HitRow.n).where(HitRow.key == "key:k", HitRow.bucket == first))
    assert in_first == 20


def test_a_small_limit_is_counted_one_request_at_a_time(tmp_path: Path) -> None:
    now = [1000.0]
    (first, second), _ = _processes(tmp_path, now, 4)
    for limiter in (first, second, first, second):
        limiter.hit("k")
    for limiter in (first, second):
        with pytest.raises(RateLimitedError):
            limiter.hit("k")
