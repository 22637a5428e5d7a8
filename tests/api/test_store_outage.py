"""A Chroma server that goes away: 503 with a clear error, and service again once it is back."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.conftest import CORPUS, make_settings
from tests.live import LOOPBACK, free_port
from werkwijzer.compose import build_core

pytestmark = pytest.mark.server

CHROMA = Path(sys.executable).parent / "chroma"
START_SECONDS = 60.0
POLL = 0.25
QUERY = {"query": "werkfit-traject begeleiding", "k": 3}


def _start(data: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data), "--host", LOOPBACK, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            if (
                httpx.get(f"http://{LOOPBACK}:{port}/api/v2/heartbeat", timeout=1).status_code
                == 200
            ):
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(POLL)
    proc.kill()
    raise RuntimeError("chroma run did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[tuple[Path, int, list[subprocess.Popen[bytes]]]]:
    if not CHROMA.exists():
        pytest.skip("the chroma server program is not installed in this environment")
    data, port = tmp_path / "chroma-server", free_port()
    running = [_start(data, port)]
    yield data, port, running
    for proc in running:
        if proc.poll() is None:
            _stop(proc)


def test_chroma_outage_gives_503_then_recovers(chroma, tmp_path: Path, embedder) -> None:  # noqa: ANN001
    data, port, running = chroma
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "werkfit-trajecten-presentatie.txt", corpus)
    settings = make_settings(tmp_path / "app", corpus_dir=corpus, chroma_url=f"http://{LOOPBACK}:{port}")
    core = build_core(settings, embedder=embedder)
    assert core.indexer.ingest().ok
    with TestClient(create_app(core), base_url="http://localhost") as client:
        before = client.post("/api/search", json=QUERY)
        assert before.status_code == 200

        _stop(running.pop())
        # Search scores every passage against the vectors read once per index version, so it
        # keeps answering while the server is down; the health check still reports the outage.
        r = client.post("/api/search", json=QUERY)
        assert r.status_code == 200
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["error"]["type"] == "store_unavailable"
        assert "Chroma" in health.json()["error"]["message"] and "Traceback" not in health.json()["error"]["message"]
        # The parts that need no vectors keep working.
        assert client.get("/api/documents").status_code == 200

        running.append(_start(data, port))
        after = client.post("/api/search", json=QUERY)
        assert after.status_code == 200
        assert [p["id"] for p in after.json()["results"]] == [
            p["id"] for p in before.json()["results"]
        ]
        assert client.get("/healthz").status_code == 200
