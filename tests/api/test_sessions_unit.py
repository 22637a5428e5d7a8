"""Browser sessions and proxy users on a tiny app: cookie rules and which proxies are believed."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from api.sessions import SESSION_COOKIE, SessionCookie, _trusted, browser_session, proxy_user
from assistant.config import Settings
from tests.live import serve_app

VALID = "A" * 43


def cookie_app() -> TestClient:
    app = FastAPI()

    @app.get("/who")
    def who(request: Request) -> dict[str, str | None]:
        return {"session": browser_session(request)}

    return TestClient(SessionCookie(app), base_url="http://localhost")


def test_a_browser_without_a_cookie_gets_a_new_strict_http_only_one() -> None:
    client = cookie_app()
    r = client.get("/who")
    header = r.headers["set-cookie"]
    assert header.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in header and "SameSite=Strict" in header
    assert "Secure" not in header  # plain http on this machine
    secret = header.split(";", 1)[0].split("=", 1)[1]
    assert r.json() == {"session": secret} and len(secret) == 43


def test_a_valid_cookie_is_kept_and_not_set_again() -> None:
    client = cookie_app()
    r = client.get("/who", headers={"Cookie": f"{SESSION_COOKIE}={VALID}"})
    assert r.json() == {"session": VALID} and "set-cookie" not in r.headers


@pytest.mark.parametrize("cookie", [f"{SESSION_COOKIE}=kort", f"{SESSION_COOKIE}={'A' * 42}!", "a=b; ; =;"])
def test_an_invalid_or_malformed_cookie_gets_a_fresh_session(cookie: str) -> None:
    r = cookie_app().get("/who", headers={"Cookie": cookie})
    assert "set-cookie" in r.headers and r.json()["session"] != VALID


def test_over_https_the_cookie_is_secure() -> None:
    app = FastAPI()
    client = TestClient(SessionCookie(app), base_url="https://werkwijzer.example")
    assert "Secure" in client.get("/").headers["set-cookie"]


@pytest.mark.parametrize(
    ("client", "proxies", "trusted"),
    [("10.0.0.5", ["10.0.0.0/8"], True), ("10.0.0.5", ["10.0.0.5"], True), ("192.168.1.1", ["10.0.0.0/8"], False),
     ("::1", ["::1"], True), ("10.0.0.5", [], False), (None, ["10.0.0.0/8"], False),
     ("testclient", ["10.0.0.0/8"], False)],
)
def test_only_listed_proxy_addresses_are_trusted(client: str | None, proxies: list[str], trusted: bool) -> None:
    assert _trusted(client, proxies) is trusted


def proxy_app(settings: Settings) -> FastAPI:
    app = FastAPI()

    @app.get("/user")
    def user(request: Request) -> dict[str, str | None]:
        return {"user": proxy_user(request, settings)}

    return app


def ask_user(settings: Settings, headers: dict[str, str]) -> object:
    with serve_app(proxy_app(settings)) as url:  # real HTTP: the peer is 127.0.0.1
        return httpx.get(f"{url}/user", headers=headers).json()["user"]


def test_the_proxy_header_counts_only_from_a_trusted_proxy_and_when_configured() -> None:
    header = {"X-Forwarded-User": "alice"}
    local_proxy = Settings(_env_file=None, proxy_user_header="X-Forwarded-User",  # type: ignore[call-arg]
                           trusted_proxies=["127.0.0.0/8"])
    assert ask_user(local_proxy, header) == "alice"
    assert ask_user(local_proxy, {"X-Forwarded-User": ""}) is None  # an empty name is nobody
    other_proxy = Settings(_env_file=None, proxy_user_header="X-Forwarded-User",  # type: ignore[call-arg]
                           trusted_proxies=["10.0.0.0/8"])
    assert ask_user(other_proxy, header) is None  # anyone can send the header
    unset = Settings(_env_file=None, trusted_proxies=["127.0.0.0/8"])  # type: ignore[call-arg]
    assert ask_user(unset, header) is None
