"""The unit model as a StatementScorer, on the small corpus with hand-set models (fakes named as such)."""

from __future__ import annotations

from assistant.answer.statements import UnitStatementScorer
from assistant.answer.units import UNIT_FEATURES
from tests.assistant.answer.hand_models import fake_model
from tests.assistant.small_corpus import TESTDORP


def scorer(small_core, on: str | None, weight: float = 4.0) -> UnitStatementScorer:  # noqa: ANN001
    return UnitStatementScorer(small_core.holder, small_core.retriever.featurizer,
                               fake_model(UNIT_FEATURES, on=on, weight=weight))


def test_every_unit_of_the_passages_is_scored_in_reading_order(small_core, small_index) -> None:  # noqa: ANN001
    passages = small_index.document_passages(TESTDORP)
    scored = scorer(small_core, "coverage").score("Wat kost een werkfit-traject?", passages)
    texts = [s.text for s in scored]
    assert "- een vaste jobcoach voor elke kandidaat" in texts
    assert texts.index("De belangrijkste succesfactoren van het traject zijn:") < texts.index(
        "- een vaste jobcoach voor elke kandidaat")
    for s in scored:
        passage = small_index.get(s.passage_id)
        assert passage.text[s.start : s.end] == s.text
        assert 0 <= s.index < s.count and 0.0 < s.probability < 1.0
    kinds = {s.text: s.kind for s in scored}
    assert kinds["- korte lijnen met werkgevers in de regio"] == "item"
    assert kinds["Een werkfit-traject kost gemiddeld 4.500 euro per kandidaat."] == "sentence"


def test_the_statement_that_covers_the_question_scores_highest(small_core, small_index) -> None:  # noqa: ANN001
    passages = small_index.document_passages(TESTDORP)
    scored = scorer(small_core, "coverage").score("Wat kost een werkfit-traject per kandidaat?", passages)
    best = max(scored, key=lambda s: s.probability)
    assert best.text == "Een werkfit-traject kost gemiddeld 4.500 euro per kandidaat."


def test_given_passages_count_as_retrieved_first(small_core, small_index) -> None:  # noqa: ANN001
    passages = small_index.document_passages(TESTDORP)
    # A model that only reads the passage's rank: every statement gets the top-rank probability.
    scored = scorer(small_core, "passage_rr").score("Wat kost het?", passages)
    assert len({round(s.probability, 9) for s in scored}) == 1


def test_no_passages_no_statements(small_core) -> None:  # noqa: ANN001
    assert scorer(small_core, None).score("Wat kost het?", []) == []
