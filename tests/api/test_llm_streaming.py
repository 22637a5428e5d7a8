"""Streaming with an LLM over real HTTP: /api/chat/stream and /v1/chat/completions send the first
checked sentence while the model is still writing (a fake OpenAI-wire model that holds its reply
after the first sentence until the test has seen text arrive)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.main import create_app
from tests.assistant.answer.fake_openai import FakeOpenAIServer, quoting_reply
from tests.conftest import make_settings
from tests.live import serve_app

QUESTION = "Hoeveel kandidaten begeleidt Pastiel per jaar in werkfit-trajecten?"
MARKER_FREE = "Dit zegt de maan over de kaas [1]. De sterren zijn van chocola [2]."


class Served:
    """The app over the corpus index with a (fake, held) LLM behind it."""

    def __init__(self, url: str, model: FakeOpenAIServer, hold: threading.Event) -> None:
        self.url, self.model, self.hold = url, model, hold

    def events(self, path: str, body: dict[str, Any]) -> Iterator[tuple[str, Any, bool]]:
        """(event name, data, whether the model was still holding) per server-sent event."""
        self.hold.clear()
        try:
            with httpx.stream("POST", f"{self.url}{path}", json=body, timeout=60) as r:
                assert r.status_code == 200, r.read()
                name = "message"
                for line in r.iter_lines():
                    if line.startswith("event: "):
                        name = line.removeprefix("event: ")
                    elif line.startswith("data: "):
                        early = not self.model.past_first_sentence
                        raw = line.removeprefix("data: ")
                        yield name, (raw if raw == "[DONE]" else json.loads(raw)), early
        finally:
            self.hold.set()


@pytest.fixture(scope="module")
def served(corpus_core, embedder) -> Iterator[Served]:  # noqa: ANN001
    from werkwijzer.compose import build_core

    hold = threading.Event()
    replies = [quoting_reply] * 4 + [MARKER_FREE] * 2
    with FakeOpenAIServer(replies, hold=hold).running() as model:
        settings = make_settings(
            corpus_core.settings.data_dir,
            llm_base_url=model.base_url,
            llm_model="fake-model",
            answer_mode="llm",
        )
        with serve_app(create_app(build_core(settings, embedder=embedder))) as url:
            yield Served(url, model, hold)
        hold.set()


def _first_text_early(events: list[tuple[str, Any, bool]], is_text: Any) -> bool:  # noqa: ANN401
    return next(early for name, data, early in events if is_text(name, data))


def test_chat_stream_sends_the_first_sentence_while_the_model_writes(served: Served) -> None:
    events = []
    for name, data, early in served.events("/api/chat/stream", {"message": QUESTION}):
        events.append((name, data, early))
        if name == "delta":
            served.hold.set()  # seen: let the model go on
    assert _first_text_early(events, lambda n, d: n == "delta"), "the first delta waited for the model"
    deltas = "".join(d["text"] for n, d, _ in events if n == "delta")
    name, done, _ = events[-1]
    assert name == "done" and done["status"] == "answered" and done["notice"] is None
    assert done["answer"] == deltas and "[1]" in deltas
    for c in done["citations"]:
        text = httpx.get(f"{served.url}/api/passages/{c['passage_id']}").json()["text"]
        assert c["quote"] in text


def _content(data: Any) -> str:  # noqa: ANN401
    if not isinstance(data, dict) or not data.get("choices"):
        return ""
    return str(data["choices"][0]["delta"].get("content") or "")


def test_openai_stream_sends_the_first_sentence_while_the_model_writes(served: Served) -> None:
    body = {"model": "werkwijzer", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
    events = []
    for name, data, early in served.events("/v1/chat/completions", body):
        events.append((name, data, early))
        if _content(data):
            served.hold.set()
    assert _first_text_early(events, lambda n, d: bool(_content(d))), "the first text waited for the model"
    text = "".join(_content(d) for _, d, _ in events)
    assert events[-1][1] == "[DONE]"
    ending = events[-2][1]
    assert ending["choices"][0]["finish_reason"] == "stop" and ending["citations"]
    assert "[1]" in text and ending["werkwijzer"]["status"] == "answered"


def test_an_answer_nothing_of_which_verifies_is_replaced_on_both_surfaces(served: Served) -> None:
    served.model.replies = [MARKER_FREE, MARKER_FREE]
    events = [(n, d) for n, d, _ in served.events("/api/chat/stream", {"message": QUESTION})]
    deltas = "".join(d["text"] for n, d in events if n == "delta")
    done = events[-1][1]
    # Sent at once, each sentence flagged and without a marker; the done event carries the
    # extractive answer that replaces it (the page shows done's answer).
    assert "maan" in deltas and "[" not in deltas and "(niet in de bronnen gevonden)" in deltas
    assert done["notice"] and "taalmodel" in done["notice"] and "maan" not in done["answer"]

    body = {"model": "werkwijzer", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
    chunks = [d for _, d, _ in served.events("/v1/chat/completions", body)]
    text = "".join(_content(d) for d in chunks)
    # The OpenAI stream cannot take text back: the replacing answer follows after its notice.
    flagged, _, after = text.partition("\n\n")
    assert "maan" in flagged and "[" not in flagged
    assert after.startswith(done["notice"]) and after.endswith(done["answer"])
    assert chunks[-2]["citations"] == done["citations"]
