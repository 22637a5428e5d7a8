"""Side by side on the same corpus and questions: LangChain quickstart, plain BM25, Werkwijzer.

    .venv/bin/python bench/compare_baselines.py [--questions bench/data/dev.jsonl] [--json OUT]

(a) LangChain quickstart: RecursiveCharacterTextSplitter(1000, 200) over each publication, the
    bundled all-MiniLM-L6-v2, Chroma (chromadb used directly, cosine space), top 10 by similarity.
(b) Plain BM25 (rank_bm25 BM25Okapi) over Werkwijzer's passages: lower-cased word tokens stemmed
    with the classic Snowball Dutch stemmer; no stop words, fields, thesaurus or decompounding.
(c) Werkwijzer: the index under WERKWIJZER_DATA_DIR (built or updated first, as `werkwijzer ingest`).

All three are scored by werkwijzer.evaluation (the shared eval rules) with plain search for every
question, follow-ups included (none of them has a conversation here), and timed in-process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from assistant.config import Settings  # noqa: E402
from werkwijzer import evaluation as ev  # noqa: E402
from werkwijzer.baselines import Search, passage_json, plain_bm25  # noqa: E402

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


def corpus_files(corpus: Path) -> list[Path]:
    """The publications (text files) in the corpus folder."""
    return sorted(p for p in corpus.iterdir() if p.suffix in {".txt", ".md"} and not p.name.startswith("README"))


def langchain_quickstart(corpus: Path, embedder: Any) -> tuple[Search, int]:
    """(a): RecursiveCharacterTextSplitter 1000/200 + Chroma + all-MiniLM-L6-v2."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    chunks: list[tuple[str, str]] = []
    for path in corpus_files(corpus):
        chunks += [(path.stem, c) for c in splitter.split_text(path.read_text(encoding="utf-8"))]
    vectors = embedder.embed_passages([c for _, c in chunks])
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection("langchain-quickstart", metadata={"hnsw:space": "cosine"},
                                          embedding_function=None)
    ids = [f"lc-{i}" for i in range(len(chunks))]
    collection.add(ids=ids, embeddings=vectors.tolist(), documents=[c for _, c in chunks],
                   metadatas=[{"document_id": d} for d, _ in chunks])

    def search(query: str, k: int) -> Mapping[str, Any]:
        found = collection.query(query_embeddings=[embedder.embed_query(query).tolist()], n_results=k,
                                 include=["documents", "metadatas", "distances"])
        return {"results": [
            passage_json(pid, meta["document_id"], doc, 1 - dist)
            for pid, doc, meta, dist in zip(found["ids"][0], found["documents"][0], found["metadatas"][0],
                                            found["distances"][0], strict=True)
        ]}

    return search, len(chunks)


def werkwijzer_search(core: Any) -> Search:
    """(c): the pipeline as /api/search runs it."""
    from api.schemas import PassageOut

    def search(query: str, k: int) -> Mapping[str, Any]:
        return {"results": [PassageOut.of_hit(h).model_dump() for h in core.search.search(query, k=k)]}

    return search


def score(name: str, search: Search, questions: list[ev.EvalQuestion]) -> dict[str, Any]:
    """Retrieval figures and in-process search latency of one system."""
    search("warm-up", ev.SEARCH_K)
    results = ev.run(questions, search=search)
    summary = ev.summarise(results, chat_available=False)
    return {"system": name, **summary["retrieval"]["overall"], **summary["latency_ms"]}


def main() -> int:
    """Build the three systems, score them, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", default=str(ROOT / "bench" / "data" / "dev.jsonl"))
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    questions = ev.load_questions(Path(args.questions))

    from werkwijzer.compose import build_core

    settings = Settings()
    core = build_core(settings)
    started = time.perf_counter()
    report = core.indexer.ingest()
    print(f"Werkwijzer index: {sum(report.documents.values())} passages "
          f"({report.added} embedded now, {time.perf_counter() - started:.0f} s)")
    index = core.holder.current()

    started = time.perf_counter()
    lc_search, lc_chunks = langchain_quickstart(settings.corpus_dir, core.embedder)
    print(f"LangChain quickstart: {lc_chunks} chunks of {CHUNK_SIZE}/{CHUNK_OVERLAP} characters "
          f"embedded in {time.perf_counter() - started:.0f} s (Chroma, in memory)")

    rows = [
        score("LangChain quickstart (1000/200 + Chroma + MiniLM)", lc_search, questions),
        score("Plain BM25 (Snowball Dutch stems)", plain_bm25(list(index.passages)), questions),
        score("Werkwijzer", werkwijzer_search(core), questions),
    ]
    answerable = sum(q.answerable for q in questions)
    print(f"\n{len(questions)} questions, {answerable} answerable; every question by plain search (k=10).\n")
    header = f"{'system':<52}{'hit@1':>7}{'hit@5':>7}{'hit@10':>8}{'MRR@10':>8}{'p50 ms':>8}{'p95 ms':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r['system']:<52}{r['hit@1']:>7.3f}{r['hit@5']:>7.3f}{r['hit@10']:>8.3f}{r['mrr@10']:>8.3f}"
              f"{r['search_p50']:>8.1f}{r['search_p95']:>8.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
