"""The cell model on hand-made cases: its features, its choice, its fitting and the chooser around it."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.cases.catalogue import ASPECTS_BY_KEY
from assistant.cases.cells import (
    ASPECT_QUESTIONS,
    CELL_FEATURES,
    AspectWords,
    Candidate,
    CellChooser,
    CellModel,
    LabelledCell,
    candidates,
    cell_correct,
    features,
    fit_cells,
    gold_set,
    question,
    shapes,
)
from assistant.cases.types import Case, CaseSource, ScoredStatement
from assistant.types import SECTION_SEPARATOR, Passage
from tests.assistant.answer.hand_models import fake_model

CASE_SECTION = f"Casussen{SECTION_SEPARATOR}Alfa"
DURATION = "Het traject bij Alfa duurt zes maanden voor elke deelnemer."
TEAM = "Alfa werkt met twee jobcoaches en een vaste werkgever in de regio."
RESULT = "Van de 40 deelnemers vonden er 18 een betaalde baan."
ALFA = Case("alfa", "Alfa", "Alfa", "d", "Doc", CASE_SECTION, (), ("p-0", "p-1"),
            sources=(CaseSource("d", "Doc", CASE_SECTION, "Alfa"),))
DUUR = ASPECTS_BY_KEY["duur"]


def passage(pid: str, text: str, heading: str) -> Passage:
    return Passage(pid, "d", "Doc", f"{CASE_SECTION}{SECTION_SEPARATOR}{heading}", 1, text, int(pid[-1]))


P0 = passage("p-0", f"{DURATION} {TEAM}", "Duur")
P1 = passage("p-1", RESULT, "Resultaten")


def scored(p: Passage, text: str, probability: float, *, index: int = 0, count: int = 1,
           kind: str = "sentence") -> ScoredStatement:
    start = p.text.index(text)
    return ScoredStatement(p.id, start, start + len(text), text, kind, index, count, probability)


FOUND = [
    Candidate(scored(P0, DURATION, 0.6, index=0, count=2), P0),
    Candidate(scored(P0, TEAM, 0.9, index=1, count=2), P0),
    Candidate(scored(P1, RESULT, 0.3), P1),
]


def column(X: np.ndarray, name: str) -> list[float]:
    return [round(float(v), 4) for v in X[:, CELL_FEATURES.index(name)]]


def test_every_aspect_has_a_question_naming_the_case() -> None:
    assert question(DUUR, ALFA) == "Hoe lang duurt het traject bij Alfa?"
    assert set(ASPECT_QUESTIONS) == set(ASPECTS_BY_KEY)


def test_unit_probability_features_are_relative_to_the_best_of_the_cell() -> None:
    X = features(ALFA, DUUR, FOUND, AspectWords({}))
    assert X.shape == (3, len(CELL_FEATURES))
    assert column(X, "unit") == [0.6, 0.9, 0.3]
    assert column(X, "unit_relative") == [round(0.6 / 0.9, 4), 1.0, round(0.3 / 0.9, 4)]
    assert column(X, "unit_rank") == [0.5, 1.0, round(1 / 3, 4)]


def test_heading_features_look_below_the_cases_own_section() -> None:
    X = features(ALFA, DUUR, FOUND, AspectWords({}))
    assert column(X, "heading") == [1.0, 1.0, 0.0]
    assert column(X, "heading_other") == [0.0, 0.0, 1.0]  # "Resultaten" names another aspect
    assert column(X, "heading_in_cell") == [1.0, 1.0, 1.0]
    assert column(X, "first_in_section") == [1.0, 0.0, 1.0]


def test_text_position_and_shape_features() -> None:
    X = features(ALFA, DUUR, FOUND, AspectWords({}))
    assert column(X, "text") == [1.0, 0.0, 0.0]  # "duurt" is the aspect's own word
    assert column(X, "position") == [0.0, 1.0, 0.0]
    assert column(X, "number") == [0.0, 0.0, 1.0]
    assert column(X, "words")[0] == round(float(np.log1p(len(DURATION.split()))), 4)


def test_a_labelled_line_naming_the_aspect_is_a_label_feature() -> None:
    p = passage("p-2", "Duur: zes maanden met begeleiding op de werkvloer.", "Werkwijze")
    X = features(ALFA, DUUR, [Candidate(scored(p, p.text, 0.5), p)], AspectWords({}))
    assert column(X, "label") == [1.0]
    assert column(X, "heading") == [0.0]


def test_aspect_words_features_are_scores_and_their_gap_to_the_best() -> None:
    words = AspectWords({"duur": {"duurt": 2.0, "maand": 1.0}})
    X = features(ALFA, DUUR, FOUND, words)
    scores = [words.score("duur", c.statement.text) for c in FOUND]
    assert column(X, "aspect_words") == [round(s, 4) for s in scores]
    assert column(X, "aspect_words_gap") == [round(s - max(scores), 4) for s in scores]
    assert scores[0] > 0 and scores[1] == scores[2] == 0


def test_no_candidates_give_no_rows() -> None:
    assert features(ALFA, DUUR, [], AspectWords({})).shape == (0, len(CELL_FEATURES))


def test_the_model_chooses_the_most_probable_candidate_above_its_threshold() -> None:
    model = CellModel(fake_model(CELL_FEATURES, on="text", weight=4.0, bias=-2.0), AspectWords({}))
    chosen = model.choose(ALFA, DUUR, FOUND)
    assert chosen is not None and chosen[0] is FOUND[0]
    assert chosen[1] == pytest.approx(1 / (1 + np.exp(-2.0)))
    strict = CellModel(fake_model(CELL_FEATURES, on="text", weight=4.0, bias=-2.0, threshold=0.95), AspectWords({}))
    assert strict.choose(ALFA, DUUR, FOUND) is None  # "niet beschreven"
    assert model.choose(ALFA, DUUR, []) is None


def test_a_stored_model_brings_its_aspect_words() -> None:
    linear = fake_model(CELL_FEATURES, on="text")
    linear.info["aspect_words"] = {"duur": {"duurt": 1.5}}
    assert CellModel.from_linear(linear).words.weights == {"duur": {"duurt": 1.5}}
    assert CellModel.from_linear(fake_model(CELL_FEATURES)).words.weights == {}


def test_gold_statements_match_whatever_their_white_space() -> None:
    spaced = "Het traject bij Alfa  duurt\nzes maanden voor elke deelnemer."
    cell = LabelledCell(ALFA, DUUR, tuple(FOUND), gold_set([spaced]))
    assert cell.is_gold(FOUND[0]) and not cell.is_gold(FOUND[1])


def test_a_cell_is_correct_when_the_model_picks_gold_or_rightly_nothing() -> None:
    picks_text = CellModel(fake_model(CELL_FEATURES, on="text", weight=4.0, bias=-2.0), AspectWords({}))
    assert cell_correct(picks_text, LabelledCell(ALFA, DUUR, tuple(FOUND), gold_set([DURATION])))
    assert not cell_correct(picks_text, LabelledCell(ALFA, DUUR, tuple(FOUND), gold_set([TEAM])))
    assert not cell_correct(picks_text, LabelledCell(ALFA, DUUR, tuple(FOUND), frozenset()))
    never = CellModel(fake_model(CELL_FEATURES, bias=-5.0), AspectWords({}))
    assert cell_correct(never, LabelledCell(ALFA, DUUR, tuple(FOUND), frozenset()))
    assert cell_correct(never, LabelledCell(ALFA, DUUR, (), frozenset()))


def labelled_cells() -> list[LabelledCell]:
    """Ten cells where the statement under the aspect's heading is gold, and two with none."""
    cells = []
    for i in range(10):
        right = passage(f"r-{i}", f"Stap {i}: het traject duurt {i + 3} maanden bij deze aanpak.", "Duur")
        wrong = passage(f"w-{i}", f"Stap {i}: de gemeente betaalt {i + 3} jobcoaches uit het budget.", "Kosten")
        found = (Candidate(scored(right, right.text, 0.4 + i / 100), right),
                 Candidate(scored(wrong, wrong.text, 0.5), wrong))
        cells.append(LabelledCell(ALFA, DUUR, found, gold_set([right.text])))
    for i in range(2):
        wrong = passage(f"n-{i}", f"Stap {i}: de gemeente betaalt de werkgever een vergoeding.", "Kosten")
        cells.append(LabelledCell(ALFA, DUUR, (Candidate(scored(wrong, wrong.text, 0.2), wrong),), frozenset()))
    return cells


