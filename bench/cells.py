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

from assistant.answer.statements import UnitStatementScorer
from assistant.cases.catalogue import ASPECTS_BY_KEY, CaseRegistry
from assistant.cases.cells import CELLS, RIGHT, LabelledCell, candidates, cell_outcome, fit_cells, gold_set, question
from assistant.config import Settings
from werkwijzer.compose import build_embedder, build_search_parts, load_models

DATA = Path(__file__).parent / "data" / "aspects.jsonl"
NOT_DESCRIBED = "niet beschreven"


def load_cells(path: Path) -> list[LabelledCell]:
    """The labelled cells, with every candidate statement scored by the chat's unit model."""
    # Only the parts the cells need: the cell model being refitted must not be needed to load them
    # (a changed CELL_FEATURES would otherwise refuse the shipped cells.json before it can be rebuilt).
    settings = Settings()
    _, holder, _, featurizer = build_search_parts(settings, build_embedder(settings))
    index, catalog = CaseRegistry(holder).snapshot()
    scorer = UnitStatementScorer(holder, featurizer, load_models(settings.models_dir).units)
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
    outcome: list[str] = [RIGHT] * len(cells)
    per_fold = []
    for k in range(args.folds):
        held = [i for n, i in enumerate(order) if n % args.folds == k]
        train = [cells[i] for n, i in enumerate(order) if n % args.folds != k]
        model = fit_cells(train, seed=args.seed)
        for i in held:
            outcome[i] = cell_outcome(model, cells[i])
        per_fold.append(sum(outcome[i] == RIGHT for i in held) / len(held))
    right = [o == RIGHT for o in outcome]
    total: Counter[str] = Counter()
    errors: dict[str, Counter[str]] = {}
    for cell, o in zip(cells, outcome, strict=True):
        for key in (cell.aspect.key, "described" if cell.gold else NOT_DESCRIBED, cell.case.document_id):
            total[key] += 1
            errors.setdefault(key, Counter())[o] += 1
    print(f"cells: {len(cells)}  folds: {args.folds}")
    print("per fold: " + " ".join(f"{a:.3f}" for a in per_fold))
    print("errors: " + ", ".join(f"{k} {v}" for k, v in Counter(o for o in outcome if o != RIGHT).most_common()))
    for key in sorted(total):
        wrong = ", ".join(f"{k} {v}" for k, v in errors[key].most_common() if k != RIGHT)
        print(f"  {key:45s} {errors[key][RIGHT] / total[key]:.3f}  ({total[key]})  {wrong}")
    print(f"cell accuracy (cross-validated): {sum(right) / len(right):.3f}")
    if args.out:
        model = fit_cells(cells, seed=args.seed)
        model.model.save(args.out / f"{CELLS}.json")
        cut = model.present.threshold if model.present is not None else model.model.threshold
        print(f"wrote {args.out / f'{CELLS}.json'} (described-at-all threshold {cut:.3f})")


if __name__ == "__main__":
    main()
