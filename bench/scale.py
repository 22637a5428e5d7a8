"""How ingest time, index size, memory and search latency grow with the corpus, up to ~100,000 passages.

    .venv/bin/python bench/scale.py [--sizes 1000,10000,50000,100000] [--work DIR]

The corpus index (under WERKWIJZER_DATA_DIR, built first if needed) is multiplied into synthetic
copies: copy c of a passage is the same text in document "<doc>-x<c>". Embedding 100,000 passages
with MiniLM on 2 shared cores takes hours, so copies reuse the original passage's vector plus
small noise (renormalised); the embedding rate is measured on a sample and the time it would take
is printed beside the build time. Everything else is the real code path: the lexical index is
analysed and built from every passage, vectors go into Chroma, the version is written and
activated by IndexRepository, and each size is loaded and queried in a fresh process (so memory
is that process's resident size) with the dev questions, dense fallback (the default) and always.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from assistant.config import Settings  # noqa: E402

NOISE = 0.02  # standard deviation of the noise added to a copied vector before renormalising
ROUNDS = 3  # each dev question is searched this many times per size
EMBED_SAMPLE = 64
SEED = 7


def folder_size(path: Path) -> int:
    """Bytes of all files under ``path``."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(np.ceil(q * len(ordered))) - 1))]


