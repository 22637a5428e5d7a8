"""The eval figures from hand-made results: hit@k and MRR, answer figures, latency percentiles, and
the question-line checks that name what is wrong."""

from __future__ import annotations

import pytest

from assistant.errors import InvalidInputError
from werkwijzer.evaluation import (
    QuestionResult,
    answer_metrics,
    format_report,
    parse_question,
    retrieval_metrics,
    summarise,
)


def _result(qid: str, rank: int | None, *, answerable: bool = True, **more: object) -> QuestionResult:
    return QuestionResult(id=qid, type=str(more.pop("type", "factoid")), lang=str(more.pop("lang", "nl")),
                          answerable=answerable, rank=rank, **more)  # type: ignore[arg-type]


def test_hits_count_up_to_and_including_the_cutoff_over_answerable_questions_only() -> None:
    results = [_result("a", 1), _result("b", 5), _result("c", 6), _result("d", None),
               _result("u", 1, answerable=False)]
    m = retrieval_metrics(results)
    assert m["questions"] == 4
    assert m["hit@1"] == pytest.approx(0.25)
    assert m["hit@5"] == pytest.approx(0.5)  # rank 5 counts at 5, rank 6 does not
    assert m["hit@10"] == pytest.approx(0.75)
    assert m["mrr@10"] == pytest.approx((1 + 1 / 5 + 1 / 6 + 0) / 4)


def test_no_answerable_question_gives_no_figure_rather_than_zero() -> None:
    m = retrieval_metrics([_result("u", None, answerable=False)])
    assert m["questions"] == 0 and m["hit@1"] is None and m["mrr@10"] is None


def _chatted() -> list[QuestionResult]:
    return [
        _result("a", 1, status="answered", answer_words=40, coverage=1.0, citations=2, verbatim=2,
                cited_passage_hit=True, cited_quote_hit=True),
        _result("b", 2, status="answered", answer_words=100, coverage=0.5, citations=2, verbatim=1,
                cited_passage_hit=True, cited_quote_hit=False),
        _result("c", None, status="not_found", coverage=0.0),
        _result("u", None, answerable=False, status="not_found"),
        _result("v", None, answerable=False, status="answered", answer_words=10, citations=1, verbatim=1),
        _result("s", 3),  # searched only: no chat figures
    ]


def test_answer_figures_split_answerable_from_unanswerable_questions() -> None:
    m = answer_metrics(_chatted())
    assert m["questions"] == 5
    assert m["coverage"] == pytest.approx(0.5)  # (1 + 0.5 + 0) / 3 answerable
    assert m["median_answer_words"] == 70  # of the answered answerable questions
    assert m["citation_verbatim"] == pytest.approx(4 / 5)  # over every citation given
    assert m["citation_support"] == pytest.approx(2 / 3)
    assert m["citation_support_quote"] == pytest.approx(1 / 3)
    assert m["refusal_unanswerable"] == pytest.approx(0.5)
    assert m["wrong_refusal_answerable"] == pytest.approx(1 / 3)
    assert m["follow_up"] is None


def test_follow_ups_scored_in_their_conversation_get_their_own_retrieval_figures() -> None:
    results = [*_chatted(), _result("f", 2, status="answered", scored_on="chat", answer_words=5)]
    follow_up = answer_metrics(results)["follow_up"]
    assert follow_up["questions"] == 1 and follow_up["hit@1"] == 0.0 and follow_up["hit@5"] == 1.0


def test_the_summary_splits_by_type_in_the_known_order_and_gives_latency_percentiles() -> None:
    results = [
        _result("a", 1, type="comparison", lang="en", search_ms=10.0),
        _result("b", 2, type="factoid", search_ms=30.0),
        _result("c", 3, type="zelfbedacht", search_ms=20.0),
        _result("d", 4, type="factoid", search_ms=40.0, chat_ms=500.0),
    ]
    summary = summarise(results, chat_available=False)
    assert summary["answers"] is None
    assert summary["questions"] == 4 and summary["answerable"] == 4
    assert list(summary["retrieval"]["by_type"]) == ["factoid", "comparison", "zelfbedacht"]  # known ones first
    assert set(summary["retrieval"]["by_lang"]) == {"en", "nl"}
    assert summary["retrieval"]["by_lang"]["en"]["hit@1"] == 1.0
    latency = summary["latency_ms"]
    assert (latency["search_p50"], latency["search_p95"]) == (20.0, 40.0)
    assert latency["chat_p50"] == latency["chat_p95"] == 500.0
    assert [r["id"] for r in summary["results"]] == ["a", "b", "c", "d"]
    assert summarise(results, chat_available=True)["answers"]["questions"] == 0


GOOD = {
    "id": "q1", "type": "factoid", "question": "Wat kost een traject?", "sources": [{"doc": "a.txt", "quote": "kost"}]
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": " "}, "'id' is missing"),
        ({"question": 3}, "'question' is missing"),
        ({"sources": [{"doc": "a.txt"}]}, "each source needs a 'doc' and a 'quote'"),
        ({"must_mention": "kost"}, "'must_mention' must be a list"),
        ({"sources": []}, "an answerable question needs at least one source"),
    ],
)
def test_a_bad_question_line_says_what_is_wrong_and_where(change: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=f"^dev.jsonl line 3: {message}"):
        parse_question({**GOOD, **change}, where="dev.jsonl line 3: ")


def test_an_unanswerable_question_needs_no_source_and_defaults_fill_in() -> None:
    q = parse_question({"id": "u1", "type": "unanswerable", "question": "Wat kost een zwembad?"})
    assert q.sources == () and q.lang == "nl" and q.follow_up_of is None and q.must_mention == ()
    full = parse_question({**GOOD, "lang": "en", "follow_up_of": "q0", "must_mention": ["4.500"]})
    assert (full.lang, full.follow_up_of, full.must_mention) == ("en", "q0", ("4.500",))


def test_the_report_shows_answer_figures_and_chat_latency_when_there_was_chat() -> None:
    results = [*_chatted(), _result("f", 2, status="answered", scored_on="chat", answer_words=5, chat_ms=800.0)]
    report = format_report(summarise(results, chat_available=True))
    lines = report.splitlines()
    assert lines[0] == "Questions: 7 (5 answerable); follow-ups scored on chat passages."
    overall = next(line for line in lines if line.startswith("overall"))
    assert overall.split() == ["overall", "5", "0.200", "0.800", "0.800", "0.467"]  # ranks 1, 2, -, 3, 2
    assert "  median answer words                           40" in lines
    assert any(line.startswith("  refused, unanswerable") and line.endswith("0.500") for line in lines)
    assert any(line.startswith("  follow-up hit@5") and line.endswith("1.000") for line in lines)
    assert lines[-2].endswith("; chat p50 800.0, p95 800.0")
    assert lines[-1] == "not in the top 5: c"  # unanswerable misses are no misses


def test_a_type_without_answerable_questions_gets_no_row() -> None:
    results = [_result("a", 1, type="factoid"), _result("u", None, answerable=False, type="unanswerable")]
    report = format_report(summarise(results, chat_available=False))
    assert "\nfactoid " in report and "\nunanswerable" not in report
    assert "answers: n/a (no chat yet)" in report
