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


def test_a_family_is_its_first_ancestor_and_a_cycle_ends() -> None:
    from werkwijzer.folds import family

    a, b, c = _q("a"), _q("b", "a"), _q("c", "b")
    by_id = {q.id: q for q in (a, b, c)}
    assert family(c, by_id) == family(b, by_id) == family(a, by_id) == "a"
    loop = {"x": _q("x", "y"), "y": _q("y", "x")}
    assert family(loop["x"], loop) in {"x", "y"}  # a cycle in a hand-written file does not hang
    orphan = _q("o", "missing")
    assert family(orphan, {"o": orphan}) == "o"


def test_folds_do_not_move_when_questions_are_added() -> None:
    few = [_q(f"q{i}") for i in range(10)]
    more = few + [_q(f"n{i}") for i in range(40)]
    assert {k: v for k, v in assign_folds(more, 5).items() if k.startswith("q")} == assign_folds(few, 5)


def test_question_files_load_with_their_names_and_ids_must_be_unique(tmp_path) -> None:  # noqa: ANN001
    import json

    import pytest

    from werkwijzer.folds import load_sets

    line = {"id": "a1", "type": "factoid", "question": "Wat?", "sources": [{"doc": "d.txt", "quote": "x"}]}
    (tmp_path / "een.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    (tmp_path / "twee.jsonl").write_text(json.dumps({**line, "id": "b1"}) + "\n", encoding="utf-8")
    assert [(name, q.id) for name, q in load_sets([tmp_path / "een.jsonl", tmp_path / "twee.jsonl"])] == [
        ("een", "a1"), ("twee", "b1")]
    with pytest.raises(ValueError, match="a1"):
        load_sets([tmp_path / "een.jsonl", tmp_path / "een.jsonl"])