def test_a_fitted_cell_model_learns_the_heading_and_chooses_the_gold_statement() -> None:
    cells = labelled_cells()
    model = fit_cells(cells, folds=3)
    assert model.model.features == CELL_FEATURES
    assert model.model.info["threshold_folds"] == 3 and "aspect_words" in model.model.info
    assert 0.0 <= model.model.threshold <= 1.0
    assert sum(cell_correct(model, cell) for cell in cells[:10]) >= 9


class FakeStatementScorer:
    """A fake of the chat's unit model: every statement of the passages, one probability per text."""

    def __init__(self, probabilities: dict[str, float]) -> None:
        self.probabilities = probabilities
        self.questions: list[str] = []

    def score(self, question: str, passages: list[Passage]) -> list[ScoredStatement]:
        self.questions.append(question)
        return [scored(p, text, prob) for p in passages for text, prob in self.probabilities.items() if text in p.text]


class Passages:
    """Passages by id, as an index version gives them."""

    def __init__(self, *passages: Passage) -> None:
        self._by_id = {p.id: p for p in passages}

    def has(self, passage_id: str) -> bool:
        return passage_id in self._by_id

    def get(self, passage_id: str) -> Passage:
        return self._by_id[passage_id]


def test_the_chooser_asks_the_aspect_question_and_returns_the_span_of_the_chosen_statement() -> None:
    scorer = FakeStatementScorer({DURATION: 0.7, TEAM: 0.9, "Mail naar info@alfa.nl voor vragen.": 0.99})
    contact = passage("p-1", "Mail naar info@alfa.nl voor vragen.", "Contact")
    chooser = CellChooser(scorer, CellModel(fake_model(CELL_FEATURES, on="unit_relative", weight=2.0), AspectWords({})))
    found = chooser.choose(ALFA, DUUR, Passages(P0, contact))
    assert scorer.questions == ["Hoe lang duurt het traject bij Alfa?"]
    assert found is not None
    p, start, end = found
    assert p.id == "p-0" and p.text[start:end] == TEAM  # the contact line never competes


