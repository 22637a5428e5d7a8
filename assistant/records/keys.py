"""API keys with scopes, stored only as SHA-256 hashes of high-entropy random tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, get_args

from sqlalchemy import Boolean, String, select
from sqlalchemy.orm import Mapped, mapped_column

from assistant.errors import AuthError, InvalidInputError, NotFoundError
from assistant.records.db import Base, Database, UTCDateTime

Scope = Literal["search", "chat", "admin"]
SCOPES: tuple[str, ...] = get_args(Scope)

#: Tokens look like ``ww_<key id>_<secret>``; the id lets an operator recognise a key in logs.
TOKEN_PREFIX = "ww"
_ID_BYTES = 4  # 8 hex characters: enough to tell keys apart, never enough to guess a token
_SECRET_BYTES = 32  # 256 bits of randomness: brute force is hopeless, so one fast hash is enough
_MAX_NAME = 100
#: How long a verified key is trusted without asking the database again. A key revoked by
#: another process (the CLI) stops working on a running server within this many seconds.
VERIFY_CACHE_SECONDS = 5.0


class ApiKeyRow(Base):
    """One API key; the token itself is never stored, only its hash."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(_MAX_NAME))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    scopes: Mapped[str] = mapped_column(String(100))
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


@dataclass(frozen=True)
class ApiKey:
    """An API key as the app sees it (never with its token)."""

    id: str
    name: str
    scopes: frozenset[str]
    created: datetime
    revoked: bool = False

    def allows(self, scope: str) -> bool:
        """Whether this key may use endpoints of ``scope`` (admin implies every scope)."""
        return scope in self.scopes or "admin" in self.scopes


@dataclass(frozen=True)
class CreatedKey:
    """A new key with its token: the only moment the token is known."""

    key: ApiKey
    token: str


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_scopes(scopes: Iterable[str]) -> frozenset[str]:
    """Validate scope names; refuse unknown ones with the list of valid ones."""
    wanted = frozenset(s.strip().lower() for s in scopes if s.strip())
    unknown = sorted(wanted - set(SCOPES))
    if unknown:
        raise InvalidInputError(
            f"Unknown scope(s): {', '.join(unknown)}. Valid scopes: {', '.join(SCOPES)}."
        )
    if not wanted:
        raise InvalidInputError(f"Give at least one scope: {', '.join(SCOPES)}.")
    return wanted


def _to_key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        id=row.id,
        name=row.name,
        scopes=frozenset(row.scopes.split()),
        created=row.created,
        revoked=row.revoked,
    )


class KeyStore:
    """Creates, lists, revokes and verifies API keys in the app database."""

    def __init__(
        self,
        database: Database,
        *,
        cache_seconds: float = VERIFY_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = database
        self._cache_seconds = cache_seconds
        self._clock = clock
        # token hash → (key, when it was read): verify runs on every request, the lookup is a
        # database round trip (about a millisecond of the server's CPU).
        self._verified: dict[str, tuple[ApiKey, float]] = {}
        database.create_all()

    def create(self, name: str, *, scopes: Iterable[str]) -> CreatedKey:
        """A new key for ``name`` with ``scopes``; the returned token is shown once and never stored."""
        name = name.strip()
        if not name or len(name) > _MAX_NAME:
            raise InvalidInputError(
                f"A key needs a name of 1 to {_MAX_NAME} characters (who or what uses it)."
            )
        granted = parse_scopes(scopes)
        key_id = secrets.token_hex(_ID_BYTES)
        token = f"{TOKEN_PREFIX}_{key_id}_{secrets.token_urlsafe(_SECRET_BYTES)}"
        row = ApiKeyRow(
            id=key_id,
            name=name,
            token_hash=hash_token(token),
            scopes=" ".join(sorted(granted)),
            created=datetime.now(UTC),
            revoked=False,
        )
        with self._db.session() as session:
            session.add(row)
        return CreatedKey(key=_to_key(row), token=token)

    def list(self, *, include_revoked: bool = True) -> list[ApiKey]:
        """Every key, oldest first."""
        with self._db.session() as session:
            query = select(ApiKeyRow).order_by(ApiKeyRow.created)
            if not include_revoked:
                query = query.where(ApiKeyRow.revoked.is_(False))
            return [_to_key(row) for row in session.scalars(query)]

    def count_active(self) -> int:
        """How many keys can still be used."""
        return len(self.list(include_revoked=False))

    def revoke(self, key_id: str) -> ApiKey:
        """Make a key unusable from now on (the row stays, for the record)."""
        with self._db.session() as session:
            row = session.get(ApiKeyRow, key_id.strip())
            if row is None:
                raise NotFoundError(
                    f"No API key with id {key_id!r}; `werkwijzer keys list` shows the ids."
                )
            if not row.revoked:
                row.revoked = True
                row.revoked_at = datetime.now(UTC)
            self._verified.clear()
            return _to_key(row)

    def verify(self, token: str) -> ApiKey:
        """The key a token belongs to, or AuthError when it is unknown or revoked."""
        digest = hash_token(token)
        now = self._clock()
        cached = self._verified.get(digest)
        if cached is not None and now - cached[1] < self._cache_seconds:
            return cached[0]
        key = self._lookup(digest)
        self._verified[digest] = (key, now)
        return key

    def recently_verified(self, token: str) -> ApiKey | None:
        """The key of ``token`` if this store verified it in the last few seconds, else None (no database)."""
        cached = self._verified.get(hash_token(token))
        if cached is not None and self._clock() - cached[1] < self._cache_seconds:
            return cached[0]
        return None

    def _lookup(self, digest: str) -> ApiKey:
        with self._db.session() as session:
            row = session.scalars(select(ApiKeyRow).where(ApiKeyRow.token_hash == digest)).first()
            # The lookup is by hash; compare again in constant time so no timing hints leak.
            if row is None or not hmac.compare_digest(row.token_hash, digest):
                raise AuthError("The API key is not valid. Ask an administrator for a key.")
            if row.revoked:
                raise AuthError(
                    "This API key has been revoked. Ask an administrator for a new one."
                )
            return _to_key(row)
