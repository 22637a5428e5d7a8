"""Chroma client/server mode: ingest and search against a real `chroma run` on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.errors import StoreUnavailableError
from tests.conftest import make_settings

_START_TIMEOUT = 60.0

CASE = """1 Casus

De fietskoeriers bieden werkervaringsplekken aan mensen met een afstand tot de arbeidsmarkt.

2 Resultaten

Na een jaar hebben zestien deelnemers een betaalde baan gevonden.
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A real Chroma server on a free loopback port, stopped after the test."""
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    proc = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(tmp_path / "chroma-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + _START_TIMEOUT
    try:
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, (tmp_path / "chroma.log").read_text()
            assert time.monotonic() < deadline, "chroma run did not start"
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.mark.server
def test_ingest_and_search_through_a_chroma_server(
    tmp_path: Path, embedder, chroma_server: str
) -> None:
    import chromadb

    from werkwijzer.compose import build_core

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "casus.txt").write_text(CASE, encoding="utf-8")
    settings = make_settings(tmp_path / "data", corpus_dir=corpus, chroma_url=chroma_server)
    core = build_core(settings, embedder=embedder)
    first = core.indexer.ingest()
    assert first.ok and first.added == 2

    hit = core.retriever.search("hoeveel deelnemers vonden een betaalde baan", k=1)[0]
    assert hit.passage.section == "2 Resultaten"
    index = core.holder.current()
    assert index.store.count() == 2
    # The vectors live on the server, not in the version folder.
    assert not (tmp_path / "data" / "index" / first.version / "chroma").exists()

    port = int(chroma_server.rsplit(":", 1)[1])
    server = chromadb.HttpClient(host="127.0.0.1", port=port)
    collection = server.get_collection(f"werkwijzer-{first.version}")
    meta = collection.metadata
    assert meta["embedding_model"] == "all-MiniLM-L6-v2" and meta["dimension"] == 384
    assert meta["chunk_max_tokens"] == settings.chunk_max_tokens and meta["chunker_version"]

    # Two more versions: the previous one is kept for running servers, older collections dropped.
    (corpus / "casus.txt").write_text(CASE.replace("zestien", "achttien"), encoding="utf-8")
    second = core.indexer.ingest()
    (corpus / "casus.txt").write_text(CASE.replace("zestien", "twintig"), encoding="utf-8")
    third = core.indexer.ingest()
    names = {c.name for c in server.list_collections()}
    assert names == {f"werkwijzer-{second.version}", f"werkwijzer-{third.version}"}
    assert "twintig" in core.retriever.search("deelnemers betaalde baan", k=1)[0].passage.text


@pytest.mark.server
def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    from assistant.adapters.chroma import chroma_client
    from assistant.errors import ConfigurationError

    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnavailableError, match=f"Cannot reach the Chroma server at {url}"):
        chroma_client(url=url, path=tmp_path)
    with pytest.raises(ConfigurationError, match="http://host:port"):
        chroma_client(url="localhost:8000", path=tmp_path)
