"""Typed text or not: lone surrogates, control characters and mojibake are refused with a reason."""

from __future__ import annotations

import pytest

from assistant.errors import InvalidInputError
from assistant.language.validity import check_text, invalid_text_reason


@pytest.mark.parametrize(
    "text",
    ["", "Wat kost een traject?", "regel één\nregel twee\r\n\tingesprongen", "Cliënt € 4.500 — 40 %", "😀"],
)
def test_typed_text_is_usable(text: str) -> None:
    assert invalid_text_reason(text) is None
    assert check_text(text, what="question") == text


def test_a_lone_surrogate_is_named_as_such() -> None:
    reason = invalid_text_reason("vraag \ud800")
    assert reason is not None and "surrogate" in reason


@pytest.mark.parametrize("text", ["a\x00b", "bel\x07", "\x1b[31mrood", "\ufffd", "caf\x85", "\x7f"])
def test_control_characters_and_binary_are_refused(text: str) -> None:
    reason = invalid_text_reason(text)
    assert reason is not None and "control characters" in reason


def test_check_text_names_the_field_in_its_error() -> None:
    with pytest.raises(InvalidInputError, match="The question contains control characters"):
        check_text("a\x00b", what="question")
