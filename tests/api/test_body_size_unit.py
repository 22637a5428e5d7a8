"""The body-size cap on a tiny app: by the declared length, by the bytes that arrive, uploads apart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from api.errors import install_error_handlers
from api.limits import BodySizeLimit

KIB = 1024


def capped(*, max_kib: int = 1, upload_mib: int = 1) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/api/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    @app.post("/api/admin/documents")
    async def upload(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    limited = BodySizeLimit.from_kib(app, max_kib=max_kib, upload_max_mib=upload_mib,
                                     upload_prefix="/api/admin/documents")
    return TestClient(limited)


def chunks(total: int, size: int = 256) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b"x" * min(size, total - sent)
        sent += size


def test_a_body_within_the_cap_passes() -> None:
    assert capped().post("/api/echo", content=b"x" * KIB).json() == {"bytes": KIB}


def test_a_declared_length_over_the_cap_is_refused_before_reading() -> None:
    r = capped().post("/api/echo", content=b"x" * (KIB + 1))
    assert r.status_code == 413
    message = "The request body is 1025 bytes; the limit is 1 KB. Send a shorter request."
    assert r.json()["error"] == {"type": "too_large", "message": message}


def test_a_streamed_body_without_length_is_cut_off_at_the_cap() -> None:
    r = capped().post("/api/echo", content=chunks(4 * KIB))
    assert r.status_code == 413 and r.json()["error"]["type"] == "too_large"


def test_uploads_have_their_own_larger_cap_in_megabytes() -> None:
    client = capped(upload_mib=1)
    assert client.post("/api/admin/documents", content=b"x" * (512 * KIB)).json() == {"bytes": 512 * KIB}
    refused = client.post("/api/admin/documents", content=b"x" * (2 * 1024 * KIB))
    assert refused.status_code == 413
    assert refused.json()["error"]["message"] == "The upload is larger than the limit of 1 MB; send a smaller one."


@pytest.mark.parametrize("size", [0, KIB])
def test_the_cap_is_inclusive(size: int) -> None:
    assert capped().post("/api/echo", content=b"x" * size).status_code == 200
