"""Every domain error rendered by the API's one handler: its status, its type and its message."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.errors import install_error_handlers
from assistant import errors
from tests.assistant.test_errors import CONTRACT
from tests.conftest import LOCAL_URL


def _app(exc: Exception) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise exc

    return app


@pytest.mark.parametrize(("error", "status", "kind"), CONTRACT)
def test_the_api_renders_each_error_with_its_status_type_and_message(
    error: type[errors.WerkwijzerError], status: int, kind: str
) -> None:
    with TestClient(_app(error("Wat er mis is en wat te doen.")), base_url=LOCAL_URL) as client:
        r = client.get("/boom")
    assert r.status_code == status
    assert r.json()["error"] == {"type": kind, "message": "Wat er mis is en wat te doen."}


def test_a_rate_limit_says_when_to_retry() -> None:
    err = errors.RateLimitedError("Te veel verzoeken.", retry_after=17)
    assert (err.http_status, err.kind, err.retry_after) == (429, "rate_limited", 17)
    with TestClient(_app(err), base_url=LOCAL_URL) as client:
        r = client.get("/boom")
    assert r.status_code == 429 and r.headers["retry-after"] == "17"
