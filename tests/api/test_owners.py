"""Owned conversations over HTTP: API keys, browser sessions and a trusted proxy's users."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.sessions import SESSION_COOKIE
from tests.api.variants import core_with
from tests.conftest import LOCAL_URL
from tests.live import serve_app

QUESTION = "Wat is een werkfit-traject?"


def _chat(client, headers: dict[str, str] | None = None, conversation_id: str | None = None):  # noqa: ANN001, ANN202
    return client.post(
        "/api/chat",
        json={"message": QUESTION, "conversation_id": conversation_id},
        headers=headers or {},
    )


def _listed(client, headers: dict[str, str] | None = None) -> set[str]:  # noqa: ANN001
    r = client.get("/api/conversations", headers=headers or {})
    assert r.status_code == 200, r.text
    return {c["id"] for c in r.json()["conversations"]}


def _refused_everything(client, cid: str, turn_id: str, headers: dict[str, str]) -> None:  # noqa: ANN001
    """Another principal cannot read, continue, rename, rate or delete conversation ``cid``."""
    assert cid not in _listed(client, headers)
    assert client.get(f"/api/conversations/{cid}", headers=headers).status_code == 404
    assert _chat(client, headers, cid).status_code == 404
    r = client.patch(f"/api/conversations/{cid}", json={"title": "Overgenomen"}, headers=headers)
    assert r.status_code == 404
    r = client.post("/api/feedback", json={"turn_id": turn_id, "rating": "down"}, headers=headers)
    assert r.status_code == 404
    r = client.post("/api/feedback", json={"conversation_id": cid, "rating": "down"}, headers=headers)
    assert r.status_code == 404
    assert client.delete(f"/api/conversations/{cid}", headers=headers).status_code == 404


def test_two_keys_see_only_their_own_and_an_admin_key_sees_all(corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    core = core_with(corpus_core, tmp_path, require_api_keys=True)
    ann, bob, admin = (
        {"Authorization": f"Bearer {core.keys.create(name, scopes=scopes).token}"}
        for name, scopes in (("ann", ["chat"]), ("bob", ["chat"]), ("beheer", ["admin"]))
    )
    with TestClient(create_app(core), base_url=LOCAL_URL) as client:
        first = _chat(client, ann).json()
        cid = first["conversation_id"]
        assert cid in _listed(client, ann)
        _refused_everything(client, cid, first["turn_id"], bob)
        assert _chat(client, ann, cid).status_code == 200  # the owner continues it
        rated = client.post("/api/feedback", json={"conversation_id": cid, "rating": "up"}, headers=ann)
        assert rated.status_code == 200
        assert client.get("/api/feedback", headers=bob).json()["feedback"] == []
        assert client.get("/api/feedback/export", headers=ann).status_code == 403
        assert cid in _listed(client, admin)
        assert client.get(f"/api/conversations/{cid}", headers=admin).status_code == 200
        assert client.get("/api/feedback/export?rating=all", headers=admin).text.count(QUESTION) >= 1
        # Deleting a conversation takes its feedback with it.
        assert client.delete(f"/api/conversations/{cid}", headers=ann).status_code == 204
        rated = client.get("/api/feedback", params={"conversation_id": cid}, headers=admin).json()
        assert rated["feedback"] == []


def test_two_browsers_have_their_own_session_cookie_and_conversations(corpus_core) -> None:  # noqa: ANN001
    app = create_app(corpus_core)
    with TestClient(app, base_url=LOCAL_URL) as one, TestClient(app, base_url=LOCAL_URL) as two:
        page = one.get("/")
        cookie = page.headers["set-cookie"]
        assert cookie.startswith(f"{SESSION_COOKIE}=")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        first = _chat(one).json()
        cid = first["conversation_id"]
        assert cid in _listed(one)
        _refused_everything(two, cid, first["turn_id"], {})
        assert _chat(one, conversation_id=cid).status_code == 200
        # A forged or foreign cookie is just another browser.
        two.cookies.set(SESSION_COOKIE, "x" * 43)
        assert cid not in _listed(two)


def test_a_proxy_user_owns_conversations_only_from_a_trusted_proxy(corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    header = "X-Forwarded-User"
    trusted = core_with(
        corpus_core, tmp_path / "a", require_api_keys=True, proxy_user_header=header,
        trusted_proxies=["127.0.0.0/8"],
    )
    with serve_app(create_app(trusted)) as url, httpx.Client(base_url=url) as http:
        ann, bob = {header: "ann@example.nl"}, {header: "bob@example.nl"}
        first = _chat(http, ann)
        assert first.status_code == 200, first.text
        cid = first.json()["conversation_id"]
        assert cid in _listed(http, ann)
        _refused_everything(http, cid, first.json()["turn_id"], bob)
        assert http.post("/api/admin/ingest", headers=ann).status_code == 401  # users are no admins
    elsewhere = core_with(
        corpus_core, tmp_path / "b", require_api_keys=True, proxy_user_header=header,
        trusted_proxies=["10.9.9.9"],
    )
    with serve_app(create_app(elsewhere)) as url, httpx.Client(base_url=url) as http:
        r = _chat(http, {header: "ann@example.nl"})
        assert r.status_code == 401  # the header from anyone but the proxy counts for nothing


@pytest.fixture
def dummy_key_client(corpus_core) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(create_app(corpus_core), base_url=LOCAL_URL) as client:
        yield client


def test_open_mode_takes_any_placeholder_key_and_it_identifies_its_sender(dummy_key_client) -> None:  # noqa: ANN001
    client = dummy_key_client
    for key in ("sk-dummy", "ollama"):
        headers = {"Authorization": f"Bearer {key}"}
        assert client.get("/v1/models", headers=headers).status_code == 200
        assert client.post("/api/search", json={"query": "werkfit"}, headers=headers).status_code == 200
    client.cookies.clear()
    cid = _chat(client, {"Authorization": "Bearer sk-dummy"}).json()["conversation_id"]
    client.cookies.clear()
    assert cid in _listed(client, {"Authorization": "Bearer sk-dummy"})
    assert cid not in _listed(client, {"Authorization": "Bearer ollama"})
    # A token of ours is still checked, so a wrong real key shows up at once.
    r = client.post("/api/search", json={"query": "werkfit"}, headers={"X-API-Key": "ww_00000000_fout"})
    assert r.status_code == 401
