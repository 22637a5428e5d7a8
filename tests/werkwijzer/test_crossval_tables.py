"""The cross-validation tables: brief figures per fold or file, printed in fixed columns."""

from __future__ import annotations

from werkwijzer.crossval import _brief, format_brief


def _summary() -> dict:
    return {
        "questions": 12,
        "retrieval": {"overall": {"hit@1": 0.5, "hit@5": 0.75, "hit@10": 1.0, "mrr@10": 0.6}},
        "answers": {"coverage": 0.4, "citation_support": 0.7, "refusal_unanswerable": 0.5,
                    "wrong_refusal_answerable": 0.1, "follow_up": {"hit@5": 1.0}},
    }


def test_a_brief_keeps_the_retrieval_and_answer_figures() -> None:
    brief = _brief(_summary())
    assert brief == {"questions": 12, "hit@1": 0.5, "hit@5": 0.75, "hit@10": 1.0, "mrr@10": 0.6,
                     "coverage": 0.4, "citation_support": 0.7, "refusal_unanswerable": 0.5,
                     "wrong_refusal_answerable": 0.1, "follow_up_hit@5": 1.0}
    without_answers = _brief({**_summary(), "answers": None})
    assert without_answers["coverage"] is None and without_answers["follow_up_hit@5"] is None


def test_the_table_has_one_row_per_fold_and_says_n_a_for_missing_figures() -> None:
    table = format_brief("fold", {"0": _brief(_summary()), "1": _brief({**_summary(), "answers": None})})
    lines = table.split("\n")
    assert lines[0].split() == ["fold", "n", "hit@1", "hit@5", "hit@10", "mrr", "cover", "support", "refuse-u",
                                "refuse-a", "fu@5"]
    assert lines[1].split() == ["0", "12", "0.500", "0.750", "1.000", "0.600", "0.400", "0.700", "0.500", "0.100",
                                "1.000"]
    assert lines[2].split()[-1] == "n/a" and len({len(line) for line in lines}) == 1
