"""Load test: concurrent clients doing search and chat against a running Werkwijzer; prints figures.

Usage (from the repository root, index built):

    .venv/bin/python bench/load.py                       # starts its own server, open, then with keys
    .venv/bin/python bench/load.py --scenario search --scenario chat --duration 30
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --pid 1234 [--key TOKEN ...]
    .venv/bin/python bench/load.py --chat-api v1         # chat through POST /v1/chat/completions

Prints, per run: errors (must be zero), throughput (requests/s), p50/p95 latency per kind, and the
peak resident memory of the server process (with its children), sampled with psutil.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.waiting import stop, wait_until_answers  # noqa: E402 - after the path set-up above
from tests.live import free_port  # noqa: E402

DEFAULT_QUESTIONS = ROOT / "bench" / "data" / "dev.jsonl"
SCENARIOS = {"mixed": 0.5, "search": 0.0, "chat": 1.0}  # share of chat requests
CHAT_APIS = ("api", "v1")  # POST /api/chat, or the OpenAI-compatible POST /v1/chat/completions
MEMORY_SAMPLE_SECONDS = 0.2
START_TIMEOUT = 180.0
REQUEST_TIMEOUT = 30.0
KEYS_RATE_LIMIT = 600  # the default setting: requests per minute per key
_MB = 1024 * 1024
_MS = 1000.0
_P50, _P95 = 50, 95


@dataclass
class Result:
    """Outcomes of one run."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    rate_limited: int = 0
    seconds: float = 0.0
    peak_rss: int = 0


def load_questions(path: Path) -> list[str]:
    """Questions of the dev set (follow-ups included: they are valid questions on their own too)."""
    if not path.exists():
        sys.exit(f"load.py: {path} is missing; pass --questions FILE.jsonl")
    lines = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [q["question"] for q in lines]


def percentile(values: Sequence[float], p: int) -> float:
    """The p-th percentile (nearest rank) in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank] * _MS


class MemoryWatch:
    """Samples the resident memory of a process and its children in a thread; keeps the peak."""

    def __init__(self, pid: int | None) -> None:
        self.peak = 0
        self._process = psutil.Process(pid) if pid else None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while self._process and not self._stop.is_set():
            try:
                procs = [self._process, *self._process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                return
            self._stop.wait(MEMORY_SAMPLE_SECONDS)


class Poster:
    """POSTs JSON over kept-alive connections with aiohttp (less of the shared cores) or httpx."""

    def __init__(self, url: str, *, clients: int, library: str) -> None:
        self.library = library
        self._url = url
        self._clients = clients
        self._session: Any = None

    async def __aenter__(self) -> Poster:
        if self.library == "aiohttp":
            import aiohttp

            self._session = aiohttp.ClientSession(
                base_url=self._url,
                timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(limit=self._clients),
            )
        else:
            limits = httpx.Limits(max_connections=self._clients, max_keepalive_connections=self._clients)
            self._session = httpx.AsyncClient(base_url=self._url, timeout=REQUEST_TIMEOUT, limits=limits)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.library == "aiohttp":
            await self._session.close()
        else:
            await self._session.aclose()

    async def post(self, path: str, body: object, headers: dict[str, str]) -> tuple[int, str]:
        """(status, body text) of one POST; OSError / TimeoutError / the library's errors when it fails."""
        if self.library == "aiohttp":
            async with self._session.post(path, json=body, headers=headers) as response:
                return int(response.status), await response.text()
        response = await self._session.post(path, json=body, headers=headers)
        return response.status_code, response.text


def _failures() -> tuple[type[BaseException], ...]:
    """What a failed request raises, in either library."""
    failures: list[type[BaseException]] = [httpx.HTTPError, OSError, asyncio.TimeoutError]
    try:
        import aiohttp

        failures.append(aiohttp.ClientError)
    except ImportError:
        pass
    return tuple(failures)


