"""Cross-validation folds: stable, and a follow-up stays in its parent's fold."""

from __future__ import annotations

import numpy as np

from werkwijzer.evaluation import EvalQuestion, Source
from werkwijzer.folds import assign_folds
from werkwijzer.training import MAX_WRONG_REFUSAL, choose_threshold


def _q(qid: str, parent: str | None = None) -> EvalQuestion:
    return EvalQuestion(id=qid, type="factoid", question="?", follow_up_of=parent, sources=(Source("d.txt", "x"),))


def test_a_follow_up_chain_stays_in_its_parents_fold() -> None:
    questions = [_q(f"q{i}") for i in range(30)] + [_q("f1", "q3"), _q("f2", "f1")]
    folds = assign_folds(questions, 5)
    assert folds["f1"] == folds["q3"] == folds["f2"]
    assert set(folds.values()) == set(range(5))


def test_a_question_keeps_its_fold_when_others_are_added() -> None:
    few = assign_folds([_q("a"), _q("b")], 5)
    more = assign_folds([_q("a"), _q("b")] + [_q(f"n{i}") for i in range(20)], 5)
    assert few["a"] == more["a"] and few["b"] == more["b"]


def test_the_threshold_refuses_at_most_the_allowed_share_of_answerable_questions() -> None:
    rng = np.random.default_rng(1)
    p = np.concatenate([rng.uniform(0.3, 1.0, 100), rng.uniform(0.0, 0.6, 20)])
    y = np.array([1] * 100 + [0] * 20)
    t = choose_threshold(p, y)
    assert ((p < t) & (y == 1)).sum() <= MAX_WRONG_REFUSAL * 100
    assert ((p < t) & (y == 0)).sum() >= 5  # and it does refuse the clearly unanswerable ones
