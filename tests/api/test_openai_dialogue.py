"""OpenAI messages mapped to Werkwijzer's question and history turns."""

from __future__ import annotations

from typing import Any

import pytest

from api.openai_schemas import ChatMessage, dialogue
from assistant.errors import InvalidInputError
from assistant.types import Turn

LIMIT = 2000


def _messages(*pairs: tuple[str, Any]) -> list[ChatMessage]:
    return [ChatMessage(role=role, content=content) for role, content in pairs]  # type: ignore[arg-type]


def test_last_user_message_is_the_question_and_pairs_before_it_the_turns() -> None:
    question, turns = dialogue(
        _messages(
            ("system", "Je bent een assistent."),
            ("assistant", "Waarmee kan ik helpen?"),  # no question before it: skipped
            ("user", "Wat doet Cycloon?"),
            ("assistant", "Cycloon bezorgt post. [1]"),
            ("developer", "Antwoord in het Nederlands."),
            ("user", "Wie betaalt dat?"),
            (
                "user",
                [{"type": "text", "text": "En hoe lang"}, {"type": "text", "text": "duurt dat?"}],
            ),
        ),
        limit=LIMIT,
    )
    assert question == "En hoe lang\nduurt dat?"
    assert turns == [
        Turn(question="Wat doet Cycloon?", answer="Cycloon bezorgt post. [1]"),
        Turn(question="Wie betaalt dat?", answer=""),
    ]


@pytest.mark.parametrize(
    ("pairs", "says"),
    [
        ((("system", "Wees kort."),), "There is no user message"),
        ((("user", "Wat doet Cycloon?"), ("assistant", None)), "messages.1) has role 'assistant'"),
        ((("user", "x" * (LIMIT + 1)), ("assistant", "..."), ("user", "En?")), "messages.0: "),
        ((("user", [{"type": "input_audio", "input_audio": {}}]),), "messages.0.content.0"),
        ((("user", None),), "messages.0: The message is empty"),
    ],
)
def test_unusable_conversations_say_which_message_to_fix(
    pairs: tuple[tuple[str, Any], ...], says: str
) -> None:
    with pytest.raises(InvalidInputError, match=says.replace("(", r"\(").replace(")", r"\)")):
        dialogue(_messages(*pairs), limit=LIMIT)
