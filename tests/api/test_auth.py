"""API keys at the HTTP edge: open on localhost by default, scopes, 401/403, rate limits, safety."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.auth import check_serving_safety, scope_for
from api.main import create_app
from assistant.errors import ConfigurationError
from assistant.records.limits import BUCKET_SECONDS
from tests.api.variants import core_with
from tests.conftest import make_settings

SEARCH = {"query": "werkfit-traject", "k": 2}


@pytest.fixture
def secured(corpus_core, tmp_path: Path):  # noqa: ANN001, ANN201
    core = core_with(corpus_core, tmp_path, require_api_keys=True, rate_limit_per_minute=3)
    with TestClient(create_app(core), base_url="http://localhost") as client:
        yield client, core.keys


def test_localhost_default_is_open(client) -> None:  # noqa: ANN001
    assert client.post("/api/search", json=SEARCH).status_code == 200


def test_non_local_bind_requires_keys_and_refuses_to_be_opened(tmp_path: Path) -> None:
    assert make_settings(tmp_path).keys_required is False
    assert make_settings(tmp_path, host="0.0.0.0").keys_required is True
    check_serving_safety(make_settings(tmp_path, host="0.0.0.0"))
    with pytest.raises(ConfigurationError, match="Refusing to serve on 0.0.0.0"):
        check_serving_safety(make_settings(tmp_path, host="0.0.0.0", require_api_keys=False))


def test_unsafe_app_is_not_created(corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    core = core_with(corpus_core, tmp_path, host="10.1.2.3", require_api_keys=False)
    with pytest.raises(ConfigurationError, match="WERKWIJZER_REQUIRE_API_KEYS"):
        create_app(core)


def test_missing_and_wrong_keys_get_401(secured) -> None:  # noqa: ANN001
    client, _ = secured
    r = client.post("/api/search", json=SEARCH)
    assert r.status_code == 401
    assert r.json()["error"]["type"] == "unauthorized"
    assert "X-API-Key" in r.json()["error"]["message"]
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = client.post("/api/search", json=SEARCH, headers={"X-API-Key": "ww_00000000_guess"})
    assert r.status_code == 401


def test_bearer_and_header_keys_work_and_scopes_are_checked(secured) -> None:  # noqa: ANN001
    client, keys = secured
    token = keys.create("zoekpagina", scopes=["search"]).token
    assert (
        client.post(
            "/api/search", json=SEARCH, headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 200
    )
    assert client.get("/api/documents", headers={"X-API-Key": token}).status_code == 200
    r = client.post("/api/admin/ingest", headers={"X-API-Key": token})
    assert r.status_code == 403
    assert "'admin' scope" in r.json()["error"]["message"]


def test_revoked_key_stops_working(secured) -> None:  # noqa: ANN001
    client, keys = secured
    created = keys.create("tijdelijk", scopes=["search"])
    assert client.get("/api/documents", headers={"X-API-Key": created.token}).status_code == 200
    keys.revoke(created.key.id)
    r = client.get("/api/documents", headers={"X-API-Key": created.token})
    assert r.status_code == 401 and "revoked" in r.json()["error"]["message"]


def test_open_paths_stay_open_with_keys_required(secured) -> None:  # noqa: ANN001
    client, _ = secured
    assert client.get("/healthz").status_code == 200
    assert client.get("/widget.js").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_rate_limit_per_key_with_retry_after(secured) -> None:  # noqa: ANN001
    client, keys = secured
    first = keys.create("a", scopes=["search"]).token
    second = keys.create("b", scopes=["search"]).token
    for _ in range(3):
        assert client.get("/api/documents", headers={"X-API-Key": first}).status_code == 200
    r = client.get("/api/documents", headers={"X-API-Key": first})
    assert r.status_code == 429
    assert r.json()["error"]["type"] == "rate_limited"
    assert 1 <= int(r.headers["retry-after"]) <= 60 + BUCKET_SECONDS  # counted in 10-second buckets
    assert client.get("/api/documents", headers={"X-API-Key": second}).status_code == 200


def test_scope_of_paths_is_closed_by_default() -> None:
    assert scope_for("/api/admin/rebuild") == "admin"
    assert scope_for("/api/search") == "search"
    assert scope_for("/api/passages/x-1") == "search"
    assert scope_for("/api/chat/stream") == "chat"
    assert scope_for("/api/some-future-endpoint") == "chat"
    assert scope_for("/v1/chat/completions") == "chat"
    assert scope_for("/api/searching") == "chat"
    assert scope_for("/healthz") is None and scope_for("/widget.js") is None
