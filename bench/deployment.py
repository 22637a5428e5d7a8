"""The deployment layout of docs/DEPLOYMENT.md on this machine, under load: prints the figures.

    .venv/bin/python bench/deployment.py [--workers 2] [--clients 16] [--duration 30] [--no-proxy] [--work DIR]
        [--distinct] [--env WERKWIJZER_EMBEDDING_BACKEND=onnx ...]

Starts, each in a temporary folder: a throw-away PostgreSQL cluster (Debian's initdb/pg_ctl, as in
the tests), `chroma run`, `werkwijzer ingest` into that Chroma server, `werkwijzer serve` with
WERKWIJZER_WORKERS processes and API keys required, and nginx with deploy/nginx.conf in front.
Then bench/load.py runs search and chat through nginx with one key per client (rate limit off,
so throughput is measured, not the limiter). Prints the machine's load before and after, the
peak memory of the API processes, PostgreSQL and Chroma, and the CPU time each of them (and nginx)
spent per request: on a machine shared with other work, that figure, not req/s, tells what the
layout costs.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import create_keys_in  # noqa: E402
from bench.waiting import wait_until_answers  # noqa: E402
from tests.live import free_port  # noqa: E402
from tests.pg import postgres_cluster  # noqa: E402

BIN = Path(sys.executable).parent
SCENARIOS = ("search", "chat")
_MS = 1000.0
_START_SECONDS = 300.0
_MB = 1024 * 1024


def _wait_http(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    wait_until_answers(
        url,
        seconds=_START_SECONDS,
        poll=0.5,
        process=process,
        ready=lambda status: status < 500,
        stopped=lambda: f"deployment.py: {what} stopped (exit {process.returncode})",
        timed_out=f"deployment.py: {what} did not answer at {url}",
    )


@contextmanager
def started(args: Sequence[str], *, env: dict[str, str], log: Path, cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process that is terminated (with its children) on exit."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(args), env=env, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True
        )
        try:
            yield process
        finally:
            try:
                os.killpg(process.pid, 15)
                process.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, 9)


def nginx_conf(work: Path, *, listen: int, upstream: int) -> Path:
    """deploy/nginx.conf with this run's ports and paths."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    text = (
        text.replace("listen 80;", f"listen 127.0.0.1:{listen};")
        .replace("127.0.0.1:8000", f"127.0.0.1:{upstream}")
        .replace("/run/werkwijzer-nginx.pid", str(work / "nginx.pid"))
        .replace("/var/log/nginx/werkwijzer-error.log", str(work / "nginx-error.log"))
        .replace("/var/lib/nginx/", f"{work}/nginx-")
        .replace("worker_processes auto;", "worker_processes 1;")
    )
    path = work / "nginx.conf"
    path.write_text(text)
    return path


def peak_of(pids: dict[str, int]) -> dict[str, int]:
    """Resident memory now of each named process with its children."""
    out = {}
    for name, pid in pids.items():
        try:
            process = psutil.Process(pid)
            out[name] = sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])
        except psutil.Error:
            out[name] = 0
    return out


