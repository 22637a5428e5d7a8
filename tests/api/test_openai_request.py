"""OpenAI-style requests: what a message and a request may hold (dialogue() is in test_openai_dialogue.py)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.openai_schemas import ChatCompletionRequest, ChatMessage, Usage, message_text
from assistant.errors import InvalidInputError


def msg(role: str, content: object) -> ChatMessage:
    return ChatMessage.model_validate({"role": role, "content": content})


def test_text_parts_are_joined_and_other_parts_refused() -> None:
    parts = msg("user", [{"type": "text", "text": "Wat kost"}, {"type": "text", "text": "werkfit?"}])
    assert message_text(parts, where="messages.0") == "Wat kost\nwerkfit?"
    assert message_text(msg("user", None), where="messages.0") == ""
    image = msg("user", [{"type": "image_url", "image_url": {"url": "x"}}])
    with pytest.raises(InvalidInputError, match=r"messages\.3\.content\.0 is a part of type 'image_url'"):
        message_text(image, where="messages.3")


def test_content_must_be_text_or_parts() -> None:
    with pytest.raises(ValidationError, match="string or a list of text parts"):
        msg("user", 42)


def test_a_request_needs_a_model_and_a_message_and_accepts_ignored_fields() -> None:
    request = ChatCompletionRequest.model_validate({
        "model": "werkwijzer", "messages": [{"role": "user", "content": "Vraag"}], "temperature": 0.2,
        "max_tokens": 50, "stop": ["\n"], "seed": 1, "logit_bias": {"1": 2},
    })
    assert request.stream is False and request.n == 1
    with pytest.raises(ValidationError):
        ChatCompletionRequest.model_validate({"model": "werkwijzer", "messages": []})
    with pytest.raises(ValidationError):  # one answer per request
        ChatCompletionRequest.model_validate({"model": "werkwijzer", "messages": [{"role": "user"}], "n": 2})
    with pytest.raises(ValidationError):  # strict: "true" is no boolean
        ChatCompletionRequest.model_validate({"model": "werkwijzer", "messages": [{"role": "user"}],
                                              "stream": "true"})
    with pytest.raises(ValidationError):
        ChatCompletionRequest.model_validate({"model": "werkwijzer", "messages": [{"role": "tool"}]})


def test_usage_totals_its_two_counts() -> None:
    assert Usage.of(12, 30).model_dump() == {"prompt_tokens": 12, "completion_tokens": 30, "total_tokens": 42}
