"""EvalQuestion files for training and their cross-validation folds (a follow-up stays with its parent)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from werkwijzer.evaluation import EvalQuestion, load_questions

DEFAULT_FOLDS = 5


def family(question: EvalQuestion, by_id: dict[str, EvalQuestion]) -> str:
    """The id of the conversation a question belongs to: its first ancestor's id."""
    seen = set()
    q = question
    while q.follow_up_of and q.follow_up_of in by_id and q.id not in seen:
        seen.add(q.id)
        q = by_id[q.follow_up_of]
    return q.id


def fold_of(family_id: str, folds: int) -> int:
    """A family's fold: a stable hash of its id, so a question keeps its fold whatever else is added."""
    digest = hashlib.sha1(family_id.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % folds


def assign_folds(questions: Sequence[EvalQuestion], folds: int = DEFAULT_FOLDS) -> dict[str, int]:
    """EvalQuestion id → fold (0..folds-1), grouped by conversation family."""
    by_id = {q.id: q for q in questions}
    return {q.id: fold_of(family(q, by_id), folds) for q in questions}


def load_sets(paths: Sequence[Path]) -> list[tuple[str, EvalQuestion]]:
    """(file stem, question) for every question in the files; ids must be unique across them."""
    out: list[tuple[str, EvalQuestion]] = []
    seen: set[str] = set()
    for path in paths:
        for q in load_questions(path):
            if q.id in seen:
                raise ValueError(f"question id {q.id!r} occurs in more than one file")
            seen.add(q.id)
            out.append((path.stem, q))
    return out
