"""The learned retriever on the small hand-made corpus, with hand-set models (fakes) doing the ranking."""

from __future__ import annotations

import pytest

from assistant.errors import InvalidInputError
from assistant.search.features import PASSAGE_FEATURES
from assistant.search.ranker import LearnedRetriever
from tests.assistant.answer.hand_models import fake_model
from tests.assistant.small_corpus import ALMERE, TESTDORP


def retriever(small_core, on: str, weight: float = 4.0) -> LearnedRetriever:  # noqa: ANN001
    return LearnedRetriever(small_core.holder, small_core.retriever.featurizer, fake_model(PASSAGE_FEATURES, on=on,
                                                                                             weight=weight))


def test_the_model_orders_the_candidates_and_a_score_is_its_probability(small_core) -> None:  # noqa: ANN001
    hits = retriever(small_core, "typed").search("kosten werkfit-traject euro", k=5)
    assert hits[0].passage.section == "3 Kosten"
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and all(0.0 < s < 1.0 for s in scores)
    # The opposite model puts the same passage last among the candidates.
    reverse = retriever(small_core, "typed", weight=-4.0).search("kosten werkfit-traject euro", k=5)
    assert reverse[0].passage.section != "3 Kosten"


def test_k_bounds_the_hits_and_every_hit_is_a_different_passage(small_core) -> None:  # noqa: ANN001
    r = retriever(small_core, "dense")
    assert len(r.search("jobcoach", k=2)) == 2
    everything = r.search("jobcoach", k=50)
    ids = [h.passage.id for h in everything]
    assert len(ids) == len(set(ids)) == 5  # the dense signal makes every passage a candidate


def test_the_document_filter_keeps_every_hit_inside(small_core) -> None:  # noqa: ANN001
    hits = retriever(small_core, "dense").search("jobcoach werkgever", k=10, document_ids=[ALMERE])
    assert hits and {h.passage.document_id for h in hits} == {ALMERE}


def test_unknown_documents_and_empty_queries_are_refused_with_what_to_do(small_core) -> None:  # noqa: ANN001
    r = retriever(small_core, "typed")
    with pytest.raises(InvalidInputError, match="GET /api/documents"):
        r.search("jobcoach", k=3, document_ids=[TESTDORP, "bestaat-niet"])
    with pytest.raises(InvalidInputError, match="empty"):
        r.search("   ", k=3)


def test_warming_up_runs_one_search(small_core) -> None:  # noqa: ANN001
    r = retriever(small_core, "typed")
    r.warm()  # no error on a served index
    assert r.search("werk", k=1)
