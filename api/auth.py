"""Authentication and per-key rate limits: every API route needs a scope, decided by its path."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from fastapi import Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.limits import DatabaseRateLimiter, FailedAuthThrottle
from assistant.config import LOCAL_HOSTS, Settings
from assistant.errors import AuthError, ConfigurationError, ForbiddenError
from assistant.records.keys import ApiKey, KeyStore

log = logging.getLogger("werkwijzer.auth")

#: Path prefixes and the scope they need. Anything else under /api or /v1 needs "chat", so a new
#: router is never open by accident; other paths (the page, /healthz, /widget.js) are open.
SCOPE_BY_PREFIX: tuple[tuple[str, str], ...] = (
    ("/api/admin", "admin"),
    ("/api/search", "search"),
    ("/api/documents", "search"),
    ("/api/passages", "search"),
)
PROTECTED_PREFIXES = ("/api/", "/v1/")
DEFAULT_SCOPE = "chat"
KEY_ID_SCOPE = "werkwijzer.key_id"

# Declared for the OpenAPI description ("Authorize" in /docs); auto_error off: we decide ourselves.
bearer_scheme = HTTPBearer(auto_error=False, description="Authorization: Bearer <API key>")
api_key_scheme = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="X-API-Key: <API key>"
)


def scope_for(path: str) -> str | None:
    """The scope a request path needs, or None for open paths."""
    for prefix, scope in SCOPE_BY_PREFIX:
        if path == prefix or path.startswith(prefix + "/"):
            return scope
    if path.startswith(PROTECTED_PREFIXES):
        return DEFAULT_SCOPE
    return None


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key, or the anonymous local user when keys are not required."""

    key: ApiKey | None

    @property
    def id(self) -> str:
        """Key id for logs and rate limits ("anonymous" without a key)."""
        return self.key.id if self.key else "anonymous"


ANONYMOUS = Principal(key=None)


def check_serving_safety(settings: Settings) -> None:
    """Refuse to serve on a non-local address without API keys."""
    if settings.host not in LOCAL_HOSTS and settings.require_api_keys is False:
        raise ConfigurationError(
            f"Refusing to serve on {settings.host} with WERKWIJZER_REQUIRE_API_KEYS=false: anyone on the "
            "network could use and change the index. Remove that setting (keys are then required; create "
            "one with `werkwijzer keys create NAME --scopes search,chat`) or bind to 127.0.0.1."
        )


class Authenticator:
    """Checks credentials and scopes, and counts requests per key."""

    def __init__(
        self,
        keys: KeyStore | None,
        *,
        required: bool,
        limiter: DatabaseRateLimiter,
        throttle: FailedAuthThrottle | None = None,
    ) -> None:
        if required and keys is None:
            raise ConfigurationError("API keys are required but this app was built without a key store.")
        self.keys = keys
        self.required = required
        self.limiter = limiter
        self.throttle = throttle

    def authorize(self, token: str | None, scope: str, *, client: str = "unknown") -> Principal:
        """The principal for ``token`` if it may use ``scope``; AuthError / ForbiddenError otherwise.

        A token that is sent is always checked, even when keys are optional, so a wrong key
        shows up on the developer's laptop and not only in production.
        """
        if not token:
            if self.required:
                raise AuthError(
                    "An API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
                )
            return ANONYMOUS
        if self.keys is None:
            raise AuthError("This server has no API keys; send the request without one.")
        if self.throttle is None:
            key = self.keys.verify(token)
        else:
            self.throttle.check(client)  # before the key is checked: guessing gets no answer
            try:
                key = self.keys.verify(token)
            except AuthError:
                self.throttle.failed(client)
                raise
        if not key.allows(scope):
            raise ForbiddenError(
                f"This API key (id {key.id}) has scopes {', '.join(sorted(key.scopes))}; "
                f"this endpoint needs the {scope!r} scope."
            )
        self.limiter.hit(key.id)
        return Principal(key=key)


def _token(bearer: HTTPAuthorizationCredentials | None, header_key: str | None) -> str | None:
    if bearer is not None and bearer.credentials:
        return bearer.credentials.strip()
    return header_key.strip() if header_key else None


async def authorize_request(request: Request) -> Principal:
    """App-wide dependency: the scope comes from the path, the key from either header."""
    scope = scope_for(request.url.path)
    if scope is None:
        return ANONYMOUS
    token = _token(await bearer_scheme(request), await api_key_scheme(request))
    authenticator: Authenticator = request.app.state.auth
    client = request.client.host if request.client else "unknown"
    if token:  # the key check and the counters go to the database: not on the event loop
        principal = await run_in_threadpool(authenticator.authorize, token, scope, client=client)
    else:
        principal = authenticator.authorize(token, scope, client=client)
    request.state.principal = principal
    request.scope[KEY_ID_SCOPE] = principal.id  # read by the request log middleware
    return principal
