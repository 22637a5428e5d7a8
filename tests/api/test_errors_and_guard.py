"""The HTTP edge on a tiny app: every error in the contract's shape, and the Host / cross-site guard."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict

from api.errors import install_error_handlers
from api.guard import RequestGuard, _host_name
from assistant import errors

DOMAIN_ERRORS: list[tuple[errors.WerkwijzerError, int, str]] = [
    (errors.InvalidInputError("bad"), 422, "invalid_input"),
    (errors.NotFoundError("gone"), 404, "not_found"),
    (errors.ConflictError("busy"), 409, "conflict"),
    (errors.IndexMissingError("no index"), 503, "index_missing"),
    (errors.IndexMismatchError("other model"), 503, "index_mismatch"),
    (errors.StoreUnavailableError("down"), 503, "store_unavailable"),
    (errors.DatabaseUnavailableError("db down"), 503, "database_unavailable"),
    (errors.ConfigurationError("unsafe"), 500, "configuration"),
    (errors.PromptError("missing prompt"), 500, "prompt"),
    (errors.AuthError("who are you"), 401, "unauthorized"),
    (errors.ForbiddenError("not yours"), 403, "forbidden"),
    (errors.TooLargeError("too much"), 413, "too_large"),
    (errors.RateLimitedError("slow down", retry_after=7), 429, "rate_limited"),
]


class Body(BaseModel):
    """A strict request body."""

    model_config = ConfigDict(extra="forbid")
    question: str
    k: int = 3


def make_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/domain/{n}")
    def domain(n: int) -> None:
        raise DOMAIN_ERRORS[n][0]

    @app.post("/body")
    def body(b: Body) -> dict[str, str]:
        return {"question": b.question}

    @app.get("/teapot")
    def teapot() -> None:
        raise HTTPException(status_code=418, detail={"not": "a string"})

    @app.get("/gone")
    def gone() -> None:
        raise HTTPException(status_code=404, detail="That conversation is gone.")

    @app.get("/crash")
    def crash() -> None:
        raise RuntimeError("secret stack detail")

    @app.get("/unicode")
    def unicode() -> None:
        "\ud800".encode()

    return app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(make_app(), raise_server_exceptions=False)


@pytest.mark.parametrize(("n", "status", "kind"), [(i, s, k) for i, (_, s, k) in enumerate(DOMAIN_ERRORS)])
def test_domain_errors_carry_their_status_and_type(client: TestClient, n: int, status: int, kind: str) -> None:
    r = client.get(f"/domain/{n}")
    assert r.status_code == status
    assert r.json() == {"error": {"type": kind, "message": str(DOMAIN_ERRORS[n][0])}}


def test_rate_limits_say_when_to_retry_and_auth_errors_how_to_authenticate(client: TestClient) -> None:
    limited = [i for i, (e, _, _) in enumerate(DOMAIN_ERRORS) if isinstance(e, errors.RateLimitedError)][0]
    auth = [i for i, (e, _, _) in enumerate(DOMAIN_ERRORS) if type(e) is errors.AuthError][0]
    assert client.get(f"/domain/{limited}").headers["Retry-After"] == "7"
    assert client.get(f"/domain/{auth}").headers["WWW-Authenticate"].startswith("Bearer")


def test_a_missing_field_an_unknown_field_and_a_wrong_type_are_named(client: TestClient) -> None:
    missing = client.post("/body", json={})
    assert missing.status_code == 422
    assert missing.json()["error"] == {"type": "invalid_input", "message": "'question' is required"}
    extra = client.post("/body", json={"question": "q", "colour": "red"})
    assert extra.json()["error"]["message"] == "'colour' is not a known field"
    wrong = client.post("/body", json={"question": "q", "k": "veel"})
    assert wrong.json()["error"]["message"].startswith("k: ")


def test_a_body_that_is_not_json_or_not_text_is_invalid_input(client: TestClient) -> None:
    broken = client.post("/body", content=b'{"question": ', headers={"Content-Type": "application/json"})
    assert broken.status_code == 422
    assert "not valid JSON" in broken.json()["error"]["message"]
    binary = client.post("/body", content=b"\xff\xfe\x00", headers={"Content-Type": "application/json"})
    assert binary.status_code == 422 and binary.json()["error"]["type"] == "invalid_input"


def test_http_errors_keep_their_message_or_name_their_status(client: TestClient) -> None:
    assert client.get("/gone").json()["error"] == {"type": "not_found", "message": "That conversation is gone."}
    nowhere = client.get("/nowhere")
    assert nowhere.json()["error"] == {"type": "not_found", "message": "There is no endpoint at /nowhere"}
    assert client.get("/teapot").json()["error"] == {"type": "error", "message": "error"}
    assert client.delete("/gone").json()["error"]["type"] == "method_not_allowed"


def test_an_unexpected_error_shows_no_detail(client: TestClient) -> None:
    r = client.get("/crash")
    assert r.status_code == 500
    assert r.json()["error"]["type"] == "internal" and "secret" not in r.text


def test_unencodable_text_is_invalid_input(client: TestClient) -> None:
    r = client.get("/unicode")
    assert r.status_code == 422 and "UTF-8" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    ("header", "name"),
    [("localhost:8000", "localhost"), ("LOCALHOST", "localhost"), ("[::1]:8000", "::1"), ("::1", "::1"),
     (" 127.0.0.1:80 ", "127.0.0.1"), ("", "")],
)
def test_the_host_name_loses_its_port(header: str, name: str) -> None:
    assert _host_name(header) == name


def guarded(hosts: frozenset[str] | None, origins: list[str]) -> TestClient:
    app = FastAPI()

    @app.get("/read")
    def read() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/change")
    def change() -> dict[str, bool]:
        return {"ok": True}

    return TestClient(RequestGuard(app, hosts=hosts, origins=origins), base_url="http://localhost")


def test_other_host_names_are_refused_and_say_which_setting_allows_them() -> None:
    client = guarded(frozenset({"localhost"}), [])
    assert client.get("/read").status_code == 200
    refused = client.get("/read", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert refused.json()["error"]["type"] == "host_not_allowed"
    assert "'evil.example'" in refused.json()["error"]["message"]
    assert "WERKWIJZER_ALLOWED_HOSTS" in refused.json()["error"]["message"]


def test_without_an_allow_list_any_host_is_answered() -> None:
    assert guarded(None, []).get("/read", headers={"Host": "anything.example"}).status_code == 200


def test_a_change_from_another_origin_is_refused_but_reading_is_not() -> None:
    client = guarded(None, [])
    other = {"Origin": "https://evil.example"}
    assert client.get("/read", headers=other).status_code == 200
    refused = client.post("/change", headers=other)
    assert refused.status_code == 403 and refused.json()["error"]["type"] == "cross_site"
    assert "https://evil.example" in refused.json()["error"]["message"]
    assert client.post("/change", headers={"Origin": "null"}).status_code == 403


def test_a_change_from_the_same_origin_or_an_allowed_one_passes() -> None:
    client = guarded(None, ["https://portal.example/"])
    assert client.post("/change", headers={"Origin": "http://localhost"}).status_code == 200
    assert client.post("/change", headers={"Origin": "https://PORTAL.example"}).status_code == 200
    assert client.post("/change").status_code == 200  # no browser: no origin to check


def test_a_cross_site_fetch_without_origin_is_refused() -> None:
    client = guarded(None, [])
    assert client.post("/change", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/change", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
