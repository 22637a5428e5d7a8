"""Conversations, keys, feedback, upload jobs and shared rate limits on a real PostgreSQL, over real HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from sqlalchemy import delete, event, text

from api.main import create_app
from assistant.records.db import Database
from assistant.records.keys import KeyStore
from assistant.records.limits import BUCKET_SECONDS, HitCounter, HitRow
from tests.conftest import ROOT
from tests.live import LOOPBACK, free_port, serve_app
from werkwijzer.compose import Core, build_core

QUESTION = "Welke drie thema's hadden de regionale plannen voor de sociale werkbedrijven?"
FOLLOW_UP = "En wie waren daarbij betrokken?"
_START_SECONDS = 240


@pytest.fixture(scope="module")
def pg_core(corpus_core, postgres_url: str, embedder) -> Iterator[Core]:  # noqa: ANN001
    """The corpus index with every record (conversations, feedback, keys, jobs, limits) in PostgreSQL."""
    settings = corpus_core.settings.model_copy(
        update={"database_url": postgres_url, "require_api_keys": True, "rate_limit_per_minute": 0}
    )
    core = build_core(settings, embedder=embedder)
    assert core.database.engine.dialect.name == "postgresql"
    yield core
    core.database.engine.dispose()  # before the cluster stops


def test_sixteen_threads_at_once_reuse_their_connections(postgres_url: str) -> None:
    database = Database(postgres_url)
    opened: list[object] = []
    event.listen(database.engine, "connect", lambda *_: opened.append(1))
    start = threading.Barrier(16)

    def use() -> None:
        start.wait()
        with database.session() as session:
            session.execute(text("SELECT pg_sleep(0.05)"))

    try:
        for _ in range(3):
            threads = [threading.Thread(target=use) for _ in range(16)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert len(opened) <= 16, "busy moments after the first open no new connections"
    finally:
        database.engine.dispose()


def test_processes_at_a_bucket_edge_together_pass_exactly_the_limit(postgres_url: str) -> None:
    url = postgres_url
    tables = Database(url)
    tables.create_all()
    tables.engine.dispose()
    edge = 10_000 * BUCKET_SECONDS
    # Two processes whose clocks read either side of a bucket's edge: they count in different rows.
    counters = [HitCounter(Database(url), clock=lambda at=at: at) for at in (edge - 0.001, edge)]
    passed: list[int] = []
    start = threading.Barrier(16)

    def hits(counter: HitCounter) -> None:
        start.wait()
        for _ in range(10):
            grant = counter.take("key:edge", 3, 100, 60)
            passed.append(grant.hits)

    threads = [threading.Thread(target=hits, args=(counters[n % 2],)) for n in range(16)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(passed) == 100
    finally:
        for counter in counters:
            counter._db.engine.dispose()  # noqa: SLF001 - before the cluster stops


def test_conversations_keys_and_feedback_on_postgres(pg_core: Core) -> None:
    admin = pg_core.keys.create("beheer", scopes=["admin"]).token
    headers = {"Authorization": f"Bearer {admin}"}
    with serve_app(create_app(pg_core)) as base, httpx.Client(base_url=base, headers=headers, timeout=120) as http:
        assert http.get("/api/documents", headers={"Authorization": "Bearer ww_0000_fout"}).status_code == 401
        first = http.post("/api/chat", json={"message": QUESTION}).json()
        follow = http.post(
            "/api/chat", json={"message": FOLLOW_UP, "conversation_id": first["conversation_id"]}
        ).json()
        assert follow["conversation_id"] == first["conversation_id"]
        conversation = http.get(f"/api/conversations/{first['conversation_id']}").json()
        questions = [m["content"] for m in conversation["messages"] if m["role"] == "user"]
        assert questions == [QUESTION, FOLLOW_UP]
        r = http.patch(f"/api/conversations/{first['conversation_id']}", json={"title": "Sectorplannen"})
        assert r.status_code == 200 and r.json()["title"] == "Sectorplannen"
        r = http.post("/api/feedback", json={"turn_id": first["turn_id"], "rating": "down", "comment": "Te kort"})
        assert r.status_code == 200, r.text
        listed = http.get("/api/feedback", params={"conversation_id": first["conversation_id"]}).json()
        assert [(f["turn_id"], f["comment"]) for f in listed["feedback"]] == [(first["turn_id"], "Te kort")]
        assert QUESTION in http.get("/api/feedback/export").text
        assert http.delete(f"/api/conversations/{first['conversation_id']}").status_code == 204
        assert http.get(f"/api/conversations/{first['conversation_id']}").status_code == 404
    revoked = pg_core.keys.create("weg", scopes=["search"])
    pg_core.keys.revoke(revoked.key.id)
    assert {k.name for k in pg_core.keys.list(include_revoked=False)} >= {"beheer"}
    assert "weg" not in {k.name for k in pg_core.keys.list(include_revoked=False)}


def test_rate_limit_and_wrong_key_throttle_hold_across_engines_on_postgres(pg_core: Core) -> None:
    limited = replace(pg_core, settings=pg_core.settings.model_copy(
        update={"rate_limit_per_minute": 3, "auth_failures_per_minute": 2}
    ))
    database = Database(pg_core.settings.resolved_database_url)  # a second engine: another process's view
    other = replace(limited, database=database, keys=KeyStore(database), limits=HitCounter(database))
    token = pg_core.keys.create("teller", scopes=["search"]).token
    with database.session() as session:  # wrong keys sent by the other tests from this address
        session.execute(delete(HitRow))
    with serve_app(create_app(limited)) as a, serve_app(create_app(other)) as b:
        codes = [
            httpx.get(f"{base}/api/documents", headers={"X-API-Key": token}).status_code
            for base in (a, b, a, b)
        ]
        assert codes == [200, 200, 200, 429]
        wrong = [httpx.get(f"{u}/api/documents", headers={"X-API-Key": "ww_0_x"}).status_code for u in (a, b, a)]
        assert wrong == [401, 401, 429]
    database.engine.dispose()


@pytest.fixture
def two_workers(pg_core: Core, tmp_path) -> Iterator[tuple[str, str]]:  # noqa: ANN001
    """`werkwijzer serve` with WERKWIJZER_WORKERS=2 on the corpus index and PostgreSQL (real processes)."""
    port = free_port()
    token = pg_core.keys.create("workers", scopes=["search", "chat"]).token
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
        "WERKWIJZER_DATA_DIR": str(pg_core.settings.data_dir),
        "WERKWIJZER_CORPUS_DIR": str(pg_core.settings.corpus_dir),
        "WERKWIJZER_DATABASE_URL": pg_core.settings.resolved_database_url,
        "WERKWIJZER_WORKERS": "2",
        "WERKWIJZER_REQUIRE_API_KEYS": "true",
        "WERKWIJZER_RATE_LIMIT_PER_MINUTE": "7",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "werkwijzer.cli", "serve", "--host", LOOPBACK, "--port", str(port)],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://{LOOPBACK}:{port}"
    deadline = time.monotonic() + _START_SECONDS
    try:
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("werkwijzer serve with 2 workers did not start")
            time.sleep(0.5)
        yield base, token
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


@pytest.mark.slow
def test_two_worker_processes_share_one_limit(two_workers: tuple[str, str]) -> None:
    base, token = two_workers
    # New connections each time, so the kernel hands them to both workers.
    codes = [
        httpx.get(f"{base}/api/documents", headers={"X-API-Key": token}).status_code for _ in range(14)
    ]
    assert codes.count(200) == 7 and codes.count(429) == 7, codes
