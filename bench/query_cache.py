"""What the query-embedding cache saves: hit rates on streams with repeats, and the cost of a miss.

    .venv/bin/python bench/query_cache.py [--requests 50000] [--distinct 20000] [--backend torch --backend onnx]

An intranet search log repeats its queries with a long tail: the stream here draws each request from
``--distinct`` queries with Zipf-distributed popularity (exponents 0.8, 1.0, 1.2: a flat to a steep
head), and reports the hit rate of an LRU cache of several sizes, plus the stream where no query
repeats (hit rate 0). The cost of a miss is measured on the real model: the embedding of each
question of bench/data/dev.jsonl, per backend, on one thread (CPU time is the figure that does not
depend on what else the machine runs).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXPONENTS = (0.8, 1.0, 1.2)
CACHE_SIZES = (256, 1024, 4096)
_MS = 1000.0


def zipf_stream(distinct: int, requests: int, exponent: float, seed: int) -> np.ndarray:
    """Query numbers (0 = most asked) of a stream whose popularity falls as rank^-exponent."""
    weights = 1.0 / np.arange(1, distinct + 1) ** exponent
    rng = np.random.default_rng(seed)
    return rng.choice(distinct, size=requests, p=weights / weights.sum())


def lru_hit_rate(stream: Sequence[int], size: int) -> float:
    """Share of requests an LRU cache of ``size`` entries answers."""
    cache: OrderedDict[int, None] = OrderedDict()
    hits = 0
    for query in stream:
        if query in cache:
            hits += 1
            cache.move_to_end(query)
            continue
        cache[query] = None
        if len(cache) > size:
            cache.popitem(last=False)
    return hits / len(stream)


def miss_cost_ms(backend: str, questions: list[str]) -> tuple[float, float]:
    """Mean (wall, CPU) milliseconds of one uncached query embedding with ``backend`` on one thread."""
    import tempfile

    from assistant.adapters.sentence_transformers import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(
        threads=1, query_cache_size=0, backend=backend, export_dir=Path(tempfile.gettempdir()) / "werkwijzer-onnx"
    )
    embedder.embed_query(questions[0])
    started, cpu = time.perf_counter(), time.process_time()
    for question in questions:
        embedder.embed_query(question)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return wall / len(questions) * _MS, cpu / len(questions) * _MS


def main(argv: Sequence[str] | None = None) -> int:
    """Print hit rates and miss costs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--distinct", type=int, default=20_000, help="queries the stream draws from")
    parser.add_argument("--backend", action="append", choices=("torch", "onnx"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"LRU hit rate, {args.requests} requests drawn from {args.distinct} distinct queries (Zipf):")
    print("exponent  " + "  ".join(f"{size:>6}" for size in CACHE_SIZES))
    for exponent in EXPONENTS:
        stream = zipf_stream(args.distinct, args.requests, exponent, args.seed).tolist()
        print(f"{exponent:8.1f}  " + "  ".join(f"{lru_hit_rate(stream, size):6.2f}" for size in CACHE_SIZES))
    print("all distinct  " + "  ".join(f"{0.0:6.2f}" for _ in CACHE_SIZES))
    lines = (ROOT / "bench" / "data" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    for backend in args.backend or ["torch"]:
        wall, cpu = miss_cost_ms(backend, questions)
        print(f"one uncached query embedding, {backend}, one thread: {wall:.1f} ms wall, {cpu:.1f} ms CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
