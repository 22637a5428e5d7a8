"""A chat message is checked before anything is searched: text, not empty, not too long, no binary."""

from __future__ import annotations

import pytest

from assistant.chat.assistant import check_message
from assistant.errors import InvalidInputError


def test_a_usable_message_comes_back_stripped() -> None:
    assert check_message("  Wat kost een traject?\n", limit=100) == "Wat kost een traject?"
    assert check_message("regel één\nregel twee\ttab", limit=100) == "regel één\nregel twee\ttab"


@pytest.mark.parametrize(
    ("message", "says"),
    [
        (42, "must be text"),
        ("   \n ", "empty"),
        ("x" * 101, "limit is 100"),
        ("nul\x00byte", "control characters"),
        ("kapot \ufffd teken", "binary"),
    ],
)
def test_an_unusable_message_says_what_to_fix(message: object, says: str) -> None:
    with pytest.raises(InvalidInputError, match=says):
        check_message(message, limit=100)