def default_library() -> str:
    """aiohttp when installed (a third of httpx's CPU per request on the cores it shares), else httpx."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return "httpx"
    return "aiohttp"


async def client_loop(
    http: Poster,
    *,
    questions: list[str],
    chat_share: float,
    deadline: float,
    token: str | None,
    rng: random.Random,
    result: Result,
    chat_api: str = "api",
    distinct: bool = False,
) -> None:
    """One client: requests back to back until the deadline; ``distinct``: no query repeats."""
    headers = _auth(token)
    while time.monotonic() < deadline:
        question = rng.choice(questions)
        if distinct:
            # A number no other request has: every query misses every cache (the worst case).
            question = f"{question} {rng.randrange(10**9)}"
        if rng.random() < chat_share:
            kind, path, body = chat_request(question, chat_api)
        else:
            kind, path, body = "search", "/api/search", {"query": question, "k": 8}
        started = time.perf_counter()
        try:
            status, text = await http.post(path, body, headers)
        except _failures() as e:
            result.errors.append(f"{kind}: {type(e).__name__}: {e}")
            continue
        elapsed = time.perf_counter() - started
        if status == 429:
            result.rate_limited += 1
        elif status != 200:
            result.errors.append(f"{kind}: HTTP {status}: {text[:200]}")
        else:
            result.latencies.setdefault(kind, []).append(elapsed)


def chat_request(question: str, chat_api: str) -> tuple[str, str, dict[str, object]]:
    """(kind, path, body) of one chat request through /api/chat or /v1/chat/completions."""
    if chat_api == "v1":
        messages = [{"role": "user", "content": question}]
        return "chat-v1", "/v1/chat/completions", {"model": "werkwijzer", "messages": messages}
    return "chat", "/api/chat", {"message": question}


async def run_load(
    url: str,
    *,
    clients: int,
    duration: float,
    chat_share: float,
    questions: list[str],
    tokens: Sequence[str | None],
    pid: int | None,
    seed: int,
    chat_api: str = "api",
    distinct: bool = False,
    library: str = "httpx",
) -> Result:
    """``clients`` concurrent clients for ``duration`` seconds; client i uses tokens[i % len]."""
    result = Result()
    async with Poster(url, clients=clients, library=library) as http:
        await http.post("/api/search", {"query": "warm-up", "k": 1}, _auth(tokens[0]))
        with MemoryWatch(pid) as memory:
            started = time.monotonic()
            deadline = started + duration
            await asyncio.gather(
                *(
                    client_loop(
                        http,
                        questions=questions,
                        chat_share=chat_share,
                        deadline=deadline,
                        token=tokens[i % len(tokens)],
                        rng=random.Random(seed + i),
                        result=result,
                        chat_api=chat_api,
                        distinct=distinct,
                    )
                    for i in range(clients)
                )
            )
            result.seconds = time.monotonic() - started
        result.peak_rss = memory.peak
    return result


def _auth(token: str | None) -> dict[str, str]:
    return {"X-API-Key": token} if token else {}


def report(name: str, result: Result, *, clients: int) -> None:
    """Print the figures of one run."""
    done = sum(len(v) for v in result.latencies.values())
    everything = [x for values in result.latencies.values() for x in values]
    print(f"\n== {name}: {clients} clients, {result.seconds:.0f} s")
    print(
        f"errors: {len(result.errors)}  ({'OK: zero errors' if not result.errors else 'FAILED'})"
        f"   rate-limited (429): {result.rate_limited}"
    )
    for line in result.errors[:5]:
        print(f"   {line}")
    print(
        f"throughput: {done / result.seconds:.1f} req/s   "
        f"p50 {percentile(everything, _P50):.0f} ms   p95 {percentile(everything, _P95):.0f} ms"
    )
    for kind, values in result.latencies.items():
        if values:
            print(
                f"  {kind:7}: {len(values):6d} ok  {len(values) / result.seconds:7.1f} req/s   "
                f"p50 {percentile(values, _P50):6.0f} ms   p95 {percentile(values, _P95):6.0f} ms   "
                f"mean {statistics.fmean(values) * _MS:6.0f} ms"
            )
    if result.peak_rss:
        print(f"peak server memory (RSS, with children): {result.peak_rss / _MB:.0f} MB")


def pid_listening_on(port: int) -> int | None:
    """The pid of the process listening on ``port`` on this machine, if visible."""
    try:
        for conn in psutil.net_connections(kind="tcp"):
            if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN:
                return conn.pid
    except psutil.AccessDenied:
        return None
    return None


class Server:
    """`werkwijzer serve` in a subprocess on a free port, with extra environment."""

    def __init__(self, port: int, env: dict[str, str]) -> None:
        self.url = f"http://127.0.0.1:{port}"
        werkwijzer = Path(sys.executable).parent / "werkwijzer"
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        self.process = subprocess.Popen(
            [str(werkwijzer), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, "WERKWIJZER_LOG_LEVEL": "WARNING", **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )

    def wait(self) -> None:
        """Return once /healthz answers 200."""
        wait_until_answers(
            f"{self.url}/healthz",
            seconds=START_TIMEOUT,
            poll=0.5,
            process=self.process,
            stopped=self._stopped,
            timed_out="load.py: the server did not become healthy; is the index built (`werkwijzer ingest`)?",
        )

    def _stopped(self) -> str:
        self._log.seek(0)
        return f"load.py: the server stopped:\n{self._log.read().decode(errors='replace')[-2000:]}"

    def stop(self) -> None:
        """Stop the server."""
        stop(self.process, seconds=20)


def create_keys(count: int) -> tuple[list[str], list[str]]:
    """``count`` fresh keys with search+chat scopes in the configured database: (tokens, ids)."""
    from assistant.config import Settings
    from assistant.records.db import Database
    from assistant.records.keys import KeyStore

    store = KeyStore(Database(Settings().resolved_database_url))
    created = [store.create(f"bench-load-{i}", scopes=["search", "chat"]) for i in range(count)]
    return [c.token for c in created], [c.key.id for c in created]


def create_keys_in(env: dict[str, str], count: int) -> list[str]:
    """Tokens of ``count`` fresh keys made by a child process with ``env`` (its database settings)."""
    return subprocess.run(
        [sys.executable, "-c",
         "import sys; sys.path.insert(0, sys.argv[1]); from bench.load import create_keys; "
         "print('\\n'.join(create_keys(int(sys.argv[2]))[0]))", str(ROOT), str(count)],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.split()


def revoke_keys(ids: Sequence[str]) -> None:
    """Revoke the keys made for the run."""
    from assistant.config import Settings
    from assistant.records.db import Database
    from assistant.records.keys import KeyStore

    store = KeyStore(Database(Settings().resolved_database_url))
    for key_id in ids:
        store.revoke(key_id)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the scenarios and print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running server (default: start `werkwijzer serve` here)")
    parser.add_argument(
        "--pid", type=int, help="server pid for the memory figure (default: found by port)"
    )
    parser.add_argument("--key", action="append", default=[], help="API key for --url (repeatable)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run")
    parser.add_argument(
        "--scenario",
        action="append",
        choices=sorted(SCENARIOS),
        help="mixed (default), search or chat; repeatable",
    )
    parser.add_argument(
        "--no-keys-run",
        action="store_true",
        help="skip the second run with keys and rate limits on (own server only)",
    )
    parser.add_argument(
        "--chat-api",
        choices=CHAT_APIS,
        default="api",
        help="chat through POST /api/chat (default) or POST /v1/chat/completions",
    )
    parser.add_argument(
        "--keys-rate-limit",
        type=int,
        default=KEYS_RATE_LIMIT,
        help="requests per minute per key in the run with keys (default 600; 0: no limit)",
    )
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="append a random number to every question, so no query repeats (caches never hit)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--client",
        choices=("aiohttp", "httpx"),
        default=default_library(),
        help="HTTP library of the load generator (default: aiohttp when installed)",
    )
    args = parser.parse_args(argv)
    questions = load_questions(args.questions)
    scenarios = args.scenario or ["mixed"]

    def run_all(url: str, pid: int | None, tokens: Sequence[str | None], label: str) -> None:
        for scenario in scenarios:
            result = asyncio.run(
                run_load(
                    url,
                    clients=args.clients,
                    duration=args.duration,
                    chat_share=SCENARIOS[scenario],
                    questions=questions,
                    tokens=tokens,
                    pid=pid,
                    seed=args.seed,
                    chat_api=args.chat_api,
                    distinct=args.distinct,
                    library=args.client,
                )
            )
            suffix = (", all queries distinct" if args.distinct else "") + f", load from {args.client}"
            report(f"{scenario} ({label}{suffix})", result, clients=args.clients)

    if args.url:
        pid = args.pid or pid_listening_on(httpx.URL(args.url).port or 80)
        run_all(args.url, pid, args.key or [None], "keys" if args.key else "no keys")
        return 0

    server = Server(free_port(), {})
    try:
        server.wait()
        run_all(server.url, server.process.pid, [None], "open, localhost")
    finally:
        server.stop()
    if args.no_keys_run:
        return 0
    tokens, ids = create_keys(args.clients)
    server = Server(
        free_port(),
        {
            "WERKWIJZER_REQUIRE_API_KEYS": "true",
            "WERKWIJZER_RATE_LIMIT_PER_MINUTE": str(args.keys_rate_limit),
        },
    )
    try:
        server.wait()
        run_all(
            server.url,
            server.process.pid,
            tokens,
            "keys required, one key per client, "
            + (f"{args.keys_rate_limit}/min per key" if args.keys_rate_limit else "no rate limit"),
        )
    finally:
        server.stop()
        revoke_keys(ids)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
