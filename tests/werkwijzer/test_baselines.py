"""Plain BM25 (the baseline folds must beat) on three hand-made passages."""

from __future__ import annotations

from assistant.types import Passage
from werkwijzer.baselines import passage_json, plain_bm25


def _passage(pid: str, text: str) -> Passage:
    return Passage(id=pid, document_id=f"doc-{pid}", document_title="t", section=None, page=None, text=text, ordinal=0)


PASSAGES = [
    _passage("a", "De jobcoach begeleidt kandidaten op de werkvloer."),
    _passage("b", "Werkgevers in de regio bieden stageplaatsen aan."),
    _passage("c", "Het traject kost 4.500 euro; de gemeente betaalt."),
]


def test_the_passage_with_the_query_words_ranks_first_by_stem() -> None:
    search = plain_bm25(PASSAGES)
    body = search("Wat kosten trajecten?", 2)
    ids = [r["id"] for r in body["results"]]
    assert ids[0] == "c"  # "trajecten" and "kosten" meet "traject" and "kost" by their stems
    assert len(ids) == 2


def test_scores_come_best_first_and_ties_keep_the_passage_order() -> None:
    search = plain_bm25(PASSAGES)
    results = search("werkgevers regio", 3)["results"]
    assert [r["id"] for r in results] == ["b", "a", "c"]  # a and c score 0: their own order
    scores = [r["score"] for r in results]
    assert scores[0] > 0 and scores[1] == scores[2] == 0.0


def test_results_have_the_api_passage_shape() -> None:
    [row] = plain_bm25(PASSAGES)("jobcoach", 1)["results"]
    assert row == passage_json("a", "doc-a", PASSAGES[0].text, row["score"])
    assert set(row) == {"id", "document_id", "document_title", "section", "page", "text", "score"}


def test_many_ties_keep_the_passage_order() -> None:
    # Past 16 rows numpy's default sort is no longer stable: the baseline must not depend on luck.
    many = [_passage(f"p{i:02}", f"Alinea {i} over iets anders.") for i in range(40)]
    many[5] = _passage("p05", "De jobcoach helpt.")
    ids = [r["id"] for r in plain_bm25(many)("jobcoach", 10)["results"]]
    assert ids == ["p05", "p00", "p01", "p02", "p03", "p04", "p06", "p07", "p08", "p09"]


def test_passages_without_words_still_make_an_index() -> None:
    search = plain_bm25([_passage("d", "— —"), _passage("e", "…")])  # rank_bm25 divides by zero on no words
    assert [r["id"] for r in search("jobcoach", 2)["results"]] == ["d", "e"]