def cpu_of(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each named process with its children."""
    out = {}
    for name, pid in pids.items():
        try:
            process = psutil.Process(pid)
            times = [p.cpu_times() for p in [process, *process.children(recursive=True)]]
            out[name] = sum(t.user + t.system for t in times)
        except psutil.Error:
            out[name] = 0.0
    return out


def _children_cpu() -> float:
    # The load generator has exited when this is read again: its time is in the children's total.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: Sequence[str] | None = None) -> int:
    """Start the layout, run the load, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--no-proxy", action="store_true", help="load the API port directly (no nginx)")
    parser.add_argument("--distinct", action="store_true", help="no query repeats (bench/load.py --distinct)")
    parser.add_argument("--client", choices=("aiohttp", "httpx"), help="the load generator's HTTP library")
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="extra setting for the API (repeatable)"
    )
    parser.add_argument(
        "--work", type=Path, help="keep the index and Chroma's files here (a second run skips the embedding)"
    )
    args = parser.parse_args(argv)
    print(f"load before: {os.getloadavg()}  cores: {os.cpu_count()}")
    work = args.work or Path(tempfile.mkdtemp(prefix="werkwijzer-deploy-"))
    work.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        database_url = stack.enter_context(postgres_cluster())
        chroma_port, api_port, proxy_port = free_port(), free_port(), free_port()
        base_env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            "WERKWIJZER_DATA_DIR": str(work / "data"),
            "WERKWIJZER_CORPUS_DIR": str(ROOT / "corpus"),
            "WERKWIJZER_DATABASE_URL": database_url,
            "WERKWIJZER_CHROMA_URL": f"http://127.0.0.1:{chroma_port}",
            "WERKWIJZER_LOG_LEVEL": "WARNING",
        }
        chroma = stack.enter_context(
            started(
                [str(BIN / "chroma"), "run", "--path", str(work / "chroma"), "--port", str(chroma_port)],
                env=base_env, log=work / "chroma.log", cwd=work,
            )
        )
        _wait_http(f"http://127.0.0.1:{chroma_port}/api/v2/heartbeat", chroma, "chroma run")
        started_at = time.monotonic()
        subprocess.run([str(BIN / "werkwijzer"), "ingest"], env=base_env, cwd=work, check=True,
                       stdout=subprocess.DEVNULL)
        print(f"ingest into the Chroma server: {time.monotonic() - started_at:.0f} s")
        sys.stdout.flush()
        serve_env = {
            **base_env,
            "WERKWIJZER_WORKERS": str(args.workers),
            "WERKWIJZER_REQUIRE_API_KEYS": "true",
            "WERKWIJZER_RATE_LIMIT_PER_MINUTE": "0",
            **dict(item.split("=", 1) for item in args.env),
        }
        api = stack.enter_context(
            started(
                [str(BIN / "werkwijzer"), "serve", "--host", "127.0.0.1", "--port", str(api_port)],
                env=serve_env, log=work / "api.log", cwd=work,
            )
        )
        _wait_http(f"http://127.0.0.1:{api_port}/healthz", api, "werkwijzer serve")
        url = f"http://127.0.0.1:{api_port}"
        pids = {"api": api.pid, "chroma": chroma.pid}
        if not args.no_proxy:
            nginx = stack.enter_context(
                started(
                    [
                        shutil.which("nginx") or "/usr/sbin/nginx",
                        "-c", str(nginx_conf(work, listen=proxy_port, upstream=api_port)),
                        "-p", str(work), "-g", "daemon off;",
                    ],
                    env=base_env, log=work / "nginx.log", cwd=work,
                )
            )
            url = f"http://127.0.0.1:{proxy_port}"
            _wait_http(f"{url}/healthz", nginx, "nginx")
            pids["nginx"] = nginx.pid
        pg_port = database_url.rsplit(":", 1)[1].split("/")[0]
        postgres = next(
            (p.pid for p in psutil.process_iter(["name", "cmdline"])
             if p.info["name"] == "postgres" and f"-p {pg_port}" in " ".join(p.info["cmdline"] or [])),
            None,
        )
        if postgres:
            pids["postgres"] = postgres
        keys_env = {**os.environ, "WERKWIJZER_DATABASE_URL": database_url, "WERKWIJZER_DATA_DIR": str(work / "data")}
        tokens = create_keys_in(keys_env, args.clients)
        load = [sys.executable, str(ROOT / "bench" / "load.py"), "--url", url, "--pid", str(api.pid),
                "--clients", str(args.clients), "--duration", str(args.duration)]
        for token in tokens:
            load += ["--key", token]
        if args.distinct:
            load.append("--distinct")
        if args.client:
            load += ["--client", args.client]
        print(f"layout: {args.workers} API worker processes, PostgreSQL, chroma run, "
              f"{'direct' if args.no_proxy else 'nginx'}; {args.clients} clients, one key each")
        for scenario in SCENARIOS:
            before, clients_before = cpu_of(pids), _children_cpu()
            run = subprocess.run([*load, "--scenario", scenario], check=True, capture_output=True, text=True)
            print(run.stdout, end="")
            spent = {name: cpu_of(pids)[name] - seconds for name, seconds in before.items()}
            spent["load generator"] = _children_cpu() - clients_before
            served = sum(int(n) for n in re.findall(r"^\s+\S+\s*:\s+(\d+) ok", run.stdout, flags=re.MULTILINE))
            if served:
                print("CPU per request: " + ", ".join(f"{name} {spent[name] / served * _MS:.1f} ms" for name in spent))
        for name, rss in peak_of(pids).items():
            print(f"memory after the run: {name} {rss / _MB:.0f} MB")
        print(f"load after: {os.getloadavg()}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
