"""API keys: tokens are shown once, stored only hashed, scoped, and revocable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.errors import AuthError, InvalidInputError, NotFoundError
from assistant.records.db import Database
from assistant.records.keys import KeyStore, hash_token


@pytest.fixture
def store(tmp_path: Path) -> KeyStore:
    return KeyStore(Database(f"sqlite:///{tmp_path / 'keys.db'}"))


def test_created_token_verifies_and_carries_scopes(store: KeyStore) -> None:
    created = store.create("intranet zoekpagina", scopes=["search", "chat"])
    assert created.token.startswith(f"ww_{created.key.id}_")
    key = store.verify(created.token)
    assert key.id == created.key.id and key.name == "intranet zoekpagina"
    assert key.allows("search") and key.allows("chat") and not key.allows("admin")


def test_token_is_stored_only_as_its_hash(store: KeyStore, tmp_path: Path) -> None:
    created = store.create("x", scopes=["search"])
    with sqlite3.connect(tmp_path / "keys.db") as connection:
        stored = " ".join(
            str(v) for row in connection.execute("SELECT * FROM api_keys") for v in row
        )
    secret = created.token.split("_", 2)[2]  # ww_<key id>_<secret>; the secret itself may hold "_"
    assert secret not in stored
    assert hash_token(created.token) in stored


def test_wrong_or_revoked_token_is_refused(store: KeyStore) -> None:
    created = store.create("x", scopes=["search"])
    with pytest.raises(AuthError, match="not valid"):
        store.verify(created.token + "x")
    store.revoke(created.key.id)
    with pytest.raises(AuthError, match="revoked"):
        store.verify(created.token)
    assert [k.id for k in store.list(include_revoked=False)] == []
    assert store.list()[0].revoked


def test_admin_implies_every_scope(store: KeyStore) -> None:
    key = store.create("ops", scopes=["admin"]).key
    assert all(key.allows(s) for s in ("search", "chat", "admin"))


def test_bad_scopes_names_and_ids_are_actionable(store: KeyStore) -> None:
    with pytest.raises(InvalidInputError, match="Valid scopes: search, chat, admin"):
        store.create("x", scopes=["search", "root"])
    with pytest.raises(InvalidInputError, match="at least one scope"):
        store.create("x", scopes=[" "])
    with pytest.raises(InvalidInputError, match="name"):
        store.create("  ", scopes=["search"])
    with pytest.raises(NotFoundError, match="keys list"):
        store.revoke("nope")


def test_verified_keys_are_trusted_briefly_and_revocation_here_is_immediate(tmp_path: Path) -> None:
    now = [0.0]
    database = Database(f"sqlite:///{tmp_path / 'keys.db'}")
    server = KeyStore(database, cache_seconds=5.0, clock=lambda: now[0])
    cli = KeyStore(Database(f"sqlite:///{tmp_path / 'keys.db'}"))  # another process, e.g. the CLI
    first = server.create("a", scopes=["search"])
    second = server.create("b", scopes=["search"])
    server.verify(first.token)
    server.verify(second.token)
    cli.revoke(first.key.id)
    now[0] = 4.9
    assert server.verify(first.token).id == first.key.id  # not asked again within 5 s
    now[0] = 5.0
    with pytest.raises(AuthError, match="revoked"):
        server.verify(first.token)
    server.revoke(second.key.id)
    with pytest.raises(AuthError, match="revoked"):
        server.verify(second.token)  # the serving store forgets at once what it revokes
