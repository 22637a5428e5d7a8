"""CPU time per request of one API worker under load, split by layer (py-spy samples); prints a table.

    .venv/bin/python bench/request_cost.py [--clients 16] [--duration 20] [--scenario search --scenario chat]
        [--sqlite] [--log-level INFO] [--rate-limit 1000000] [--no-profile] [--out DIR] [--env NAME=VALUE ...]

Starts one `werkwijzer serve` process (one worker, API keys required, the index in
WERKWIJZER_DATA_DIR, by default ./data) on a throw-away PostgreSQL cluster (``--sqlite``: a SQLite
file), warms it, then per scenario runs bench/load.py against it (one key per client) while
`py-spy record` samples the server. The server's CPU seconds (user + system, from psutil) divided
by the requests served give the CPU ms per request; the py-spy samples split that figure by layer:
each sample goes to the innermost frame that belongs to a layer (our own modules, and a few
framework functions such as FastAPI's body validation and response serialisation), a middleware
frame that only passes the request on (``await self.app(...)``) does not count, and samples with
none of those go to the framework package they are in (uvicorn, Starlette, anyio ...). py-spy
samples the thread holding the GIL (``--gil``): Python's work, not threads waiting on the database.

By default the rate limit is on but high (1,000,000 per minute: counted, never reached) and the
log level INFO (one access-log line per request, to a file): the costs of a real deployment.
bench/deployment.py runs with the rate limit off and WARNING, so add ``--rate-limit 0
--log-level WARNING`` to compare with its figures. Needs py-spy (``pip install py-spy``).
"""

from __future__ import annotations

import argparse
import linecache
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import create_keys_in  # noqa: E402
from bench.waiting import stop, wait_until_answers  # noqa: E402
from tests.live import free_port  # noqa: E402
from tests.pg import postgres_cluster  # noqa: E402

BIN = Path(sys.executable).parent
SAMPLE_RATE = 250  # py-spy samples per second
WARM_SECONDS = 5.0
_MS = 1000.0
_START_SECONDS = 300.0

#: A frame in our code on one of these lines only hands the request to the next layer.
_PASS_THROUGH = re.compile(r"self\.app\(|await app\(|run_in_threadpool\(|call_next\(|await send\(|await receive\(")
#: py-spy frames: "qualified.name (path:line)".
_FRAME = re.compile(r"^(?P<name>.*) \((?P<path>.*):(?P<line>\d+)\)$")

#: Our modules, by path, and the layer they are: the first matching pattern wins.
OWN_LAYERS: tuple[tuple[str, str, str], ...] = (
    # (path pattern, name pattern, layer); name "" = any function in that file
    ("/api/limits.py", "FailedAuthThrottle", "auth: failed-key throttle"),
    ("/api/limits.py", "DatabaseRateLimiter", "auth: rate limit"),
    ("/api/limits.py", "", "middleware: body size cap"),
    ("/assistant/records/keys.py", "", "auth: key check"),
    ("/assistant/records/limits.py", "", ""),  # transparent: its caller says throttle or rate limit
    ("/assistant/records/db.py", "", ""),  # transparent: its caller says which records
    ("/assistant/records/conversations.py", "", "chat: conversation store"),
    ("/assistant/records/", "", "records: other"),
    ("/assistant/", "", "core: search / answer (assistant/)"),
    ("/api/auth.py", "", "auth: headers, scopes, principal"),
    ("/api/sessions.py", "SessionCookie", "middleware: session cookie"),
    ("/api/sessions.py", "", "auth: headers, scopes, principal"),
    ("/api/logs.py", "", "middleware: request log"),
    ("/api/guard.py", "", "middleware: host / origin guard"),
    ("/api/schemas.py", "", "response: building the models (api/schemas.py)"),
    ("/api/deps.py", "", "FastAPI: dependencies"),
    ("/api/routes/", "", "route functions"),
    ("/api/", "", "api: other"),
)
#: Framework functions that are a layer of their own, wherever they are called from.
FRAMEWORK_LAYERS: tuple[tuple[str, str, str], ...] = (
    ("fastapi/routing.py", "serialize_response", "response: validate + encode (FastAPI)"),
    ("fastapi/routing.py", "_prepare_response_content", "response: validate + encode (FastAPI)"),
    ("fastapi/encoders.py", "", "response: validate + encode (FastAPI)"),
    # Response.__call__ only hands the body to the server (counted as HTTP server).
    ("starlette/responses.py", "Response.__init__", "response: rendering + headers"),
    ("starlette/responses.py", "render", "response: rendering + headers"),
    ("starlette/responses.py", "headers", "response: rendering + headers"),
    ("fastapi/dependencies/utils.py", "request_body_to_args", "request: body validation (pydantic)"),
    ("fastapi/dependencies/utils.py", "_validate_value_with_model_field", "request: body validation (pydantic)"),
    ("starlette/requests.py", "Request.json", "request: body read + JSON parse"),
    ("starlette/requests.py", "Request.body", "request: body read + JSON parse"),
    ("starlette/middleware/cors.py", "", "middleware: CORS"),
    ("logging/", "", "logging (library)"),
)
#: Fallback when neither of the above is on the stack: the innermost frame's package.
PACKAGE_LAYERS: tuple[tuple[str, str], ...] = (
    ("uvicorn/", "HTTP server (uvicorn, httptools)"),
    ("httptools", "HTTP server (uvicorn, httptools)"),
    ("h11/", "HTTP server (uvicorn, httptools)"),
    ("fastapi/", "FastAPI: routing, dependencies"),
    ("starlette/", "Starlette: routing, middleware stack"),
    ("anyio/", "thread pool hand-off (anyio)"),
    ("concurrent/", "thread pool hand-off (anyio)"),
    ("threading.py", "thread pool hand-off (anyio)"),
    ("queue.py", "thread pool hand-off (anyio)"),
    ("sqlalchemy/", "database client (unattributed)"),
    ("psycopg", "database client (unattributed)"),
    ("asyncio/", "event loop"),
    ("uvloop", "event loop"),
    ("pydantic", "pydantic (unattributed)"),
)


