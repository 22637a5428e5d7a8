"""What the answerer reads before it writes: the answerability features, what the best passages and
units leave out, the unit columns not pinned elsewhere, and the tuning bounds on what is shown."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer.learned import ANSWERABLE_FEATURES, AnswerTuning, LearnedAnswerer, answerable_row, uncovered
from assistant.answer.units import UNIT_FEATURES, UnitFeaturizer, units_of
from assistant.search.features import QueryTerms
from assistant.types import Hit, Passage
from tests.assistant.answer.hand_models import fake_model
from tests.assistant.small_corpus import ALMERE, TESTDORP

ANSWER_ALWAYS = fake_model(ANSWERABLE_FEATURES, threshold=0.4)
UNIT = {name: i for i, name in enumerate(UNIT_FEATURES)}


def _hits(index, *spec: tuple[str, str, float]) -> list[Hit]:  # noqa: ANN001
    out = []
    for doc, section, score in spec:
        p = next(p for p in index.passages if p.document_id == doc and (p.section or "").endswith(section))
        out.append(Hit(p, score))
    return out


def _passage(pid: str, text: str) -> Passage:
    return Passage(id=pid, document_id="d", document_title="D", section=None, page=None, text=text, ordinal=0)


def _row(q: QueryTerms, **kwargs: object) -> dict[str, float]:
    return dict(zip(ANSWERABLE_FEATURES, answerable_row(q, **kwargs).tolist(), strict=True))  # type: ignore[arg-type]


# --- what the best passages and units leave out ------------------------------------------------


def test_a_word_only_the_fourth_passage_has_counts_as_left_out(small_core, small_index) -> None:  # noqa: ANN001
    q = small_core.retriever.featurizer.analyse(small_index.lexical, "Wat kost een stage?")  # kost, stage
    costs_second = _hits(small_index, (ALMERE, "Aanpak", 0.9), (TESTDORP, "Kosten", 0.8),
                         (TESTDORP, "Testdorp", 0.7), (ALMERE, "Resultaten", 0.6))
    costs_fourth = [costs_second[0], costs_second[2], costs_second[3], costs_second[1]]
    none = np.zeros(0)
    share, rarest, _ = uncovered(small_index, q, costs_second, [], none)
    assert (share, rarest) == (0.0, 0.0)  # the second of the best three passages has "kost"
    share, rarest, _ = uncovered(small_index, q, costs_fourth, [], none)
    assert share == pytest.approx(0.5)  # only the fourth has it: half the words are left out
    assert rarest > 0.0  # how rare the left-out word is in the corpus


def test_only_the_five_best_units_count_for_what_the_units_leave_out(small_core, small_index) -> None:  # noqa: ANN001
    q = small_core.retriever.featurizer.analyse(small_index.lexical, "Wat kost een stage?")
    found = _hits(small_index, (TESTDORP, "Kosten", 0.9), (ALMERE, "Aanpak", 0.8),
                  (TESTDORP, "Testdorp", 0.7), (ALMERE, "Resultaten", 0.6))
    units = units_of(found, passages=4)
    assert [u.passage.section for u in units].count("3 Kosten") == 2
    best_first = np.array([0.9, 0.8, 0.7, 0.6, 0.1, 0.1, 0.1, 0.1])  # costs and stage units best
    assert uncovered(small_index, q, found, units, best_first)[2] == 0.0
    worst_first = 1.0 - best_first  # the five best are now the units without either word, and one more
    assert uncovered(small_index, q, found, units, worst_first)[2] == pytest.approx(0.5)


def test_nothing_is_left_out_of_a_question_without_words_or_passages(small_core, small_index) -> None:  # noqa: ANN001
    q = small_core.retriever.featurizer.analyse(small_index.lexical, "Wat kost een stage?")
    assert uncovered(small_index, q, [], [], np.zeros(0)) == (0.0, 0.0, 0.0)


# --- the answerability row ----------------------------------------------------------------------


def _q(text: str, words: tuple[str, ...], *, number: bool = False, english: bool = False) -> QueryTerms:
    typed = {w: {w: 1.0} for w in words} | {"wat_kost": {"wat_kost": 0.3}}  # a phrase is no word
    return QueryTerms(text, typed, {}, {}, (), english=english, number=number)


def test_the_answerability_row_reads_the_best_passages_and_units() -> None:
    hits = [Hit(_passage(f"p{i}", "x"), s) for i, s in enumerate([0.3, 0.9, 0.0, 0.6])]
    X = np.zeros((4, len(UNIT_FEATURES)), dtype=np.float32)
    X[:, UNIT["coverage_context"]] = [0.1, 0.4, 0.2, 0.7]
    p = np.array([0.2, 0.8, 0.5, 0.1])
    row = _row(_q("Wat doet de jobcoach?", ("doet", "jobcoach", "coach")), hits=hits, X=X, p=p,
               unknown=("coach",), left_out=(0.25, 1.5, 0.75))
    assert row["passage_top"] == pytest.approx(0.9)
    assert row["passage_mean3"] == pytest.approx(0.6)  # 0.9, 0.6, 0.3
    assert row["unit_top"] == pytest.approx(0.8) and row["unit_mean3"] == pytest.approx(0.5)
    assert row["coverage_top"] == pytest.approx(0.4)  # the most probable unit's, not the highest
    assert row["unknown"] == pytest.approx(1 / 3) and row["unknown_count"] == 1.0
    assert row["words"] == pytest.approx(np.log1p(3))
    assert (row["uncovered"], row["uncovered_idf"], row["uncovered_units"]) == pytest.approx((0.25, 1.5, 0.75))
    assert row["english"] == 0.0 and row["number_missing"] == 0.0


def test_one_unknown_word_of_one_is_the_whole_question() -> None:
    row = _row(_q("Wat kost een zwembad?", ("zwembad",)), hits=[], X=np.zeros((0, len(UNIT_FEATURES))),
               p=np.zeros(0), unknown=("zwembad",))
    assert row["unknown"] == 1.0


def test_a_number_question_misses_its_number_only_when_none_of_the_best_three_units_has_one() -> None:
    X = np.zeros((4, len(UNIT_FEATURES)), dtype=np.float32)
    p = np.array([0.9, 0.8, 0.7, 0.1])
    q = _q("How many candidates?", ("candidates",), number=True, english=True)
    X[3, UNIT["has_number"]] = 1.0  # only the least probable unit has a number
    row = _row(q, hits=[], X=X, p=p, unknown=())
    assert row["number_missing"] == 1.0 and row["english"] == 1.0
    X[2, UNIT["has_number"]] = 1.0  # now the third best has one
    assert _row(q, hits=[], X=X, p=p, unknown=())["number_missing"] == 0.0


# --- unit columns -------------------------------------------------------------------------------


def test_an_english_word_counts_as_found_through_its_dutch_form(small_core, small_index) -> None:  # noqa: ANN001
    q = small_core.retriever.featurizer.analyse(small_index.lexical, "How much does a job coach cost?")
    found = _hits(small_index, (TESTDORP, "Kosten", 0.9))
    units = units_of(found, passages=1)
    X = UnitFeaturizer(small_index.lexical).features(q, units)
    costs = X[0]  # "Een werkfit-traject kost gemiddeld 4.500 euro per kandidaat."
    assert costs[UNIT["coverage"]] == 0.0  # none of the typed words
    assert costs[UNIT["coverage_expanded"]] == pytest.approx(1 / 3)  # "cost" as "kost"
    assert costs[UNIT["english"]] == 1.0


def test_table_rows_are_marked_as_rows(small_core, small_index) -> None:  # noqa: ANN001
    q = small_core.retriever.featurizer.analyse(small_index.lexical, "Hoeveel kandidaten per jaar?")
    table = _passage("t", "Aantallen per jaar:\nJaar\tKandidaten\n2019\t120")
    units = units_of([Hit(table, 0.5)], passages=1)
    X = UnitFeaturizer(small_index.lexical).features(q, units)
    assert X[:, UNIT["row"]].tolist() == [0.0, 1.0, 1.0]
    assert X[:, UNIT["item"]].tolist() == [0.0, 0.0, 0.0]
    assert X[:, UNIT["english"]].tolist() == [0.0, 0.0, 0.0]


# --- what the tuning bounds ---------------------------------------------------------------------


def _answerer(core, units, tuning: AnswerTuning | None = None) -> LearnedAnswerer:  # noqa: ANN001
    return LearnedAnswerer(core.holder, core.retriever.featurizer, units=units, answerable=ANSWER_ALWAYS,
                           tuning=tuning)


def test_every_quoted_passage_is_shown_even_past_the_number_shown(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="passage", weight=10.0, bias=-3.0)
    found = _hits(small_index, (TESTDORP, "Testdorp", 0.9), (ALMERE, "Resultaten", 0.85), (ALMERE, "Aanpak", 0.1))
    answer = _answerer(small_core, units, AnswerTuning(shown=1)).answer("Hoe lang blijft de jobcoach?", found)
    quoted = {c.passage_id for c in answer.citations}
    assert len(quoted) == 2
    assert [h.passage.id for h in answer.hits] == [h.passage.id for h in found[:2]]


def test_a_list_is_quoted_up_to_the_items_the_tuning_allows(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="lead", bias=-2.0)  # only the lead is probable
    found = _hits(small_index, (TESTDORP, "Succesfactoren", 0.9))
    answer = _answerer(small_core, units, AnswerTuning(list_items=2)).answer("Wat zijn de succesfactoren?", found)
    assert [c.quote for c in answer.citations] == [
        "De belangrijkste succesfactoren van het traject zijn:",
        "een vaste jobcoach voor elke kandidaat",
        "korte lijnen met werkgevers in de regio",
    ]
