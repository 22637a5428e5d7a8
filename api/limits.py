"""Limits at the HTTP edge: per-key rate limits, failed-auth throttling and a request-body size cap."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from assistant.errors import RateLimitedError
from assistant.records.limits import BUCKET_SECONDS, HitCounter

WINDOW_SECONDS = 60.0
_KIB = 1024
_MIB = 1024 * 1024
_GRANT_SHARE = 8
_MAX_KEYS_HELD = 10_000
_MAX_REMEMBERED = 10_000  # addresses a process remembers a wrong key from before it forgets old ones


@dataclass
class _Held:
    """Hits of one key this process took from the database and has not used yet."""

    bucket: int
    left: int
    size: int  # how many to take next time


class DatabaseRateLimiter:
    """At most ``limit`` requests per key per minute, counted in the database: holds across processes.

    A busy key does not cost a database round trip per request: the process takes a few hits at a
    time (never more than the window has room for, fewer as it fills), uses them within their
    10-second bucket and gives back what it did not use when it next asks. Every hit is counted in
    the database before it is used, so all processes together never let more than ``limit`` through.
    """

    def __init__(self, counter: HitCounter, limit: int) -> None:
        self.limit = limit
        self._counter = counter
        self._held: dict[str, _Held] = {}
        self._lock = threading.Lock()
        # A busy key takes up to this many hits at once: an eighth of what a bucket may hold, so
        # the hits one process holds stay a small part of the limit (1 = one round trip per hit).
        self._most = max(1, int(limit * BUCKET_SECONDS / WINDOW_SECONDS) // _GRANT_SHARE)

    def holds(self, key: str) -> bool:
        """Whether the next ``hit`` for ``key`` is answered from memory (no limit, or hits held)."""
        if self.limit <= 0:
            return True
        held = self._held.get(key)
        return held is not None and held.left > 0 and held.bucket == self._counter.bucket_now()

    def hit(self, key: str) -> None:
        """Count one request for ``key``; raise RateLimitedError when the window is full."""
        if self.limit <= 0:
            return
        bucket = self._counter.bucket_now()
        with self._lock:
            held = self._held.get(key)
            if held is not None and held.bucket == bucket and held.left > 0:
                held.left -= 1
                return
            # Ask the database; hand back what an older bucket left unused (taken here, under the
            # lock, so no other thread hands it back too).
            size = _next_size(held, bucket, self._most)
            give_back = (held.bucket, held.left) if held is not None and held.left > 0 else None
            if held is not None:
                held.left = 0
        grant = self._counter.take(f"key:{key}", size, self.limit, WINDOW_SECONDS, give_back=give_back)
        if not grant.hits:
            raise RateLimitedError(
                f"Rate limit of {self.limit} requests per minute reached for this API key; "
                f"retry in {grant.retry_after} s.",
                retry_after=grant.retry_after,
            )
        # Near the limit take one at a time: hits held here are hits other processes cannot use.
        size = min(size, max(1, grant.room // _GRANT_SHARE))
        with self._lock:
            held = self._held.get(key)
            if held is not None and held.bucket == grant.bucket:
                held.left += grant.hits - 1
                held.size = size
            else:
                if len(self._held) >= _MAX_KEYS_HELD:
                    self._held.clear()  # hits held for idle keys are only given back by their window
                self._held[key] = _Held(grant.bucket, grant.hits - 1, size)


class FailedAuthThrottle:
    """After ``limit`` wrong keys from one client address in a minute, 429 until the window clears.

    The count is in the database (every process shares it); each process also remembers when it
    last saw a wrong key from an address, so a key it verified a moment ago, from an address it saw
    no wrong key from, can be answered without reading the database (``failed_recently``).
    """

    def __init__(self, counter: HitCounter, limit: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._counter = counter
        self._clock = clock
        self._seen: dict[str, float] = {}  # client address → when this process last saw a wrong key

    def check(self, client: str) -> None:
        """RateLimitedError while ``client`` is throttled (checked before any key is looked at)."""
        if self.limit <= 0:
            return
        retry_after = self._counter.blocked(f"authfail:{client}", self.limit, WINDOW_SECONDS)
        if retry_after is not None:
            raise RateLimitedError(
                f"Too many wrong API keys from this address; retry in {retry_after} s.",
                retry_after=retry_after,
            )

    def failed(self, client: str) -> None:
        """Count one wrong key from ``client``."""
        if self.limit > 0:
            self._remember(client)
            self._counter.hit(f"authfail:{client}", 1 << 30, WINDOW_SECONDS)

    def failed_recently(self, client: str) -> bool:
        """Whether this process saw a wrong key from ``client`` in the last window."""
        if self.limit <= 0:
            return False
        seen = self._seen.get(client)
        return seen is not None and self._clock() - seen < WINDOW_SECONDS

    def _remember(self, client: str) -> None:
        now = self._clock()
        if len(self._seen) >= _MAX_REMEMBERED:
            # Many addresses guessing at once: forget those whose window has passed (a snapshot:
            # other threads may add to the dict meanwhile).
            for address, seen in list(self._seen.items()):
                if now - seen >= WINDOW_SECONDS:
                    self._seen.pop(address, None)
        self._seen[client] = now


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


def _next_size(held: _Held | None, bucket: int, most: int) -> int:
    """How many hits to take: twice as many while a key uses them up within their bucket."""
    if held is None:
        return 1
    if held.bucket == bucket or held.left == 0:
        return min(most, held.size * 2)
    return max(1, held.size // 2)


def _too_large(what: str, size: int, cap: int) -> str:
    if cap >= _MIB:
        return f"The {what} is larger than the limit of {cap // _MIB} MB; send a smaller one."
    return f"The {what} is {size} bytes; the limit is {cap // _KIB} KB. Send a shorter request."
