"""Statements a quiz question must not be cut from: part of a quotation, or an ending with a figure."""

from __future__ import annotations

import pytest

from assistant.briefing.quiz import cut
from assistant.briefing.statements import Statement
from assistant.types import Passage

GOOD = "De gemeente zoekt de werkgevers actief op in de eigen regio, zodat er meer plekken beschikbaar komen."


def _cut(text: str):  # noqa: ANN202
    return cut(Statement(Passage("p", "doc", "Publicatie", "Hoofdstuk", None, text, 0), 0, len(text), 0.5))


def test_the_plain_statement_is_cut() -> None:
    assert _cut(GOOD) is not None


@pytest.mark.parametrize(
    "text",
    [
        # A quotation mark only in the first half, then only in the ending: the marks would not pair up.
        "De werkgever zegt: “we zoeken mensen actief op in de eigen regio”, zodat er meer plekken beschikbaar"
        " komen.",
        "De gemeente zoekt de werkgevers actief op in de eigen regio, zodat er “meer plekken” beschikbaar komen.",
    ],
)
def test_part_of_a_quotation_is_not_cut(text: str) -> None:
    assert _cut(text) is None


def test_an_ending_with_a_figure_or_a_year_is_not_cut() -> None:
    start = "De gemeente zoekt de werkgevers actief op in de eigen regio, zodat er"
    assert _cut(f"{start} 40 plekken beschikbaar komen.") is None
    assert _cut(f"{start} in 2020 plekken beschikbaar kwamen.") is None
