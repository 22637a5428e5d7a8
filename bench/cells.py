"""Cell accuracy of case comparisons, cross-validated: bench/data/aspects.jsonl against the cell model.

Each labelled (case, aspect) cell is filled by the cell model fitted on the other folds (its aspect
words and threshold too, the threshold by an inner cross-validation); a cell is right when it holds
the labelled statement (or one of the equally good ones) or, for a "niet beschreven" label, nothing.

    python bench/cells.py [--folds 5] [--seed 0] [--errors] [--out assistant/data/models]
    # --errors: list every wrong cell (its gold, the chosen statement, the gold's rank among the candidates)
    # --out: also fit on all cells and save cells.json
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
from assistant.cases.cells import (
    CELLS,
    RIGHT,
    Candidate,
    CellModel,
    LabelledCell,
    candidates,
    cell_outcome,
    features,
    fit_cells,
    gold_set,
    question,
)
from assistant.config import Settings
from assistant.types import SECTION_SEPARATOR
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


def cross_validate(
    cells: list[LabelledCell], *, folds: int, seed: int
) -> tuple[list[str], list[CellModel], list[float]]:
    """Per cell its outcome and the model that filled it (fitted without its fold); the accuracy per fold."""
    order = list(range(len(cells)))
    random.Random(seed).shuffle(order)
    outcome: list[str] = [RIGHT] * len(cells)
    models: list[CellModel | None] = [None] * len(cells)
    per_fold = []
    for k in range(folds):
        held = [i for n, i in enumerate(order) if n % folds == k]
        model = fit_cells([cells[i] for n, i in enumerate(order) if n % folds != k], seed=seed)
        for i in held:
            outcome[i] = cell_outcome(model, cells[i])
            models[i] = model
        per_fold.append(sum(outcome[i] == RIGHT for i in held) / len(held))
    return outcome, [m for m in models if m is not None], per_fold


def describe_error(model: CellModel, cell: LabelledCell, outcome: str) -> str:
    """One wrong cell: its kind, the gold statement and its rank, the chosen one, the described-at-all probability."""
    lines = [f"- {outcome}: {cell.case.id} / {cell.aspect.key}  ({len(cell.found)} candidates)"]
    if cell.found:
        best, p, described = model.best(cell.case, cell.aspect, cell.found)
        X = features(cell.case, cell.aspect, cell.found, model.words)
        scores = model.model.probability(X)
        order = sorted(range(len(cell.found)), key=lambda i: -scores[i])
        gold_ranks = [r for r, i in enumerate(order) if cell.is_gold(cell.found[i])]
        lines.append(f"    chosen  p={p:.2f} described={described:.2f}: {_short(cell.found[best])}")
        if gold_ranks:
            g = order[gold_ranks[0]]
            lines.append(f"    gold    p={scores[g]:.2f} rank {gold_ranks[0] + 1}: {_short(cell.found[g])}")
    if cell.gold and not any(cell.is_gold(c) for c in cell.found):
        lines.append(f"    gold NOT A CANDIDATE: {sorted(cell.gold)[0][:160]}")
    return "\n".join(lines)


def _short(candidate: Candidate) -> str:
    section = (candidate.passage.section or "").split(SECTION_SEPARATOR)[-1]
    return f"[{candidate.statement.kind} in '{section[:40]}'] {candidate.statement.text[:160]}"


def main() -> None:
    """Print per-fold, per-aspect and overall cross-validated cell accuracy."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--errors", action="store_true", help="list every wrong cell")
    parser.add_argument("--out", type=Path, help="fit on all cells and write cells.json here")
    args = parser.parse_args()
    cells = load_cells(DATA)
    outcome, models, per_fold = cross_validate(cells, folds=args.folds, seed=args.seed)
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
    if args.errors:
        for cell, o, m in zip(cells, outcome, models, strict=True):
            if o != RIGHT:
                print(describe_error(m, cell, o))
    print(f"cell accuracy (cross-validated): {sum(right) / len(right):.3f}")
    if args.out:
        model = fit_cells(cells, seed=args.seed)
        model.model.save(args.out / f"{CELLS}.json")
        cut = model.present.threshold if model.present is not None else model.model.threshold
        print(f"wrote {args.out / f'{CELLS}.json'} (described-at-all threshold {cut:.3f})")


if __name__ == "__main__":
    main()
