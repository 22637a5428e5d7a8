"""Unit features on the small hand-made corpus: each column of UNIT_FEATURES measures what it says."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer.units import UNIT_FEATURES, UnitFeaturizer, clean, units_of
from assistant.types import Hit
from tests.assistant.small_corpus import ALMERE, TESTDORP

COL = {name: i for i, name in enumerate(UNIT_FEATURES)}


def features(small_core, small_index, question: str, found: list[Hit]) -> dict[str, np.ndarray]:  # noqa: ANN001
    q = small_core.retriever.featurizer.analyse(small_index.lexical, question)
    units = units_of(found, passages=8)
    X = UnitFeaturizer(small_index.lexical).features(q, units)
    assert X.shape == (len(units), len(UNIT_FEATURES))
    return {u.text: X[i] for i, u in enumerate(units)}


def passages(small_index, doc: str) -> list:  # noqa: ANN001
    return small_index.document_passages(doc)


def test_form_columns_follow_the_text(small_core, small_index) -> None:  # noqa: ANN001
    found = [Hit(passages(small_index, TESTDORP)[1], 0.8)]  # the list: lead and three items
    rows = features(small_core, small_index, "Wat zijn de succesfactoren?", found)
    lead = rows["De belangrijkste succesfactoren van het traject zijn:"]
    item = rows["- scholing op de werkvloer"]
    assert lead[COL["lead"]] == 1.0 and lead[COL["item"]] == 0.0 and lead[COL["first"]] == 1.0
    assert item[COL["item"]] == 1.0 and item[COL["lead"]] == 0.0 and item[COL["position"]] == 1.0
    assert item[COL["short"]] == 1.0 and lead[COL["short"]] == 0.0
    assert item[COL["words"]] == pytest.approx(np.log1p(5))
    assert lead[COL["passage"]] == pytest.approx(0.8) and lead[COL["passage_rr"]] == 1.0


def test_coverage_counts_the_question_words_in_the_unit_and_its_context(small_core, small_index) -> None:  # noqa: ANN001
    found = [Hit(passages(small_index, TESTDORP)[1], 0.8)]
    rows = features(small_core, small_index, "succesfactoren scholing", found)
    lead = rows["De belangrijkste succesfactoren van het traject zijn:"]
    first = rows["- een vaste jobcoach voor elke kandidaat"]
    school = rows["- scholing op de werkvloer"]
    assert lead[COL["coverage"]] == pytest.approx(0.5) and school[COL["coverage"]] == pytest.approx(0.5)
    assert first[COL["coverage"]] == 0.0
    # The unit before it and the passage's place count as context: the first item follows the lead.
    assert first[COL["coverage_context"]] == pytest.approx(0.5)
    assert 0.0 <= school[COL["coverage_idf"]] <= 1.0


def test_number_and_name_columns(small_core, small_index) -> None:  # noqa: ANN001
    found = [Hit(passages(small_index, TESTDORP)[2], 0.9), Hit(passages(small_index, ALMERE)[0], 0.4)]
    rows = features(small_core, small_index, "Hoeveel kost een traject in Testdorp?", found)
    costs = rows["Een werkfit-traject kost gemiddeld 4.500 euro per kandidaat."]
    almere = rows["De gemeente Almere werkt samen met zorgaanbieders en werkgevers."]
    assert costs[COL["number"]] == 1.0 and costs[COL["has_number"]] == 1.0
    assert almere[COL["number"]] == 0.0 and almere[COL["has_number"]] == 0.0
    assert costs[COL["names"]] == 1.0  # "Testdorp" is in the publication's title
    assert almere[COL["names"]] == 0.0
    assert almere[COL["passage_rr"]] == pytest.approx(0.5)
    plain = features(small_core, small_index, "Wat kost een traject?", found)
    assert {float(r[COL["names"]]) for r in plain.values()} == {0.5}  # no names asked: neutral


def test_units_come_in_rank_then_reading_order_and_clean_drops_bullets(small_index) -> None:  # noqa: ANN001
    a, b = passages(small_index, TESTDORP)[1], passages(small_index, ALMERE)[1]
    units = units_of([Hit(b, 0.9), Hit(a, 0.8)], passages=2)
    assert [u.rank for u in units] == [0, 0, 1, 1, 1, 1]
    assert [u.index for u in units] == [0, 1, 0, 1, 2, 3]
    assert all(u.count == (2 if u.rank == 0 else 4) for u in units)
    assert units_of([Hit(b, 0.9), Hit(a, 0.8)], passages=1) == units[:2]
    assert clean(units[3].text) == "een vaste jobcoach voor elke kandidaat"
    assert units[3].key == (a.id, 1)
