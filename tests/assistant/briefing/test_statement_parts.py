"""The statement helpers of a pack on hand-made passages: theme words, sub-themes, context, thresholds."""

from __future__ import annotations

import numpy as np

from assistant.briefing.statements import (
    GENERAL,
    Statement,
    case_index,
    context_line,
    names_theme,
    on_theme_threshold,
    publication,
    subtheme,
)
from assistant.cases.catalogue import ASPECTS_BY_KEY
from assistant.cases.types import Case
from assistant.language.text import analyse
from assistant.models import LinearModel
from assistant.types import SECTION_SEPARATOR, Passage

TEXT = "Na plaatsing blijft de jobcoach een half jaar betrokken bij de werkgever."


def passage(section: str | None = None, text: str = TEXT, pid: str = "p-1") -> Passage:
    return Passage(pid, "werkfit", "Werkfit-trajecten", section, 3, text, 0)


def statement(p: Passage) -> Statement:
    return Statement(p, 0, len(p.text), 0.8)


def test_a_statement_names_the_theme_in_its_words_or_its_heading() -> None:
    theme = set(analyse("nazorg na plaatsing"))
    assert names_theme(statement(passage()), theme)  # "plaatsing"
    other = set(analyse("kosten en baten"))
    assert not names_theme(statement(passage()), other)
    under_heading = passage(f"3 Casussen{SECTION_SEPARATOR}Kosten van het traject")
    assert names_theme(statement(under_heading), other)  # the heading says "kosten"
    assert not names_theme(statement(passage(f"Kosten{SECTION_SEPARATOR}Werkwijze")), other)  # only the last heading


def test_the_sub_theme_is_the_aspect_the_nearest_heading_names() -> None:
    section = f"Casussen{SECTION_SEPARATOR}Alfa{SECTION_SEPARATOR}Nazorg"
    assert subtheme(passage(section), TEXT) == ASPECTS_BY_KEY["nazorg"].label
    # The innermost heading that names an aspect wins.
    nested = f"Resultaten{SECTION_SEPARATOR}Duur van het traject"
    assert subtheme(passage(nested), TEXT) == "Duur"


def test_without_a_heading_the_words_name_the_sub_theme_or_it_is_general() -> None:
    assert subtheme(passage("Inleiding"), "Het traject duurt zes maanden voor iedere deelnemer.") == "Duur"
    assert subtheme(passage("Inleiding"), "Een zin over niets in het bijzonder.") == GENERAL
    # "Over ..." names the organisation, too broad to be a sub-theme.
    assert subtheme(passage("Over Alfa"), "Een zin over niets in het bijzonder.") == GENERAL


def test_the_case_of_a_passage_is_the_first_case_listing_it() -> None:
    a = Case("a", "Alfa", "Alfa", "werkfit", "W", "Alfa", (), ("p-1", "p-2"))
    b = Case("b", "Beta", "Beta", "werkfit", "W", "Beta", (), ("p-2", "p-3"))
    index = case_index([a, b])
    assert {pid: c.id for pid, c in index.items()} == {"p-1": "a", "p-2": "a", "p-3": "b"}


def test_the_publication_line_has_its_year_or_says_there_is_none() -> None:
    assert publication(passage(), {"werkfit": 2017}) == "Werkfit-trajecten (2017)"
    assert publication(passage(), {}) == "Werkfit-trajecten (z.j.)"


def test_a_context_line_names_the_case_or_the_chapter() -> None:
    alfa = Case("a", "Alfa", "Alfa", "werkfit", "W", "Alfa", (), ("p-1",))
    p = passage(f"4.1 Casussen{SECTION_SEPARATOR}Alfa{SECTION_SEPARATOR}Nazorg")
    assert context_line(p, alfa, {"werkfit": 2017}) == "Alfa — Werkfit-trajecten (2017), p. 3"
    assert context_line(p, None, {"werkfit": 2017}) == "Werkfit-trajecten (2017), Casussen › Alfa, p. 3"
    assert context_line(passage(None), None, {}) == "Werkfit-trajecten (z.j.), p. 3"
    unpaged = Passage("p-2", "werkfit", "Werkfit-trajecten", None, None, TEXT, 0)
    assert context_line(unpaged, alfa, {}) == "Alfa — Werkfit-trajecten (z.j.)"  # no page: none invented


def test_statements_keep_their_verbatim_words_and_a_key_across_publications() -> None:
    spaced = passage(text="Zo  werkt het\nbij Alfa.", pid="p-2")
    s = Statement(spaced, 0, len(spaced.text), 0.5)
    assert s.text == "Zo  werkt het\nbij Alfa."
    assert s.key == "zo werkt het bij alfa." == Statement(passage(text="ZO werkt het bij Alfa."), 0, 22, 0.4).key


def model(info: dict[str, object], threshold: float = 0.7) -> LinearModel:
    return LinearModel(("x",), np.zeros(1), np.ones(1), np.zeros(1), 0.0, threshold=threshold, info=info)


def test_the_on_theme_threshold_is_the_fitted_one_or_the_models_prior() -> None:
    assert on_theme_threshold(model({"threshold_from": "folds", "positives": 1, "examples": 10})) == 0.7
    assert on_theme_threshold(model({"positives": 25, "examples": 100})) == 0.25
