"""Authentication and per-key rate limits: every API route needs a scope, decided by its path."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from fastapi import Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.limits import DatabaseRateLimiter, FailedAuthThrottle
from api.sessions import browser_session, proxy_user
from assistant.config import LOCAL_HOSTS, Settings
from assistant.errors import AuthError, ConfigurationError, ForbiddenError
from assistant.records.keys import TOKEN_PREFIX, ApiKey, KeyStore
from assistant.records.owners import Owner

#: Who owns what an unidentified caller makes (no key, no proxy user, no session): nobody can see it again.
ANONYMOUS_OWNER = Owner("anonymous")

log = logging.getLogger("werkwijzer.auth")

#: Path prefixes and the scope they need. Anything else under /api or /v1 needs "chat", so a new
#: router is never open by accident; other paths (the page, /healthz, /widget.js) are open.
SCOPE_BY_PREFIX: tuple[tuple[str, str], ...] = (
    ("/api/admin", "admin"),
    ("/api/feedback/export", "admin"),  # everyone's questions: for whoever curates the eval set
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


#: Tokens of our own keys start so; any other token on the open localhost mode is a client's
#: placeholder (``sk-dummy``, ``ollama``: OpenAI clients insist on sending some key).
OWN_TOKEN_PREFIX = f"{TOKEN_PREFIX}_"
_ADMIN_NEEDS_KEY = (
    "Administration needs an API key with the admin scope, also on this machine: create one with "
    "`werkwijzer keys create NAME --scopes admin` and send it as 'Authorization: Bearer <key>'."
)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key, a user named by a trusted proxy, or a browser session; and what they own."""

    key: ApiKey | None
    owner: Owner = ANONYMOUS_OWNER

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

    def authorize(
        self,
        token: str | None,
        scope: str,
        *,
        user: str | None = None,
        session: str | None = None,
        client: str = "unknown",
    ) -> Principal:
        """The principal for ``token`` if it may use ``scope``; AuthError / ForbiddenError otherwise.

        ``user`` is a user named by a trusted proxy, ``session`` the browser session of the open
        localhost mode. A token of ours is always checked, even when keys are optional, so a wrong
        key shows up on the developer's laptop; on the open mode any other token is a client's
        placeholder and identifies its sender.
        """
        if token and (self.required or token.startswith(OWN_TOKEN_PREFIX)):
            return self._with_key(token, scope, user, client)
        if scope == "admin":
            raise AuthError(_ADMIN_NEEDS_KEY)
        if user:
            owner = Owner.of_user(user)
            self.limiter.hit(owner.id)
            return Principal(key=None, owner=owner)
        if self.required:
            raise AuthError(
                "An API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
            )
        secret = token or session
        return Principal(key=None, owner=Owner.of_session(secret) if secret else ANONYMOUS_OWNER)

    def needs_database(self, token: str | None, *, user: str | None = None, client: str = "unknown") -> bool:
        """Whether ``authorize`` with these credentials reads or writes the database (else: memory only)."""
        if token and (self.required or token.startswith(OWN_TOKEN_PREFIX)):
            if self.keys is None:
                return False  # refused at once
            key = self._known_key(token, client)
            return key is None or not self.limiter.holds(key.id)
        if not user:
            return False
        return not self.limiter.holds(Owner.of_user(user).id)

    def _known_key(self, token: str, client: str) -> ApiKey | None:
        """A key this process verified moments ago, from an address it saw no wrong key from.

        Such a token is no guess, so it needs no look at the shared count of wrong keys; every
        other token (any guess) is checked against that count first, in every process.
        """
        assert self.keys is not None
        key = self.keys.recently_verified(token)
        if key is None or (self.throttle is not None and self.throttle.failed_recently(client)):
            return None
        return key

    def _with_key(self, token: str, scope: str, user: str | None, client: str) -> Principal:
        if self.keys is None:
            raise AuthError("This server has no API keys; send the request without one.")
        known = self._known_key(token, client)
        if known is not None:
            key = known
        elif self.throttle is None:
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
        # Behind a single sign-on proxy the key may be the proxy's own: the named user owns, not it.
        owner = Owner.of_user(user) if user else Owner.of_key(key.id, admin=key.allows("admin"))
        return Principal(key=key, owner=owner)


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
    user = proxy_user(request, request.app.state.core.settings)
    session = browser_session(request)
    if authenticator.needs_database(token, user=user, client=client):  # not on the event loop
        principal = await run_in_threadpool(
            authenticator.authorize, token, scope, user=user, session=session, client=client
        )
    else:
        principal = authenticator.authorize(token, scope, user=user, session=session, client=client)
    request.state.principal = principal
    request.scope[KEY_ID_SCOPE] = principal.id  # read by the request log middleware
    return principal
