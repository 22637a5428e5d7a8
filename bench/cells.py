"""Cell accuracy of case comparisons, cross-validated: bench/data/aspects.jsonl against the cell model.

Each labelled (case, aspect) cell is filled by the cell model fitted on the other folds (its aspect
words and threshold too, the threshold by an inner cross-validation); a cell is right when it holds
the labelled statement (or one of the equally good ones) or, for a "niet beschreven" label, nothing.

    python bench/cells.py [--folds 5] [--out assistant/data/models]   # --out: also fit on all, save cells.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from assistant.cases.catalogue import ASPECTS_BY_KEY
from assistant.cases.cells import CELLS, LabelledCell, candidates, cell_correct, fit_cells, gold_set, question
from assistant.config import Settings
from werkwijzer.compose import build_core

DATA = Path(__file__).parent / "data" / "aspects.jsonl"
NOT_DESCRIBED = "niet beschreven"


def load_cells(path: Path) -> list[LabelledCell]:
    """The labelled cells, with every candidate statement scored by the chat's unit model."""
    core = build_core(Settings())
    index, catalog = core.cases.snapshot()
    scorer = core.statements
    cells = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        case = catalog.find(row["case"])
        if case is None:
            sys.exit(f"unknown case in {path}: {row['case']}")
        aspect = ASPECTS_BY_KEY[row["aspect"]]
        passages = [index.get(pid) for pid in case.passage_ids if index.has(pid)]
        found = candidates(scorer.score(question(aspect, case), passages), {p.id: p for p in passages})
        gold = [] if row["gold"] == NOT_DESCRIBED else [row["gold"], *row.get("also", [])]
        cells.append(LabelledCell(case, aspect, tuple(found), gold_set(gold)))
    return cells


def main() -> None:
    """Print per-fold, per-aspect and overall cross-validated cell accuracy."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="fit on all cells and write cells.json here")
    args = parser.parse_args()
    cells = load_cells(DATA)
    order = list(range(len(cells)))
    random.Random(args.seed).shuffle(order)
    right: list[bool] = [False] * len(cells)
    per_fold = []
    for k in range(args.folds):
        held = [i for n, i in enumerate(order) if n % args.folds == k]
        train = [cells[i] for n, i in enumerate(order) if n % args.folds != k]
        model = fit_cells(train, seed=args.seed)
        for i in held:
            right[i] = cell_correct(model, cells[i])
        per_fold.append(sum(right[i] for i in held) / len(held))
    total, ok = Counter(), Counter()
    for cell, r in zip(cells, right, strict=True):
        for key in (cell.aspect.key, "described" if cell.gold else NOT_DESCRIBED, cell.case.document_id):
            total[key] += 1
            ok[key] += r
    print(f"cells: {len(cells)}  folds: {args.folds}")
    print("per fold: " + " ".join(f"{a:.3f}" for a in per_fold))
    for key in sorted(total):
        print(f"  {key:45s} {ok[key] / total[key]:.3f}  ({total[key]})")
    print(f"cell accuracy (cross-validated): {sum(right) / len(right):.3f}")
    if args.out:
        model = fit_cells(cells, seed=args.seed)
        model.model.save(args.out / f"{CELLS}.json")
        print(f"wrote {args.out / f'{CELLS}.json'} (threshold {model.model.threshold:.3f})")


if __name__ == "__main__":
    main()
