"""Passage features on the small hand-made corpus: each column measures what its name says."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.search.features import PASSAGE_FEATURES, asks_number, idf_of
from tests.assistant.small_corpus import ALMERE, TESTDORP

COL = {name: i for i, name in enumerate(PASSAGE_FEATURES)}


def rows(small_core, small_index, query: str) -> dict[str, np.ndarray]:  # noqa: ANN001
    """Passage section → its feature row for ``query``."""
    c = small_core.retriever.featurizer.candidates(small_index, query)
    return {small_index.passages[int(r)].section: c.features[i] for i, r in enumerate(c.rows)}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Hoeveel kandidaten?", True),
        ("Hoe lang duurt het?", True),
        ("How many people?", True),
        ("Wanneer start het?", True),
        ("Wat doet de jobcoach?", False),
        ("Welke succesfactoren?", False),
    ],
)
def test_a_number_question_is_told_by_its_question_words(text: str, number: bool) -> None:
    assert asks_number(text) is number


def test_typed_words_score_relative_to_the_best_passage(small_core, small_index) -> None:  # noqa: ANN001
    found = rows(small_core, small_index, "kost werkfit-traject euro")
    best = found["3 Kosten"]
    assert best[COL["typed"]] == pytest.approx(1.0) and best[COL["typed_rr"]] == pytest.approx(1.0)
    assert best[COL["coverage"]] == pytest.approx(1.0)
    assert all(r[COL["typed"]] < 1.0 for s, r in found.items() if s != "3 Kosten")


def test_a_name_in_the_place_counts_in_the_place_column(small_core, small_index) -> None:  # noqa: ANN001
    found = rows(small_core, small_index, "Wat doet het Werkbedrijf Testdorp?")
    over = found["1 Over het Werkbedrijf Testdorp"]
    assert over[COL["place"]] == pytest.approx(1.0)
    assert over[COL["names"]] == pytest.approx(1.0)
    aanpak = found.get("1 Aanpak")
    assert aanpak is None or aanpak[COL["names"]] == 0.0


def test_without_names_the_names_column_is_neutral(small_core, small_index) -> None:  # noqa: ANN001
    found = rows(small_core, small_index, "hoe lang blijft de jobcoach betrokken")
    assert {float(r[COL["names"]]) for r in found.values()} == {0.5}


def test_dense_columns_are_cosines_and_their_gap_to_the_best(small_core, small_index) -> None:  # noqa: ANN001
    found = rows(small_core, small_index, "betaalde baan na twee jaar")
    dense = np.array([r[COL["dense"]] for r in found.values()])
    assert np.all(dense <= 1.0 + 1e-6) and np.all(dense >= -1.0 - 1e-6)
    assert max(r[COL["dense_rel"]] for r in found.values()) == pytest.approx(0.0, abs=1e-6)
    assert max(r[COL["dense_rr"]] for r in found.values()) == pytest.approx(1.0)


def test_number_list_length_and_language_columns(small_core, small_index) -> None:  # noqa: ANN001
    found = rows(small_core, small_index, "Hoeveel procent van de deelnemers had een baan?")
    assert found["2 Resultaten"][COL["number"]] == 1.0
    assert found["2 Succesfactoren"][COL["listed"]] == 1.0
    assert found["2 Resultaten"][COL["listed"]] == 0.0
    assert found["2 Resultaten"][COL["english"]] == 0.0
    english = rows(small_core, small_index, "How many participants had a paid job?")
    assert {float(r[COL["english"]]) for r in english.values()} == {1.0}
    lengths = {s: r[COL["length"]] for s, r in found.items()}
    assert lengths["2 Succesfactoren"] > 0.0


def test_a_document_filter_leaves_no_candidate_outside(small_core, small_index) -> None:  # noqa: ANN001
    c = small_core.retriever.featurizer.candidates(small_index, "jobcoach", document_ids=[TESTDORP])
    assert {small_index.passages[int(r)].document_id for r in c.rows} == {TESTDORP}
    other = small_core.retriever.featurizer.candidates(small_index, "jobcoach", document_ids=[ALMERE])
    assert {small_index.passages[int(r)].document_id for r in other.rows} == {ALMERE}


def test_idf_is_smoothed_and_falls_with_document_frequency() -> None:
    assert idf_of(0, 10) > idf_of(1, 10) > idf_of(10, 10) == pytest.approx(0.0)
