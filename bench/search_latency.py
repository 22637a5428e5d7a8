"""Search latency over HTTP from one client, and (optionally) cold full-corpus ingest time.

Usage:
    .venv/bin/python bench/search_latency.py                 # starts the app on a free loopback port
    .venv/bin/python bench/search_latency.py --url http://127.0.0.1:8000
    .venv/bin/python bench/search_latency.py --ingest        # also: cold ingest of corpus/ from scratch

The app is started with the current WERKWIJZER_* settings (its index must exist: `werkwijzer ingest`).
Queries are the questions of bench/data/dev.jsonl (or --questions FILE), sent one after another.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.waiting import wait_until_answers  # noqa: E402 - after the path set-up above
from tests.live import free_port  # noqa: E402

DEFAULT_QUESTIONS = ROOT / "bench" / "data" / "dev.jsonl"
SHARED_QUESTIONS = Path("/work/shared/eval/dev.jsonl")
START_TIMEOUT = 180.0
WARMUP = 3
PERCENTILES = (50, 95)


def questions(path: Path) -> list[str]:
    """The question texts of a JSONL file (one object with a "question" per line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


@contextmanager
def running_app(env: dict[str, str]) -> Iterator[str]:
    """`werkwijzer serve` on a free loopback port until the block ends."""
    port = free_port()
    cmd = [sys.executable, "-m", "werkwijzer", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(
            f"{url}/healthz",
            seconds=START_TIMEOUT,
            poll=0.3,
            process=proc,
            stopped=lambda: f"the app exited: {proc.stderr.read().decode() if proc.stderr else ''}",
            timed_out="the app did not become healthy in time",
        )
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered)))
    return ordered[rank - 1]


def measure_search(url: str, queries: list[str], *, rounds: int, k: int) -> list[float]:
    """Milliseconds per POST /api/search, one client, queries sent one after another."""
    times: list[float] = []
    with httpx.Client(base_url=url, timeout=60) as client:
        for q in queries[:WARMUP]:
            client.post("/api/search", json={"query": q, "k": k}).raise_for_status()
        for _ in range(rounds):
            for q in queries:
                started = time.perf_counter()
                r = client.post("/api/search", json={"query": q, "k": k})
                times.append((time.perf_counter() - started) * 1000)
                r.raise_for_status()
    return times


def measure_ingest(env: dict[str, str]) -> dict[str, object]:
    """Cold ingest of corpus/ into an empty data folder: seconds and passages per document."""
    with tempfile.TemporaryDirectory(prefix="werkwijzer-bench-") as data:
        cold = {**env, "WERKWIJZER_DATA_DIR": data, "WERKWIJZER_CORPUS_DIR": str(ROOT / "corpus")}
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "werkwijzer", "ingest", "--json"],
            env=cold,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - started
    report = json.loads(run.stdout)
    return {"wall_seconds": round(wall, 1), "pipeline_seconds": report["seconds"], **report}


def main(argv: list[str] | None = None) -> int:
    """Print search latency figures (and ingest figures with --ingest)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="measure a running app instead of starting one")
    parser.add_argument("--questions", type=Path, help="JSONL file with a 'question' per line")
    parser.add_argument("--rounds", type=int, default=3, help="times each question is sent")
    parser.add_argument("-k", type=int, default=8)
    parser.add_argument("--ingest", action="store_true", help="also time a cold ingest of corpus/")
    args = parser.parse_args(argv)

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    if args.ingest:
        result = measure_ingest(env)
        print(f"cold ingest of corpus/: {result['wall_seconds']} s wall (pipeline {result['pipeline_seconds']} s, "
              f"model load included in wall), {result['files']} files")
        for doc, n in result["documents"].items():  # type: ignore[union-attr]
            print(f"  {doc}: {n} passages")
        print(f"  total: {sum(result['documents'].values())} passages")  # type: ignore[union-attr]

    path = args.questions or (DEFAULT_QUESTIONS if DEFAULT_QUESTIONS.exists() else SHARED_QUESTIONS)
    queries = questions(path)
    if args.url:
        times = measure_search(args.url, queries, rounds=args.rounds, k=args.k)
        where = args.url
    else:
        with running_app(env) as url:
            times = measure_search(url, queries, rounds=args.rounds, k=args.k)
            where = f"{url} (started by this script)"
    p50, p95 = (percentile(times, p) for p in PERCENTILES)
    print(
        f"POST /api/search over HTTP, one client, {len(times)} requests ({len(queries)} questions x "
        f"{args.rounds}, k={args.k}) at {where}:"
    )
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   mean {statistics.mean(times):.1f} ms   max {max(times):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
