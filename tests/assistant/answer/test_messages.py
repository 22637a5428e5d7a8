"""The answerers' fixed texts: both languages, every placeholder filled."""

from __future__ import annotations

import pytest

from assistant.answer import messages

ALL = {
    name: value
    for name, value in vars(messages).items()
    if name.isupper() and isinstance(value, dict) and set(value) == {"nl", "en"}
}


def test_every_message_exists_in_dutch_and_english() -> None:
    assert {"NOT_FOUND", "CHITCHAT", "CLOSEST", "UNKNOWN_WORDS", "LLM_FALLBACK"} <= set(ALL)


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_message_renders_with_its_values(name: str, language: str) -> None:
    if name == "DOMAIN":
        return  # the domain is itself a value of the others
    text = messages.text(ALL[name], language, topics="Kosten (Werkfit)", words="‘zwolle’", what="bedrag")  # type: ignore[arg-type]
    assert "{" not in text and "}" not in text
    if "{domain}" in ALL[name][language]:
        assert messages.DOMAIN[language] in text


def test_the_language_picks_the_text() -> None:
    assert messages.text(messages.NOT_FOUND, "nl") == "Dat staat niet in de publicaties."
    assert messages.text(messages.NOT_FOUND, "en") == "The publications do not answer this."
    assert "‘zwolle’" in messages.text(messages.UNKNOWN_WORDS, "nl", words="‘zwolle’")
