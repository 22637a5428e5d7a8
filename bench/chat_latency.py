"""Chat latency over HTTP from one client: POST /api/chat (extractive unless an LLM is configured).

Usage:
    .venv/bin/python bench/chat_latency.py                   # starts the app on a free loopback port
    .venv/bin/python bench/chat_latency.py --url http://127.0.0.1:8000

The dev questions are sent one after another, each in a new conversation (follow-ups in their
parent's conversation, as a person would ask them). Uses the app set-up of bench/search_latency.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import httpx
from search_latency import (  # type: ignore[import-not-found]  # bench/ is run as scripts
    DEFAULT_QUESTIONS,
    PERCENTILES,
    SHARED_QUESTIONS,
    WARMUP,
    percentile,
    running_app,
)


def items(path: Path) -> list[dict]:
    """The dev items (question, id, follow_up_of) of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure_chat(url: str, dev: list[dict], *, rounds: int) -> tuple[list[float], dict[str, int]]:
    """Milliseconds per POST /api/chat, and how many answers had each status."""
    times: list[float] = []
    statuses: dict[str, int] = {}
    with httpx.Client(base_url=url, timeout=120) as client:
        for item in dev[:WARMUP]:
            client.post("/api/chat", json={"message": item["question"]}).raise_for_status()
        for _ in range(rounds):
            conversations: dict[str, str] = {}
            for item in dev:
                parent = conversations.get(item.get("follow_up_of") or "")
                body = {"message": item["question"], "conversation_id": parent}
                started = time.perf_counter()
                r = client.post("/api/chat", json=body)
                times.append((time.perf_counter() - started) * 1000)
                r.raise_for_status()
                conversations[item["id"]] = r.json()["conversation_id"]
                statuses[r.json()["status"]] = statuses.get(r.json()["status"], 0) + 1
    return times, statuses


def main(argv: list[str] | None = None) -> int:
    """Print chat latency figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="measure a running app instead of starting one")
    parser.add_argument("--questions", type=Path, help="JSONL file in the dev set's format")
    parser.add_argument("--rounds", type=int, default=3, help="times each question is sent")
    args = parser.parse_args(argv)
    path = args.questions or (DEFAULT_QUESTIONS if DEFAULT_QUESTIONS.exists() else SHARED_QUESTIONS)
    dev = items(path)
    if args.url:
        times, statuses = measure_chat(args.url, dev, rounds=args.rounds)
        where = args.url
    else:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
        with running_app(env) as url:
            times, statuses = measure_chat(url, dev, rounds=args.rounds)
            where = f"{url} (started by this script)"
    p50, p95 = (percentile(times, p) for p in PERCENTILES)
    print(
        f"POST /api/chat over HTTP, one client, {len(times)} requests "
        f"({len(dev)} questions x {args.rounds}) at {where}:"
    )
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   mean {statistics.mean(times):.1f} ms   max {max(times):.1f} ms")
    print(f"  statuses: {statuses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
