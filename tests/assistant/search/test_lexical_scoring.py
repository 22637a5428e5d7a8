"""BM25 scoring rules on hand-made passages: a concept counts once, fields combine, questions, known words."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.search.lexical import LexicalIndex, LexicalWeights
from tests.assistant.search.test_lexical import PASSAGES, p


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(
        PASSAGES,
        questions={"a1": ["Wat doet het werkgeversservicepunt?"], "b1": ["Hoe kom je van dagbesteding naar werk?"]},
    )


def row(index: LexicalIndex, pid: str) -> int:
    return index.ids.index(pid)


def test_a_concept_with_several_terms_scores_its_best_term_not_their_sum(index: LexicalIndex) -> None:
    uitkering = index.query_concepts("uitkering")
    bijstand = index.query_concepts("bijstand")
    (u_terms,) = uitkering.values()
    (b_terms,) = bijstand.values()
    one = {"x": {**u_terms, **b_terms}}
    both = index.scores(one)
    separate = index.scores(uitkering) + index.scores(bijstand)
    i = row(index, "b2")  # holds both words
    assert both[i] == pytest.approx(max(index.scores(uitkering)[i], index.scores(bijstand)[i]))
    assert separate[i] > both[i]


def test_a_term_in_text_and_place_counts_once_unless_told_to_add(index: LexicalIndex) -> None:
    almere = index.query_concepts("Almere")
    once = index.scores(almere)
    added = index.scores(almere, weights=LexicalWeights(combine="sum"))
    text_only = index.scores(almere, weights=LexicalWeights(fields=0.0))
    i = row(index, "b1")  # "Almere" in its text and in its section
    assert added[i] > once[i] >= text_only[i] > 0


def test_a_neighbour_share_lifts_passages_next_to_a_good_one(index: LexicalIndex) -> None:
    concepts = index.query_concepts("werkgeversservicepunt")
    plain = index.scores(concepts)
    lifted = index.scores(concepts, weights=LexicalWeights(neighbours=0.5))
    assert plain[row(index, "a2")] == 0.0 and lifted[row(index, "a2")] > 0.0  # next to a1, same document
    assert lifted[row(index, "b1")] == 0.0  # another document gains nothing


def test_expansion_questions_are_a_field_of_their_own(index: LexicalIndex) -> None:
    scores = index.question_scores(index.query_concepts("dagbesteding"))
    assert scores[row(index, "b1")] > 0 and scores[row(index, "a1")] == 0.0
    without = LexicalIndex.build(PASSAGES)
    assert not without.question_scores(without.query_concepts("dagbesteding")).any()
    stem = next(iter(index.query_concepts("dagbesteding")))
    assert index.column(stem, field="questions") is not None
    assert without.column(stem, field="questions") is None


def test_known_share_counts_the_words_the_index_has(index: LexicalIndex) -> None:
    assert index.known_share(index.query_concepts("bijstand uitkering")) == 1.0
    assert index.known_share(index.query_concepts("bijstand xylofoon")) == pytest.approx(0.5)
    assert index.known_share({}) == 0.0


def test_a_near_spelling_finds_the_word_at_a_lower_weight(index: LexicalIndex) -> None:
    (terms,) = index.query_concepts("dagbestding").values()
    assert terms == {"dagbestd": 1.0, "dagbested": LexicalWeights().fuzzy}  # one letter away, half weight
    assert index.search("dagbestding", k=1)[0][0] == "b1"
    assert index.search("dagbestding", k=1)[0][1] < index.search("dagbesteding", k=1)[0][1]


def test_a_short_fragment_does_not_outrank_the_passage_it_belongs_to() -> None:
    fragment = p("f", "Pastiel begeleidt jaarlijks", doc="c")
    whole = p("w", "Pastiel begeleidt jaarlijks ongeveer 800 kandidaten naar werk bij gewone werkgevers in de regio.",
              doc="c", ordinal=1)
    index = LexicalIndex.build([fragment, whole, *PASSAGES])
    scores = index.scores(index.query_concepts("Pastiel begeleidt jaarlijks"))
    assert scores[index.ids.index("w")] == pytest.approx(scores[index.ids.index("f")], rel=0.35)
    unpadded = LexicalIndex.build([fragment, whole, *PASSAGES], weights=LexicalWeights(min_terms=1))
    s2 = unpadded.scores(unpadded.query_concepts("Pastiel begeleidt jaarlijks"))
    assert s2[unpadded.ids.index("f")] > s2[unpadded.ids.index("w")]
    assert np.all(scores >= 0)