def build_size(size: int, work: Path, base_core: Any) -> dict[str, Any]:
    """Write an index version of ``size`` synthetic passages under work/size-N; time its parts."""
    from dataclasses import replace

    from assistant.search.index import IndexManifest
    from assistant.search.lexical import LexicalIndex
    from werkwijzer.compose import build_core

    index = base_core.holder.current()
    originals = list(index.passages)
    stored = index.store.vectors([p.id for p in originals])
    base_vectors = np.stack([stored[p.id] for p in originals])
    rng = np.random.default_rng(SEED)
    copies = -(-size // len(originals))
    passages, vectors, records = [], [], []
    for c in range(copies):
        for record in index.documents():
            info = replace(record.info, id=f"{record.info.id}-x{c}", title=f"{record.info.title} (kopie {c})")
            records.append(replace(record, info=info))
        for p in originals:
            passages.append(replace(p, id=f"{p.id}-x{c}", document_id=f"{p.document_id}-x{c}",
                                    document_title=f"{p.document_title} (kopie {c})"))
        noisy = base_vectors + rng.normal(0, NOISE, base_vectors.shape).astype(np.float32)
        vectors.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
    passages = passages[:size]
    matrix = np.concatenate(vectors)[:size]
    kept_docs = {p.document_id for p in passages}
    records = [r for r in records if r.info.id in kept_docs]

    data_dir = work / f"size-{size}"
    shutil.rmtree(data_dir, ignore_errors=True)
    settings = Settings(_env_file=None, data_dir=data_dir, corpus_dir=base_core.settings.corpus_dir)  # type: ignore[call-arg]
    core = build_core(settings, embedder=base_core.embedder)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    version, folder = core.repository.begin()
    store = core.repository.store_for(version)
    t = time.perf_counter()
    store.add(passages, matrix)
    timings["vectors_s"] = time.perf_counter() - t
    t = time.perf_counter()
    lexical = LexicalIndex.build(passages)
    timings["lexical_s"] = time.perf_counter() - t
    manifest = IndexManifest(version=version, created=datetime.now(UTC).isoformat(timespec="seconds"),
                             spec=core.holder.spec, documents=tuple(records), passages=len(passages))
    t = time.perf_counter()
    core.repository.write(folder, manifest, passages, lexical)
    core.repository.activate(version, drop_store=core.drop_store)
    timings["write_s"] = time.perf_counter() - t
    timings["build_s"] = time.perf_counter() - started
    return {"passages": len(passages), "documents": len(records), "data_dir": str(data_dir),
            "disk_mb": folder_size(folder) / 2**20, **timings}


def measure(data_dir: Path, questions_file: Path) -> dict[str, Any]:
    """In a fresh process: load the index, then time searches (dense fallback and always)."""
    import psutil

    from werkwijzer import evaluation as ev
    from werkwijzer.compose import build_core

    process = psutil.Process()
    rss_before = process.memory_info().rss
    settings = Settings(_env_file=None, data_dir=data_dir)  # type: ignore[call-arg]
    core = build_core(settings)
    rss_model = process.memory_info().rss
    started = time.perf_counter()
    core.holder.current()
    load_s = time.perf_counter() - started
    rss_loaded = process.memory_info().rss
    queries = [q.question for q in ev.load_questions(questions_file)]
    out: dict[str, Any] = {"load_s": load_s, "rss_mb": rss_loaded / 2**20,
                           "index_rss_mb": (rss_loaded - rss_model) / 2**20,
                           "model_rss_mb": (rss_model - rss_before) / 2**20}
    # Search as served: the learned ranker over every signal (every query is embedded).
    for mode in ("served",):
        core.search.search("opwarmen", k=10)
        times = []
        for _ in range(ROUNDS):
            for q in queries:
                t = time.perf_counter()
                core.search.search(q, k=10)
                times.append((time.perf_counter() - t) * 1000)
        out[f"{mode}_p50_ms"] = statistics.median(times)
        out[f"{mode}_p95_ms"] = percentile(times, 0.95)
    return out


def embedding_rate(core: Any) -> float:
    """Passages per second the embedding model manages here, on a sample of real passages."""
    from ingest.pipeline import embedding_text

    sample = list(core.holder.current().passages)[:EMBED_SAMPLE]
    started = time.perf_counter()
    core.embedder.embed_passages([embedding_text(p) for p in sample])
    return len(sample) / (time.perf_counter() - started)


def main() -> int:
    """Build each size, measure it in a fresh process, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000,100000")
    parser.add_argument("--work", default=str(ROOT / "data" / "scale"), help="where the synthetic indexes go")
    parser.add_argument("--questions", default=str(ROOT / "bench" / "data" / "dev.jsonl"))
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: measure one data dir
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure), Path(args.questions))))
        return 0

    from werkwijzer.compose import build_core

    base = build_core(Settings())
    base.indexer.ingest()
    rate = embedding_rate(base)
    print(f"Corpus index: {len(base.holder.current().passages)} real passages; embedding rate here "
          f"{rate:.1f} passages/s (copies reuse vectors + noise σ={NOISE}).")
    work = Path(args.work)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        built = build_size(size, work, base)
        measured = subprocess.run(
            [sys.executable, __file__, "--measure", built["data_dir"], "--questions", args.questions],
            check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
        row = {**built, **json.loads(measured), "embed_estimate_min": size / rate / 60}
        rows.append(row)
        print(f"  {size:>7} passages built in {row['build_s']:.1f} s", flush=True)
    header = (f"{'passages':>9}{'build s':>9}{'(lexical':>10}{'vectors)':>10}{'embed est.':>12}{'disk MB':>9}"
              f"{'RSS MB':>8}{'load s':>8}{'p50 ms':>8}{'p95 ms':>8}{'dense p50':>11}{'dense p95':>11}")
    print("\n" + header + "\n" + "-" * len(header))
    for r in rows:
        print(f"{r['passages']:>9}{r['build_s']:>9.1f}{r['lexical_s']:>10.1f}{r['vectors_s']:>10.1f}"
              f"{r['embed_estimate_min']:>9.0f} min{r['disk_mb']:>9.0f}{r['rss_mb']:>8.0f}{r['load_s']:>8.1f}"
              f"{r['fallback_p50_ms']:>8.1f}{r['fallback_p95_ms']:>8.1f}"
              f"{r['always_p50_ms']:>11.1f}{r['always_p95_ms']:>11.1f}")
    print("\np50/p95: in-process search, k=10, dev questions x3, default dense fallback; "
          "'dense': every query also embedded and searched in Chroma (HNSW).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
