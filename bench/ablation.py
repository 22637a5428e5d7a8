"""Which retrieval step adds how much: the dev-set figures as each step is switched on in turn.

    .venv/bin/python bench/ablation.py [--questions bench/data/dev.jsonl]

Runs on the active index under WERKWIJZER_DATA_DIR (build it with `werkwijzer ingest`). Every row
is scored by werkwijzer.evaluation with plain search for every question (follow-ups included, so
the three follow-ups that only make sense inside a conversation count as misses here).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from assistant.config import Settings  # noqa: E402
from assistant.search.lexical import LexicalIndex, LexicalWeights  # noqa: E402
from assistant.search.retriever import FusionWeights  # noqa: E402
from werkwijzer import evaluation as ev  # noqa: E402


def score(searcher: Any, questions: list[ev.EvalQuestion]) -> dict[str, Any]:
    """Retrieval figures of a retriever as it is set now."""
    from api.schemas import PassageOut

    def search(query: str, k: int) -> dict[str, Any]:
        return {"results": [PassageOut.of_hit(h).model_dump() for h in searcher.search(query, k=k)]}

    return ev.retrieval_metrics(ev.run(questions, search=search))


def main() -> int:
    """Score the cumulative steps and print one row per step."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", default=str(ROOT / "bench" / "data" / "dev.jsonl"))
    args = parser.parse_args()
    questions = ev.load_questions(Path(args.questions))

    from werkwijzer.compose import build_core

    core = build_core(Settings())
    index = core.holder.current()
    passages = list(index.passages)
    default = core.retriever.weights
    plain = LexicalWeights(fields=0, parts=0, phrases=0, names=0, fuzzy=0)
    lexical_only = FusionWeights(dense=0, lexical=1, candidates=default.candidates, expand=False)
    bare = LexicalIndex.build(passages, decompound=False, phrase_terms=False)
    split = LexicalIndex.build(passages, decompound=True, phrase_terms=False)
    full = LexicalIndex.build(passages)
    place_normalised = LexicalIndex.build(passages, weights=LexicalWeights(fields_b=0.75))
    no_pairs = LexicalIndex.build(passages, compound_pair_terms=False)
    steps: list[tuple[str, LexicalIndex, FusionWeights]] = [
        ("dense only (MiniLM in Chroma)", full, default.with_(dense=1, lexical=0, dense_mode="always")),
        ("BM25 on text, classic Snowball stems", bare, lexical_only.with_(lexical_weights=plain)),
        ("+ place field (title + section path)", bare, lexical_only.with_(lexical_weights=replace(plain, fields=1.0))),
        ("+ decompounding", split, lexical_only.with_(lexical_weights=replace(plain, fields=1.0, parts=0.5))),
        ("+ thesaurus expansion", split,
         lexical_only.with_(expand=True, lexical_weights=replace(plain, fields=1.0, parts=0.5))),
        ("+ phrase terms and names", full,
         lexical_only.with_(expand=True, lexical_weights=replace(plain, fields=1.0, parts=0.5, phrases=0.3, names=1.0))),  # noqa: E501
        ("+ near spellings (= lexical default)", full, lexical_only.with_(expand=True, lexical_weights=LexicalWeights())),  # noqa: E501
        ("+ dense fallback (= Werkwijzer default)", full, default),
        ("  dense always, RRF", full, default.with_(dense_mode="always")),
        ("  + neighbour smoothing 0.15", full, default.with_(lexical_weights=LexicalWeights(neighbours=0.15))),
        ("  + one section at most twice in top 5", full, default.with_(per_section=2)),
        ("  place field length-normalised (b=0.75)", place_normalised, default),
        ("  without compound-pair terms", no_pairs, default),
    ]
    header = f"{'step':<44}{'hit@1':>7}{'hit@5':>7}{'hit@10':>8}{'MRR@10':>8}"
    print(f"{len(passages)} passages; {sum(q.answerable for q in questions)} answerable questions\n")
    print(header + "\n" + "-" * len(header))
    for name, lexical, weights in steps:
        index.lexical = lexical
        core.retriever.weights = weights
        m = score(core.retriever, questions)
        print(f"{name:<44}{m['hit@1']:>7.3f}{m['hit@5']:>7.3f}{m['hit@10']:>8.3f}{m['mrr@10']:>8.3f}", flush=True)
    # The served search: the default candidates, reranked as the extractive answer reads them.
    index.lexical = full
    core.retriever.weights = default
    core.search.weights = default.with_(rerank_candidates=core.search.weights.rerank_candidates)
    m = score(core.search, questions)
    name = "+ answer rerank (= /api/search)"
    print(f"{name:<44}{m['hit@1']:>7.3f}{m['hit@5']:>7.3f}{m['hit@10']:>8.3f}{m['mrr@10']:>8.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
