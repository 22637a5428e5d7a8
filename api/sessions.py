"""Who a caller is without a key: a browser session cookie (open localhost mode) or a trusted proxy's user."""

from __future__ import annotations

import ipaddress
import re
import secrets
from http.cookies import SimpleCookie

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.config import Settings

SESSION_COOKIE = "werkwijzer_session"
_SECRET_BYTES = 32
_SECRET_CHARS = 43  # token_urlsafe(32)
_COOKIE_MAX_AGE = 400 * 24 * 3600  # seconds: the longest browsers keep a cookie
_STATE_KEY = "session"


_SECRET = re.compile(rf"[A-Za-z0-9_-]{{{_SECRET_CHARS}}}")


def _valid_secret(value: str | None) -> bool:
    return value is not None and _SECRET.fullmatch(value) is not None


def browser_session(request: Request) -> str | None:
    """This browser's session secret (set by ``SessionCookie``), None without one."""
    value = getattr(request.state, _STATE_KEY, None)
    return value if isinstance(value, str) else None


def _trusted(client: str | None, proxies: list[str]) -> bool:
    if not client or not proxies:
        return False
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(p.strip(), strict=False) for p in proxies)


def proxy_user(request: Request, settings: Settings) -> str | None:
    """The user a trusted reverse proxy names in ``proxy_user_header``; None from anyone else."""
    header = settings.proxy_user_header
    if not header:
        return None
    client = request.client.host if request.client else None
    if not _trusted(client, settings.trusted_proxies):
        return None  # anyone can send the header: only the proxy's word counts
    name = (request.headers.get(header) or "").strip()
    return name or None


class SessionCookie:
    """Gives every browser on the open localhost mode a random session id (HttpOnly, SameSite=Strict).

    The id owns the browser's conversations; a request without a (valid) cookie gets a new one.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read the cookie, or make one and set it on the response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = SimpleCookie()
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                try:
                    cookie.load(value.decode("latin-1"))
                except Exception:  # noqa: BLE001 - a malformed cookie header is just no session
                    cookie = SimpleCookie()
        morsel = cookie.get(SESSION_COOKIE)
        secret = morsel.value if morsel is not None else None
        fresh = not _valid_secret(secret)
        if fresh:
            secret = secrets.token_urlsafe(_SECRET_BYTES)
        scope.setdefault("state", {})[_STATE_KEY] = secret

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                value = (
                    f"{SESSION_COOKIE}={secret}; Path=/; Max-Age={_COOKIE_MAX_AGE}; HttpOnly; SameSite=Strict"
                )
                if scope.get("scheme") == "https":
                    value += "; Secure"  # served over TLS: never send it in the clear
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"set-cookie", value.encode("latin-1"))]
            await send(message)

        await self.app(scope, receive, send_with_cookie)
