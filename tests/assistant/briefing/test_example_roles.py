"""What a practice example gave, on made-up sentences: achievements count, goals, costs and records do not."""

from __future__ import annotations

import pytest

from assistant.briefing.builder import _is_outcome
from assistant.briefing.statements import Statement
from assistant.types import Passage


def s(text: str) -> Statement:
    return Statement(Passage("x", "doc", "P", "H", 2, text, 0), 0, len(text), 0.5)


@pytest.mark.parametrize(
    "text",
    [
        "In de laatste klas heeft de helft van de deelnemers regulier werk gevonden.",
        "In 2012 zijn ongeveer 1.200 mensen via het project aan het werk gekomen.",
        "Het ziekteverzuim is teruggedrongen van 12 naar 9%.",
    ],
)
def test_an_achievement_is_what_a_practice_gave(text: str) -> None:
    assert _is_outcome(s(text))


@pytest.mark.parametrize(
    "text",
    [
        "Het beoogde resultaat is dat iemand een gewone baan vindt.",  # a goal
        "Het behalen van overige resultaten wordt ook geregistreerd.",  # how results are recorded
        "De gemeente betaalt 7.600 euro aan de werkgever, met resultaat.",  # a cost
        "De jobcoach bezoekt de werkplek elke week.",  # what it does
    ],
)
def test_goals_costs_records_and_practice_are_not(text: str) -> None:
    assert not _is_outcome(s(text))
