"""Authenticator.authorize on a real key store and hit counter (SQLite in a temp dir), without HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event

from api.auth import ANONYMOUS_OWNER, Authenticator, Principal, scope_for
from api.limits import DatabaseRateLimiter, FailedAuthThrottle
from assistant.errors import AuthError, ConfigurationError, ForbiddenError, RateLimitedError
from assistant.records.db import Database
from assistant.records.keys import KeyStore
from assistant.records.limits import HitCounter
from assistant.records.owners import Owner


class Parts:
    """A key store and counters on one new database."""

    def __init__(self, tmp_path: Path) -> None:
        database = Database(f"sqlite:///{tmp_path / 'auth.db'}")
        database.create_all()
        self.keys = KeyStore(database)
        self.counter = HitCounter(database)

    def auth(self, *, required: bool, limit: int = 100, failures: int = 0) -> Authenticator:
        throttle = FailedAuthThrottle(self.counter, failures) if failures else None
        return Authenticator(self.keys, required=required, limiter=DatabaseRateLimiter(self.counter, limit),
                             throttle=throttle)


@pytest.fixture
def parts(tmp_path: Path) -> Parts:
    return Parts(tmp_path)


def test_a_key_with_the_scope_is_its_own_owner(parts: Parts) -> None:
    created = parts.keys.create("zoekpagina", scopes=["search", "chat"])
    principal = parts.auth(required=True).authorize(created.token, "chat")
    assert principal.key is not None and principal.id == created.key.id
    assert principal.owner == Owner.of_key(created.key.id)


def test_an_admin_key_owns_as_an_admin(parts: Parts) -> None:
    created = parts.keys.create("beheer", scopes=["admin"])
    assert parts.auth(required=True).authorize(created.token, "admin").owner.admin


def test_a_key_without_the_scope_is_forbidden_and_says_which_it_has(parts: Parts) -> None:
    created = parts.keys.create("zoek", scopes=["search"])
    with pytest.raises(ForbiddenError, match="has scopes search; this endpoint needs the 'chat' scope"):
        parts.auth(required=True).authorize(created.token, "chat")


def test_behind_a_proxy_the_named_user_owns_what_the_proxy_key_makes(parts: Parts) -> None:
    created = parts.keys.create("proxy", scopes=["chat"])
    principal = parts.auth(required=True).authorize(created.token, "chat", user="alice")
    assert principal.owner == Owner.of_user("alice") and principal.key is not None


def test_with_keys_required_no_key_is_refused_with_how_to_send_one(parts: Parts) -> None:
    with pytest.raises(AuthError, match="Authorization: Bearer"):
        parts.auth(required=True).authorize(None, "chat")
    with pytest.raises(AuthError):
        parts.auth(required=True).authorize("ww_bogus_token", "chat")


def test_on_the_open_mode_a_session_or_placeholder_token_identifies_the_caller(parts: Parts) -> None:
    auth = parts.auth(required=False)
    assert auth.authorize(None, "chat") == Principal(key=None, owner=ANONYMOUS_OWNER)
    by_session = auth.authorize(None, "chat", session="cookie-secret")
    assert by_session.owner == Owner.of_session("cookie-secret") and by_session.id == "anonymous"
    by_placeholder = auth.authorize("sk-dummy", "chat")  # OpenAI clients insist on some key
    assert by_placeholder.owner == Owner.of_session("sk-dummy") and by_placeholder.key is None
    assert auth.authorize(None, "chat", user="bob").owner == Owner.of_user("bob")


def test_a_token_of_ours_is_checked_even_when_keys_are_optional(parts: Parts) -> None:
    with pytest.raises(AuthError):
        parts.auth(required=False).authorize("ww_abc_wrong", "chat")


def test_administration_always_needs_a_key(parts: Parts) -> None:
    with pytest.raises(AuthError, match="werkwijzer keys create NAME --scopes admin"):
        parts.auth(required=False).authorize(None, "admin")
    with pytest.raises(AuthError):
        parts.auth(required=False).authorize(None, "admin", user="alice")


def test_requests_per_key_are_limited(parts: Parts) -> None:
    created = parts.keys.create("zoek", scopes=["search"])
    auth = parts.auth(required=True, limit=2)
    auth.authorize(created.token, "search")
    auth.authorize(created.token, "search")
    with pytest.raises(RateLimitedError) as raised:
        auth.authorize(created.token, "search")
    assert raised.value.retry_after > 0


def test_a_client_guessing_keys_is_throttled_before_its_key_is_checked(parts: Parts) -> None:
    created = parts.keys.create("zoek", scopes=["search"])
    auth = parts.auth(required=True, failures=2)
    for _ in range(2):
        with pytest.raises(AuthError):
            auth.authorize("ww_abc_wrong", "search", client="10.0.0.9")
    with pytest.raises(RateLimitedError):
        auth.authorize(created.token, "search", client="10.0.0.9")  # even the right key waits
    assert auth.authorize(created.token, "search", client="10.0.0.10").key is not None


def _statements(database: Database) -> list[str]:
    """Every SQL statement ``database`` sends from now on (a real engine event, not a mock)."""
    sent: list[str] = []
    event.listen(database.engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    return sent


def test_a_key_verified_a_moment_ago_is_answered_without_the_database(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'auth.db'}")
    keys = KeyStore(database)
    counter = HitCounter(database, clock=lambda: 1000.0)  # one 10-second bucket throughout
    auth = Authenticator(keys, required=True, limiter=DatabaseRateLimiter(counter, 0),
                         throttle=FailedAuthThrottle(counter, 5))
    created = keys.create("zoek", scopes=["search"])
    assert auth.needs_database(created.token, client="10.0.0.9")
    sent = _statements(database)
    auth.authorize(created.token, "search", client="10.0.0.9")
    assert sent, "the first request looks the key and the wrong-key count up"
    sent.clear()
    assert not auth.needs_database(created.token, client="10.0.0.9")
    assert auth.authorize(created.token, "search", client="10.0.0.9").key is not None
    assert sent == []
    # With a rate limit each request is counted in the database (shared by the processes) before
    # it is answered: a busy key takes a few at a time, so the next may be answered from memory.
    limited = Authenticator(keys, required=True, limiter=DatabaseRateLimiter(counter, 600),
                            throttle=FailedAuthThrottle(counter, 5))
    assert limited.needs_database(created.token, client="10.0.0.9")
    limited.authorize(created.token, "search", client="10.0.0.9")
    limited.authorize(created.token, "search", client="10.0.0.9")  # takes two: one is held
    sent.clear()
    assert not limited.needs_database(created.token, client="10.0.0.9")
    limited.authorize(created.token, "search", client="10.0.0.9")
    assert sent == []
    assert limited.needs_database(created.token, client="10.0.0.9")


def test_after_a_wrong_key_here_even_a_key_verified_a_moment_ago_waits(parts: Parts) -> None:
    created = parts.keys.create("zoek", scopes=["search"])
    auth = parts.auth(required=True, failures=2)
    auth.authorize(created.token, "search", client="10.0.0.9")  # verified: remembered a few seconds
    for _ in range(2):
        with pytest.raises(AuthError):
            auth.authorize("ww_abc_wrong", "search", client="10.0.0.9")
    assert auth.needs_database(created.token, client="10.0.0.9")
    with pytest.raises(RateLimitedError):
        auth.authorize(created.token, "search", client="10.0.0.9")
    assert auth.authorize(created.token, "search", client="10.0.0.10").key is not None


def test_guesses_are_throttled_in_a_process_that_saw_no_wrong_key(parts: Parts, tmp_path: Path) -> None:
    created = parts.keys.create("zoek", scopes=["search"])
    here = parts.auth(required=True, failures=2)
    # Another process: its own engine and connections on the same database, its own memory.
    database = Database(f"sqlite:///{tmp_path / 'auth.db'}")
    elsewhere = Authenticator(KeyStore(database), required=True,
                              limiter=DatabaseRateLimiter(HitCounter(database), 100),
                              throttle=FailedAuthThrottle(HitCounter(database), 2))
    elsewhere.authorize(created.token, "search", client="10.0.0.9")
    for _ in range(2):
        with pytest.raises(AuthError):
            here.authorize("ww_abc_wrong", "search", client="10.0.0.9")
    # Every guess reads the shared count first: the third guess gets no answer there either.
    with pytest.raises(RateLimitedError):
        elsewhere.authorize("ww_abc_other", "search", client="10.0.0.9")
    with pytest.raises(RateLimitedError):
        elsewhere.authorize(parts.keys.create("nieuw", scopes=["search"]).token, "search", client="10.0.0.9")


def test_keys_required_without_a_key_store_is_a_configuration_error(parts: Parts) -> None:
    with pytest.raises(ConfigurationError):
        Authenticator(None, required=True, limiter=DatabaseRateLimiter(parts.counter, 1))
    open_mode = Authenticator(None, required=False, limiter=DatabaseRateLimiter(parts.counter, 1))
    with pytest.raises(AuthError, match="no API keys"):
        open_mode.authorize("ww_abc_token", "chat")


@pytest.mark.parametrize(
    ("path", "scope"),
    [("/api/admin", "admin"), ("/api/admin/documents", "admin"), ("/api/administrator", "chat"),
     ("/api/feedback/export", "admin"), ("/api/feedback", "chat"), ("/api/search", "search"),
     ("/api/passages/x-1", "search"), ("/v1/chat/completions", "chat"), ("/", None), ("/healthz", None),
     ("/widget.js", None)],
)
def test_each_path_needs_its_scope(path: str, scope: str | None) -> None:
    assert scope_for(path) == scope