def test_the_chooser_skips_passages_missing_from_the_index_and_may_find_nothing() -> None:
    scorer = FakeStatementScorer({DURATION: 0.7})
    never = CellChooser(scorer, CellModel(fake_model(CELL_FEATURES, bias=-5.0), AspectWords({})))
    assert never.choose(ALFA, DUUR, Passages(P0)) is None
    empty = CellChooser(scorer, CellModel(fake_model(CELL_FEATURES, bias=5.0), AspectWords({})))
    assert empty.choose(ALFA, DUUR, Passages()) is None


def test_the_first_row_of_a_table_is_junk_only_at_the_start_of_its_passage() -> None:
    p = passage("p-3", "Jaar\tDeelnemers\n2019\t40", "Resultaten")
    q = passage("p-4", "Regio\tWerkgevers", "Resultaten")
    header = scored(p, "Jaar\tDeelnemers", 0.5, kind="row")
    data = scored(p, "2019\t40", 0.5, index=1, count=2, kind="row")
    again = scored(p, "Jaar\tDeelnemers", 0.5, index=1, count=2, kind="row")
    other = scored(q, "Regio\tWerkgevers", 0.5, kind="row")
    passages = {"p-3": p, "p-4": q}
    assert [c.statement.text for c in candidates([header, data], passages)] == ["2019\t40"]
    # Without a figure, a row after another row of its passage is data, not a header ...
    assert [c.statement.text for c in candidates([header, again], passages)] == ["Jaar\tDeelnemers"]
    # ... but a row of the next passage starts a table of its own.
    assert candidates([data, other], passages) == [Candidate(data, p)]


def test_shapes_name_numbers_and_the_details_a_statement_gives() -> None:
    assert shapes("Van de 40 deelnemers vonden er 18 een baan.") == {"#number"}
    assert shapes("Een traject kost gemiddeld €3000,-.") == {"#number", "#amount"}
    assert shapes("De uitstroom lag in 2017 op 55%.") == {"#number", "#year", "#percentage"}
    assert shapes("Het traject duurt zes maanden.") == frozenset()


def test_aspect_shape_is_learned_per_aspect_from_gold_statements() -> None:
    words = AspectWords.learn_terms(
        [
            ("shape:resultaten", shapes(RESULT), True),
            ("shape:resultaten", shapes("Twaalf van de 30 kandidaten werken nu."), True),
            ("shape:resultaten", shapes("Het project begon in 2016."), False),
            ("shape:resultaten", shapes(TEAM), False),
        ]
    )
    X = features(ALFA, ASPECTS_BY_KEY["resultaten"], FOUND, words)
    assert column(X, "aspect_shape")[2] > 0  # the statement with a number, as the gold results were
    assert column(X, "aspect_shape")[:2] == [0.0, 0.0]
    assert column(features(ALFA, DUUR, FOUND, words), "aspect_shape") == [0.0, 0.0, 0.0]  # not learned for duur
