"""Wait until a server a bench script started answers over HTTP, and stop it: the one loop of each in bench/."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

import httpx

REQUEST_TIMEOUT = 2.0


def answers_200(status: int) -> bool:
    """Ready when the server says OK."""
    return status == 200


def wait_until_answers(
    url: str,
    *,
    seconds: float,
    poll: float,
    timed_out: str,
    process: subprocess.Popen[bytes] | None = None,
    stopped: Callable[[], str] = lambda: "the server stopped",
    ready: Callable[[int], bool] = answers_200,
    request_timeout: float = REQUEST_TIMEOUT,
) -> None:
    """Return once GET ``url`` answers a ready status; exit with ``stopped()`` when ``process`` ends
    first, or with ``timed_out`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(stopped())
        try:
            if ready(httpx.get(url, timeout=request_timeout).status_code):
                return
        except httpx.HTTPError:
            pass  # not listening yet
        time.sleep(poll)
    raise SystemExit(timed_out)


def stop(process: subprocess.Popen[bytes], *, seconds: float = 30) -> None:
    """Terminate ``process`` and wait for it; kill it when it has not ended after ``seconds``."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
