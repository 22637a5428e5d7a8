"""Scoring rules of werkwijzer.evaluation on small synthetic cases (the shared eval README's rules)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import InvalidInputError
from werkwijzer import evaluation as ev

DOC = "report.txt"


def passage(text: str, *, pid: str = "p1", doc: str = "report") -> dict[str, object]:
    return {
        "id": pid,
        "document_id": doc,
        "document_title": "Report",
        "section": None,
        "page": None,
        "text": text,
        "score": 1.0,
    }


def test_normalise_lowercases_and_collapses_white_space() -> None:
    assert ev.normalise("  Het   Werk\n\tGaat\u00a0door ") == "het werk gaat door"


def test_hit_when_passage_contains_quote_after_normalising() -> None:
    src = ev.Source(DOC, "In 2017 verzorgt UW   voor 160 cliënten\nwerkfit-trajecten.")
    text = "Inleiding. in 2017 verzorgt uw voor 160 CLIËNTEN werkfit-trajecten. Verder."
    assert ev.text_hits("report", text, src)


def test_no_hit_from_another_document() -> None:
    src = ev.Source(DOC, "dezelfde zin")
    assert not ev.text_hits("other", "dezelfde zin", src)
    assert ev.text_hits(
        "report", "dezelfde zin", ev.Source("report", "dezelfde zin")
    )  # id given as is


def test_stretch_needed_is_min_of_60_and_half_the_quote() -> None:
    assert ev.stretch_needed("x" * 200) == 60
    assert ev.stretch_needed("x" * 120) == 60
    assert ev.stretch_needed("x" * 100) == 50
    assert ev.stretch_needed("x" * 9) == 5  # half of 9 is 4.5: a stretch must be at least 4.5 long
    assert ev.stretch_needed("a   b") == 2  # measured after collapsing white space ("a b")


def test_long_quote_split_over_passages_hits_with_a_60_char_stretch() -> None:
    quote = "a" * 0 + "".join(f"woord{i} " for i in range(40)).strip()  # about 300 chars
    assert len(quote) > 120
    part = quote[100:160]  # exactly 60 shared characters
    assert ev.text_hits("report", "begin " + part + " eind", ev.Source(DOC, quote))
    assert not ev.text_hits("report", "begin " + part[:59] + " eind", ev.Source(DOC, quote))


def test_short_quote_needs_half_its_length() -> None:
    quote = "abcdefghij" * 4  # 40 chars: a 20-char stretch is enough
    assert ev.text_hits("report", "xx" + quote[5:25] + "yy", ev.Source(DOC, quote))
    assert not ev.text_hits("report", "xx" + quote[5:24] + "yy", ev.Source(DOC, quote))


def test_first_hit_rank_and_cutoff() -> None:
    src = (ev.Source(DOC, "het juiste antwoord"),)
    ranked = [
        passage("niets", pid="a"),
        passage("iets anders", pid="b"),
        passage("Het juiste  antwoord.", pid="c"),
    ]
    assert ev.first_hit_rank(ranked, src) == 3
    assert ev.first_hit_rank(ranked, src, k=2) is None
    assert ev.first_hit_rank([], src) is None


@pytest.mark.parametrize(
    ("term", "answer", "found"),
    [
        ("7.000", "ongeveer 7000 mensen", True),
        ("7000", "ongeveer 7.000 mensen", True),
        ("€ 3000", "kost €3000 per jaar", True),
        ("€3000", "kost € 3000 per jaar", True),
        ("3.200 euro", "3200 euro per jaar", True),
        ("600", "1600 deelnemers", False),
        ("600", "600.000 deelnemers", False),
        ("50%", "ongeveer 50% benut", True),
        ("Klant in beeld", "de klant  in\nbeeld brengen", True),
        ("jobcoach", "een werkbegeleider", False),
    ],
)
def test_term_found_with_number_equivalence(term: str, answer: str, found: bool) -> None:
    assert ev.term_found(term, answer) is found


def test_coverage_counts_only_the_first_200_words() -> None:
    answer = " ".join(["woord"] * 199 + ["Sneek", "Joure"])
    assert ev.coverage(answer, ["Sneek", "Joure"]) == 0.5
    assert ev.coverage("anything", []) is None


def test_citation_checks_and_support() -> None:
    p = passage("Pastiel werkt vanuit Sneek, Joure en Franeker.", pid="p9")
    chat = {
        "citations": [
            {
                "n": 1,
                "passage_id": "p9",
                "document_id": "report",
                "quote": "vanuit Sneek, Joure en Franeker",
            },
            {"n": 2, "passage_id": "p9", "document_id": "report", "quote": "niet letterlijk"},
            {"n": 3, "passage_id": "missing", "document_id": "report", "quote": "x"},
        ]
    }
    assert ev.citation_checks(chat, {"p9": p}) == [True, False, False]
    src = (ev.Source(DOC, "Pastiel werkt vanuit Sneek, Joure en Franeker."),)
    assert ev.citation_supports(chat, {"p9": p}, src) == (True, True)
    assert ev.citation_supports(chat, {"p9": p}, (ev.Source("other.txt", "Sneek"),)) == (
        False,
        False,
    )


def test_conversation_order_puts_follow_ups_right_after_their_parent() -> None:
    qs = [
        ev.EvalQuestion("a", "factoid", "q a", sources=(ev.Source(DOC, "x"),)),
        ev.EvalQuestion("b", "factoid", "q b", sources=(ev.Source(DOC, "x"),)),
        ev.EvalQuestion("a2", "follow-up", "q a2", follow_up_of="a", sources=(ev.Source(DOC, "x"),)),
        ev.EvalQuestion("a3", "follow-up", "q a3", follow_up_of="a2", sources=(ev.Source(DOC, "x"),)),
        ev.EvalQuestion(
            "z", "follow-up", "orphan", follow_up_of="gone", sources=(ev.Source(DOC, "x"),)
        ),
    ]
    assert [q.id for q in ev.conversation_order(qs)] == ["a", "a2", "a3", "b", "z"]


class FakeServer:
    """A fake search + chat over three passages, recording how chat was called."""

    def __init__(self) -> None:
        self.passages = [
            passage("Pastiel begeleidt jaarlijks 800 kandidaten.", pid="p1"),
            passage("Pastiel werkt vanuit Sneek, Joure en Franeker.", pid="p2"),
            passage("Iets heel anders.", pid="p3"),
        ]
        self.calls: list[tuple[str, str | None]] = []

    def search(self, query: str, k: int) -> dict[str, object]:
        ranked = sorted(
            self.passages, key=lambda p: -sum(w in str(p["text"]) for w in query.split())
        )
        return {"query": query, "results": ranked[:k]}

    def chat(self, message: str, conversation_id: str | None) -> dict[str, object]:
        self.calls.append((message, conversation_id))
        if "kost" in message:
            return {
                "conversation_id": "c9",
                "status": "not_found",
                "answer": "Dat staat niet in de publicaties.",
                "citations": [],
                "passages": self.passages[2:],
            }
        cid = conversation_id or f"c{len(self.calls)}"
        chosen = self.passages[1] if conversation_id else self.passages[0]
        quote = str(chosen["text"])[:20]
        return {
            "conversation_id": cid,
            "status": "answered",
            "answer": f"{chosen['text']} [1]",
            "citations": [
                {"n": 1, "passage_id": chosen["id"], "document_id": "report", "quote": quote}
            ],
            "passages": [chosen],
        }


def questions() -> list[ev.EvalQuestion]:
    return [
        ev.EvalQuestion(
            "q1",
            "factoid",
            "Hoeveel kandidaten begeleidt Pastiel",
            must_mention=("800", "Empatec"),
            sources=(ev.Source(DOC, "Pastiel begeleidt jaarlijks 800 kandidaten."),),
        ),
        ev.EvalQuestion(
            "q2",
            "follow-up",
            "En waar zitten ze?",
            follow_up_of="q1",
            must_mention=("Sneek",),
            sources=(ev.Source(DOC, "Pastiel werkt vanuit Sneek, Joure en Franeker."),),
        ),
        ev.EvalQuestion("q3", "unanswerable", "Wat kost het"),
    ]


def test_run_with_chat_scores_follow_ups_on_chat_passages_in_the_conversation() -> None:
    fake = FakeServer()
    results = ev.run(questions(), search=fake.search, chat=fake.chat)
    assert fake.calls[1] == ("En waar zitten ze?", "c1")  # asked in the parent's conversation
    by_id = {r.id: r for r in results}
    assert by_id["q1"].rank == 1 and by_id["q1"].scored_on == "search"
    assert by_id["q2"].rank == 1 and by_id["q2"].scored_on == "chat"
    assert by_id["q1"].coverage == 0.5
    summary = ev.summarise(results, chat_available=True)
    answers = summary["answers"]
    assert answers["refusal_unanswerable"] == 1.0
    assert answers["wrong_refusal_answerable"] == 0.0
    assert answers["citation_verbatim"] == 1.0
    assert answers["citation_support"] == 1.0
    assert answers["follow_up"]["hit@5"] == 1.0
    assert summary["retrieval"]["overall"]["questions"] == 2
    assert "refused, unanswerable" in ev.format_report(summary)


def test_run_without_chat_scores_follow_ups_by_plain_search() -> None:
    fake = FakeServer()
    results = ev.run(questions(), search=fake.search)
    summary = ev.summarise(results, chat_available=False)
    assert summary["answers"] is None
    assert all(r["scored_on"] == "search" for r in summary["results"])
    report = ev.format_report(summary)
    assert "n/a (no chat yet)" in report and "plain search" in report
    overall = summary["retrieval"]["overall"]
    assert overall["hit@1"] == 0.5  # q1 at rank 1; q2 ("En waar zitten ze?") shares no word: rank 2
    assert summary["retrieval"]["by_type"]["unanswerable"]["questions"] == 0


def test_retrieval_metrics_mrr() -> None:
    results = [
        ev.QuestionResult("a", "factoid", "nl", True, rank=1),
        ev.QuestionResult("b", "list", "nl", True, rank=4),
        ev.QuestionResult("c", "list", "nl", True, rank=None),
        ev.QuestionResult("d", "unanswerable", "nl", False),
    ]
    m = ev.retrieval_metrics(results)
    assert m["questions"] == 3
    assert m["hit@1"] == pytest.approx(1 / 3) and m["hit@5"] == pytest.approx(2 / 3)
    assert m["mrr@10"] == pytest.approx((1 + 0.25) / 3)


def test_load_questions_reads_good_files_and_rejects_bad_lines(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(
        json.dumps({"id": "a", "type": "unanswerable", "question": "q"}) + "\n\n"
        + json.dumps({"id": "b", "type": "follow-up", "question": "En?", "follow_up_of": "a",
                      "must_mention": ["7.000"], "sources": [{"doc": "x.txt", "quote": "zeven"}]}) + "\n",
        encoding="utf-8",
    )
    qs = ev.load_questions(good)
    assert [q.id for q in qs] == ["a", "b"] and qs[1].follow_up_of == "a" and not qs[0].answerable
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "type": "factoid", "question": "q"}\n', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="line 1.*at least one source"):
        ev.load_questions(bad)
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="line 1: not valid JSON"):
        ev.load_questions(bad)
    line = json.dumps({"id": "x", "type": "unanswerable", "question": "q"})
    bad.write_text(line + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="occurs twice"):
        ev.load_questions(bad)
    with pytest.raises(InvalidInputError, match="No question file"):
        ev.load_questions(tmp_path / "missing.jsonl")


def test_summary_splits_by_language_and_the_report_lists_the_misses() -> None:
    results = [
        ev.QuestionResult("nl1", "factoid", "nl", True, rank=1, search_ms=10.0),
        ev.QuestionResult("nl2", "factoid", "nl", True, rank=7, search_ms=30.0),
        ev.QuestionResult("en1", "factoid", "en", True, rank=None, search_ms=20.0),
    ]
    summary = ev.summarise(results, chat_available=False)
    assert summary["retrieval"]["by_lang"]["nl"]["hit@5"] == 0.5
    assert summary["retrieval"]["by_lang"]["en"]["hit@10"] == 0.0
    assert summary["latency_ms"]["search_p50"] == 20.0 and summary["latency_ms"]["search_p95"] == 30.0
    assert summary["latency_ms"]["chat_p50"] is None
    report = ev.format_report(summary)
    assert "not in the top 5: nl2, en1" in report
    assert "lang=en" in report and "chat p50" not in report
