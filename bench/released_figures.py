"""Write the released cross-validated figures the quality guard (tests/werkwijzer/test_quality_guard.py) holds to.

    .venv/bin/werkwijzer eval bench/data/dev.jsonl bench/data/train.jsonl bench/data/extra.jsonl \\
        bench/data/styles.jsonl --folds 5 --json cv.json
    .venv/bin/python bench/released_figures.py cv.json > bench/data/released.json

Per fold: the answerable questions scored and their hit@5 and MRR@10 (search; follow-ups on the chat's
passages), so the guard can pool any subset of folds the same way.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkwijzer.evaluation import QuestionResult, retrieval_metrics  # noqa: E402
from werkwijzer.folds import assign_folds, load_sets  # noqa: E402

QUESTION_FILES = ("bench/data/dev.jsonl", "bench/data/train.jsonl", "bench/data/extra.jsonl", "bench/data/styles.jsonl")
FOLDS = 5
COMMAND = (
    "werkwijzer eval " + " ".join(QUESTION_FILES) + f" --folds {FOLDS} --json cv.json; "
    "python bench/released_figures.py cv.json > bench/data/released.json"
)


def released(cv: dict[str, Any], *, files: tuple[str, ...] = QUESTION_FILES, folds: int = FOLDS) -> dict[str, Any]:
    """Per-fold and pooled retrieval figures of a `werkwijzer eval --folds` JSON."""
    questions = [q for _, q in load_sets([ROOT / f for f in files])]
    fold_of = assign_folds(questions, folds)
    results = [QuestionResult(**r) for r in cv["results"]]
    per_fold = {}
    for f in range(folds):
        m = retrieval_metrics([r for r in results if fold_of[r.id] == f])
        per_fold[str(f)] = {"answerable": m["questions"], "hit@5": m["hit@5"], "mrr@10": m["mrr@10"]}
    pooled = retrieval_metrics(results)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    return {
        "command": COMMAND,
        "commit": commit,
        "files": list(files),
        "folds": folds,
        "pooled": {"answerable": pooled["questions"], "hit@5": pooled["hit@5"], "mrr@10": pooled["mrr@10"]},
        "per_fold": per_fold,
    }


def main() -> int:
    """Read the eval JSON, print the released figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cv_json", help="the --json output of `werkwijzer eval ... --folds 5`")
    args = parser.parse_args()
    cv = json.loads(Path(args.cv_json).read_text(encoding="utf-8"))
    print(json.dumps(released(cv), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
