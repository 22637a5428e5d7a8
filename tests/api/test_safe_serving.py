"""The open localhost mode made safe: Host allow-list, cross-site refusals, admin keys, bad text, health."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.api.variants import core_with
from tests.conftest import CORPUS, LOCAL_URL, make_settings
from werkwijzer.compose import build_core

SURROGATE = '"vraag \\ud800 over werkfit"'  # JSON text with a lone surrogate, as a client sends it


def test_a_rebinding_host_name_is_refused(client) -> None:  # noqa: ANN001
    r = client.get("/api/documents", headers={"Host": "attacker.example"})
    assert r.status_code == 400
    assert r.json()["error"]["type"] == "host_not_allowed"
    assert "WERKWIJZER_ALLOWED_HOSTS" in r.json()["error"]["message"]
    for host in ("localhost:8000", "127.0.0.1:8000", "[::1]:8000"):
        assert client.get("/api/documents", headers={"Host": host}).status_code == 200


def test_named_hosts_and_keyed_servers(corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    named = core_with(corpus_core, tmp_path / "a", allowed_hosts=["werkwijzer.intranet"])
    with TestClient(create_app(named), base_url="http://werkwijzer.intranet") as c:
        assert c.get("/api/documents").status_code == 200
        assert c.get("/api/documents", headers={"Host": "localhost"}).status_code == 400
    keyed = core_with(corpus_core, tmp_path / "b", require_api_keys=True)
    with TestClient(create_app(keyed), base_url="http://server.example") as c:
        assert c.get("/healthz").status_code == 200  # with keys, every call proves itself


def test_cross_site_changes_are_refused_and_same_origin_ones_pass(client) -> None:  # noqa: ANN001
    # A form another site posts to the local server: the browser says where it came from.
    form = {"message": "Wat is werkfit?"}
    r = client.post("/api/chat", data=form, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and r.json()["error"]["type"] == "cross_site"
    assert "evil.example" in r.json()["error"]["message"]
    assert "WERKWIJZER_CORS_ORIGINS" in r.json()["error"]["message"]
    r = client.post("/api/admin/rebuild", headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    assert client.delete("/api/conversations/x", headers={"Origin": "null"}).status_code == 403
    same = {"Origin": LOCAL_URL, "Sec-Fetch-Site": "same-origin"}
    assert client.post("/api/search", json={"query": "werkfit"}, headers=same).status_code == 200
    # Reading is never refused for its origin, and clients without Origin (curl, SDKs) pass.
    assert client.get("/api/documents", headers={"Origin": "http://evil.example"}).status_code == 200
    assert client.post("/api/search", json={"query": "werkfit"}).status_code == 200


def test_a_cors_origin_may_post(corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    core = core_with(corpus_core, tmp_path, cors_origins=["https://intranet.example"])
    with TestClient(create_app(core), base_url=LOCAL_URL) as c:
        r = c.post("/api/search", json={"query": "werkfit"}, headers={"Origin": "https://intranet.example"})
        assert r.status_code == 200


def test_admin_endpoints_need_an_admin_key_on_localhost_too(client, admin_headers) -> None:  # noqa: ANN001
    r = client.post("/api/admin/ingest")
    assert r.status_code == 401
    assert "werkwijzer keys create" in r.json()["error"]["message"]
    assert client.get("/api/feedback/export", headers={"Authorization": "Bearer sk-dummy"}).status_code == 401
    assert client.get("/api/feedback/export", headers=admin_headers).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/chat", '{"message": %s}'),
        ("POST", "/api/chat/stream", '{"message": %s}'),
        ("POST", "/api/search", '{"query": %s}'),
        ("POST", "/v1/chat/completions", '{"model": "werkwijzer", "messages": [{"role": "user", "content": %s}]}'),
    ],
)
def test_a_lone_surrogate_is_422_everywhere(client, method: str, path: str, body: str) -> None:  # noqa: ANN001
    r = client.request(method, path, content=body % SURROGATE, headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["type"] == "invalid_input"


def test_a_lone_surrogate_in_a_title_or_comment_is_422(client) -> None:  # noqa: ANN001
    chat = client.post("/api/chat", json={"message": "Wat is werkfit?"}).json()
    cid = chat["conversation_id"]
    bad = {"Content-Type": "application/json"}
    r = client.patch(f"/api/conversations/{cid}", content=f'{{"title": {SURROGATE}}}', headers=bad)
    assert r.status_code == 422 and "surrogate" in r.json()["error"]["message"]
    body = f'{{"turn_id": "{chat["turn_id"]}", "rating": "down", "comment": {SURROGATE}}}'
    assert client.post("/api/feedback", content=body, headers=bad).status_code == 422
    assert client.get(f"/api/conversations/{cid}").json()["title"] == "Wat is werkfit?"


def test_a_renamed_title_is_redacted(client) -> None:  # noqa: ANN001
    cid = client.post("/api/chat", json={"message": "Wat is werkfit?"}).json()["conversation_id"]
    r = client.patch(f"/api/conversations/{cid}", json={"title": "Klant 123456782, NL91 ABNA 0417 1643 00"})
    assert r.json()["title"] == "Klant [BSN], [IBAN]"


def test_health_names_a_deleted_database(corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    core = core_with(corpus_core, tmp_path)
    with TestClient(create_app(core), base_url=LOCAL_URL) as c:
        assert c.get("/healthz").status_code == 200
        (tmp_path / "variant.db").unlink()
        r = c.get("/healthz")
        assert r.status_code == 503 and r.json()["down"] == ["database"]
        assert r.json()["error"]["type"] == "database_unavailable"
        assert "variant.db is gone" in r.json()["error"]["message"]


def test_health_names_a_broken_index(tmp_path: Path, embedder) -> None:  # noqa: ANN001
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "werkfit-trajecten-presentatie.txt", corpus)
    core = build_core(make_settings(tmp_path / "data", corpus_dir=corpus), embedder=embedder)
    assert core.indexer.ingest().ok
    with TestClient(create_app(core), base_url=LOCAL_URL) as c:
        assert c.get("/healthz").status_code == 200
        shutil.rmtree(core.settings.index_dir)
        core.holder.invalidate()
        r = c.get("/healthz")
        assert r.status_code == 503 and r.json()["down"] == ["index"]
        assert json.dumps(r.json()).count("Traceback") == 0