def _own_layer(path: str, name: str, line: int) -> str | None:
    """The layer of a frame in our code; "" when it is transparent, None when it is not ours."""
    if "site-packages/" in path or "/lib/python3" in path or "/werkwijzer/" in path:
        return None  # libraries, and the serving entry point every stack starts in
    for pattern, function, layer in OWN_LAYERS:
        if pattern in path and (not function or function in name):
            if layer and _PASS_THROUGH.search(linecache.getline(path, line)):
                return ""  # only passes the request on: the layers inside count
            return layer
    return None


def layer_of(stack: Sequence[str]) -> str:
    """The layer one sampled stack (outermost frame first) is charged to."""
    for frame in reversed(stack):
        match = _FRAME.match(frame)
        if not match:
            continue
        path, name, line = match["path"], match["name"], int(match["line"])
        own = _own_layer(path, name, line)
        if own:
            return own
        if own is None:
            for pattern, function, layer in FRAMEWORK_LAYERS:
                if pattern in path and (not function or name.endswith(function)):
                    return layer
    for frame in reversed(stack):
        for pattern, layer in PACKAGE_LAYERS:
            if pattern in frame:
                return layer
    return "other"


def read_samples(raw: Path) -> Counter[str]:
    """Samples per layer from py-spy's raw (collapsed stack) output."""
    layers: Counter[str] = Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")[1:]  # the first item names the thread
        layers[layer_of(frames)] += int(count)
    return layers


def _wait_http(url: str, process: subprocess.Popen[bytes]) -> None:
    wait_until_answers(
        url,
        seconds=_START_SECONDS,
        poll=0.5,
        process=process,
        request_timeout=2,
        stopped=lambda: f"request_cost.py: the server stopped (exit {process.returncode})",
        timed_out=f"request_cost.py: the server did not answer at {url}",
    )


