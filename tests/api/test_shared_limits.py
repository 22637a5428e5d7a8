"""Rate limits and failed-key throttling live in the database: two apps on one database share them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx

from api.main import create_app
from assistant.records.db import Database
from assistant.records.keys import KeyStore
from assistant.records.limits import HitCounter
from tests.api.variants import core_with
from tests.live import serve_app


def _two_servers(corpus_core, tmp_path: Path, **settings: object):  # noqa: ANN001, ANN202
    """Two apps, each with its own engine and connections on one database file (as two processes)."""
    first = core_with(corpus_core, tmp_path, require_api_keys=True, **settings)
    url = str(first.database.engine.url)
    database = Database(url)
    second = replace(first, database=database, keys=KeyStore(database), limits=HitCounter(database))
    return first, second


def test_rate_limit_holds_across_two_servers(corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    first, second = _two_servers(corpus_core, tmp_path, rate_limit_per_minute=4)
    token = first.keys.create("gedeeld", scopes=["search"]).token
    headers = {"X-API-Key": token}
    with serve_app(create_app(first)) as a, serve_app(create_app(second)) as b:
        codes = [
            httpx.get(f"{base}/api/documents", headers=headers).status_code
            for base in (a, b, a, b, a, b)
        ]
    assert codes == [200, 200, 200, 200, 429, 429]


def test_wrong_keys_are_throttled_per_address_across_servers(corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    first, second = _two_servers(corpus_core, tmp_path, auth_failures_per_minute=3)
    good = first.keys.create("echt", scopes=["search"]).token
    with serve_app(create_app(first)) as a, serve_app(create_app(second)) as b:
        wrong = [
            httpx.get(f"{base}/api/documents", headers={"X-API-Key": f"ww_dead_{n}"}).status_code
            for n, base in enumerate((a, b, a))
        ]
        assert wrong == [401, 401, 401]
        # Throttled now, on both servers, even with the right key: guessing gets no answer.
        for base in (a, b):
            r = httpx.get(f"{base}/api/documents", headers={"X-API-Key": good})
            assert r.status_code == 429, r.text
            assert "wrong API keys" in r.json()["error"]["message"]
            assert int(r.headers["retry-after"]) >= 1
