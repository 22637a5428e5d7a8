"""Safe serving: a Host allow-list (against DNS rebinding) and a same-origin check on every change."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_response

#: Methods that change something: a browser must send them from our own pages (or allowed origins).
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _host_name(host: str) -> str:
    """The name in a Host header, without its port; IPv6 without brackets."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class RequestGuard:
    """Refuses requests for other host names (400) and cross-site changes (403)."""

    def __init__(
        self, app: ASGIApp, *, hosts: frozenset[str] | None, origins: list[str]
    ) -> None:
        self.app = app
        self.hosts = hosts
        self.origins = frozenset(o.rstrip("/").lower() for o in origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check Host, then Origin / Sec-Fetch-Site of a state-changing request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", ())}
        host = headers.get("host", "")
        if self.hosts is not None and _host_name(host) not in self.hosts:
            response = error_response(
                400,
                "host_not_allowed",
                f"This server does not answer to the host name {_host_name(host)!r}. If that is "
                "its real name (e.g. behind a reverse proxy), add it to WERKWIJZER_ALLOWED_HOSTS.",
            )
            await response(scope, receive, send)
            return
        if scope["method"] in STATE_CHANGING:
            refusal = self._cross_site(headers, host)
            if refusal:
                await error_response(403, "cross_site", refusal)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _cross_site(self, headers: dict[str, str], host: str) -> str | None:
        """Why a state-changing request is refused as cross-site, or None when it may pass."""
        origin = headers.get("origin")
        if origin:
            if origin.rstrip("/").lower() in self.origins:
                return None
            if origin != "null" and urlsplit(origin).netloc.lower() == host.strip().lower():
                return None
            return (
                f"Refused a cross-site request from {origin}: another web page may not change "
                "anything here. To let a page on that site call this API, name its origin in "
                "WERKWIJZER_CORS_ORIGINS."
            )
        if headers.get("sec-fetch-site") == "cross-site":
            # A browser that sent no Origin still says where the request came from.
            return (
                "Refused a cross-site request: another web page may not change anything here. "
                "Send it from this server's own pages, or name the calling site in WERKWIJZER_CORS_ORIGINS."
            )
        return None
