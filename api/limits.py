"""Limits at the HTTP edge: a per-key sliding-window rate limiter and a request-body size cap."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from assistant.errors import RateLimitedError

WINDOW_SECONDS = 60.0
_KIB = 1024
_MIB = 1024 * 1024


class SlidingWindowLimiter:
    """At most ``limit`` requests per key in any 60-second window (in memory, one process)."""

    def __init__(self, limit: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Count one request for ``key``; raise RateLimitedError when the window is full."""
        if self.limit <= 0:
            return
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - WINDOW_SECONDS:
                hits.popleft()
            if len(hits) >= self.limit:
                retry_after = max(1, math.ceil(hits[0] + WINDOW_SECONDS - now))
                raise RateLimitedError(
                    f"Rate limit of {self.limit} requests per minute reached for this API key; "
                    f"retry in {retry_after} s.",
                    retry_after=retry_after,
                )
            hits.append(now)


class BodySizeLimit:
    """ASGI middleware: 413 for a request body larger than the cap (uploads have their own cap)."""

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, upload_max_bytes: int, upload_prefix: str
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = upload_max_bytes
        self.upload_prefix = upload_prefix

    @classmethod
    def from_kib(
        cls, app: ASGIApp, *, max_kib: int, upload_max_mib: int, upload_prefix: str
    ) -> BodySizeLimit:
        """Build with caps given in the units of the settings."""
        # Multipart framing adds a little to the file itself; the upload route checks the file exactly.
        return cls(
            app,
            max_bytes=max_kib * _KIB,
            upload_max_bytes=upload_max_mib * _MIB + 64 * _KIB,
            upload_prefix=upload_prefix,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_upload = scope["path"].startswith(self.upload_prefix)
        cap = self.upload_max_bytes if is_upload else self.max_bytes
        what = "upload" if is_upload else "request body"
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            response = error_response(413, "too_large", _too_large(what, int(declared), cap))
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    # Raised inside the app's body parsing; FastAPI passes HTTPException through.
                    raise HTTPException(413, _too_large(what, received, cap))
            return message

        await self.app(scope, limited_receive, send)


def _too_large(what: str, size: int, cap: int) -> str:
    if cap >= _MIB:
        return f"The {what} is larger than the limit of {cap // _MIB} MB; send a smaller one."
    return f"The {what} is {size} bytes; the limit is {cap // _KIB} KB. Send a shorter request."