@contextmanager
def server(env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """`werkwijzer serve` with one worker; yields (url, pid)."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "werkwijzer"), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
        )
        try:
            _wait_http(f"http://127.0.0.1:{port}/healthz", process)
            yield f"http://127.0.0.1:{port}", process.pid
        finally:
            stop(process)


def _cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def _served(output: str) -> int:
    return sum(int(n) for n in re.findall(r"^\s+\S+\s*:\s+(\d+) ok", output, flags=re.MULTILINE))


def measure(
    load: list[str], scenario: str, pid: int, *, duration: float, raw: Path | None
) -> tuple[int, float, Counter[str], str]:
    """One measured run: (requests served, server CPU seconds, samples per layer, load.py output)."""
    subprocess.run([*load, "--scenario", scenario, "--duration", str(WARM_SECONDS)], check=True,
                   capture_output=True)
    spy = None
    if raw is not None:
        spy = subprocess.Popen(
            [str(BIN / "py-spy"), "record", "--pid", str(pid), "--format", "raw", "--output", str(raw),
             "--rate", str(SAMPLE_RATE), "--nonblocking", "--gil", "--threads", "--full-filenames",
             "--duration", str(int(duration) + 2)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    before = _cpu_seconds(pid)
    run = subprocess.run([*load, "--scenario", scenario, "--duration", str(duration)], check=True,
                         capture_output=True, text=True)
    spent = _cpu_seconds(pid) - before
    layers: Counter[str] = Counter()
    if spy is not None and raw is not None:
        spy.wait()
        layers = read_samples(raw)
    return _served(run.stdout), spent, layers, run.stdout


def print_table(scenario: str, served: int, spent: float, layers: Counter[str]) -> None:
    """CPU ms per request in all, and split by layer in proportion to the samples."""
    per_request = spent / served * _MS if served else float("nan")
    print(f"\n{scenario}: {served} requests, server CPU {spent:.1f} s, {per_request:.2f} ms per request")
    total = sum(layers.values())
    if not total:
        return
    # Samples are of the thread holding the GIL: Python's work. Native code that released the GIL
    # (matrix products, the database driver's I/O) is not sampled and is split in proportion.
    print(f"  py-spy: {total} samples of the GIL holder = {total / SAMPLE_RATE / spent:.0%} of the CPU time")
    print(f"  {'layer':52} {'share':>6} {'ms/req':>7}")
    for layer, count in layers.most_common():
        share = count / total
        print(f"  {layer:52} {share:6.1%} {share * per_request:7.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Start one worker, load it per scenario, print CPU per request by layer."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--scenario", action="append", choices=("search", "chat"))
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--rate-limit", type=int, default=1_000_000, help="per key per minute (0: off)")
    parser.add_argument("--no-profile", action="store_true", help="CPU per request only, no py-spy")
    parser.add_argument("--distinct", action="store_true", help="no query repeats (bench/load.py --distinct)")
    parser.add_argument("--out", type=Path, help="keep the py-spy samples and the server log here")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="extra setting")
    args = parser.parse_args(argv)
    scenarios = args.scenario or ["search", "chat"]
    print(f"load before: {os.getloadavg()}  cores: {os.cpu_count()}")
    out = args.out or Path(tempfile.mkdtemp(prefix="werkwijzer-cost-"))
    out.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        database_url = (
            f"sqlite:///{out / 'werkwijzer.db'}" if args.sqlite else stack.enter_context(postgres_cluster())
        )
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            "WERKWIJZER_DATABASE_URL": database_url,
            "WERKWIJZER_WORKERS": "1",
            "WERKWIJZER_REQUIRE_API_KEYS": "true",
            "WERKWIJZER_RATE_LIMIT_PER_MINUTE": str(args.rate_limit),
            "WERKWIJZER_LOG_LEVEL": args.log_level,
            **dict(item.split("=", 1) for item in args.env),
        }
        tokens = create_keys_in(env, args.clients)
        url, pid = stack.enter_context(server(env, out / "api.log"))
        load = [sys.executable, str(ROOT / "bench" / "load.py"), "--url", url, "--pid", str(pid),
                "--clients", str(args.clients)]
        for token in tokens:
            load += ["--key", token]
        if args.distinct:
            load.append("--distinct")
        print(f"one worker, {'SQLite' if args.sqlite else 'PostgreSQL'}, {args.clients} clients, "
              f"rate limit {args.rate_limit or 'off'}, log level {args.log_level}"
              + (f", {' '.join(args.env)}" if args.env else ""))
        for scenario in scenarios:
            raw = None if args.no_profile else out / f"{scenario}.txt"
            served, spent, layers, output = measure(load, scenario, pid, duration=args.duration, raw=raw)
            throughput = [line for line in output.splitlines() if line.startswith(("throughput", "errors"))]
            print("\n".join(throughput))
            print_table(scenario, served, spent, layers)
    print(f"\nload after: {os.getloadavg()}")
    if not args.out:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
