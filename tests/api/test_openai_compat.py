"""The OpenAI-compatible surface (/v1) with the official openai client and LangChain, real HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from openai import OpenAI

from api.main import create_app
from tests.api.variants import core_with
from tests.live import serve_app

PASTIEL = "Hoeveel kandidaten begeleidt Pastiel per jaar in werkfit-trajecten?"
UNANSWERABLE = "Hoe groot is het jaarbudget van de gemeente Maastricht voor schuldhulpverlening?"
CITATION_KEYS = {"n", "passage_id", "document_id", "document_title", "section", "page", "quote"}
MARKER = re.compile(r"\[(\d+)\]")


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def assistant(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": text}


@pytest.fixture(scope="module")
def served(corpus_core, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:  # noqa: ANN001
    """The app on the corpus index over real HTTP, keys optional (the local default), and a key."""
    core = core_with(corpus_core, tmp_path_factory.mktemp("openai-keys"))
    token = core.keys.create("openai-client", scopes=["search", "chat"]).token
    with serve_app(create_app(core)) as url:
        yield url, token


@pytest.fixture(scope="module")
def ai(served: tuple[str, str]) -> OpenAI:
    """The official client; it always sends its key, so it gets a real one."""
    url, token = served
    return OpenAI(base_url=f"{url}/v1", api_key=token, max_retries=0)


def complete(ai: OpenAI, messages: list[dict[str, Any]]) -> Any:  # noqa: ANN401
    return ai.chat.completions.create(model="werkwijzer", messages=messages)  # type: ignore[arg-type]


def passage_text(served: tuple[str, str], passage_id: str) -> str:
    url, token = served
    r = httpx.get(f"{url}/api/passages/{passage_id}", headers={"X-API-Key": token})
    assert r.status_code == 200, r.text
    return str(r.json()["text"])


def test_models_list_names_the_one_model(ai: OpenAI) -> None:
    models = ai.models.list().data
    assert [m.id for m in models] == ["werkwijzer"]
    assert models[0].object == "model" and models[0].owned_by == "werkwijzer"
    assert isinstance(models[0].created, int) and models[0].created > 0
    assert ai.models.retrieve("werkwijzer").id == "werkwijzer"
    with pytest.raises(openai.NotFoundError) as caught:
        ai.models.retrieve("gpt-4o")
    assert "'werkwijzer'" in caught.value.body["message"]  # type: ignore[index]


def test_completion_cites_verbatim_quotes(ai: OpenAI, served: tuple[str, str]) -> None:
    completion = complete(ai, [{"role": "system", "content": "Antwoord kort."}, user(PASTIEL)])
    content = completion.choices[0].message.content
    assert completion.object == "chat.completion" and completion.model == "werkwijzer"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.choices[0].message.role == "assistant"
    assert "800" in content
    extra = completion.model_extra
    assert extra["werkwijzer"]["status"] == "answered"
    assert extra["werkwijzer"]["passages"]
    citations = extra["citations"]
    assert citations and {int(n) for n in MARKER.findall(content)} == {c["n"] for c in citations}
    for c in citations:
        assert set(c) == CITATION_KEYS
        assert c["quote"] in passage_text(served, c["passage_id"])
    usage = completion.usage
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_stream_sends_the_same_answer_and_citations_last(ai: OpenAI) -> None:
    whole = complete(ai, [user(PASTIEL)])
    chunks = list(
        ai.chat.completions.create(
            model="werkwijzer",
            messages=[user(PASTIEL)],  # type: ignore[list-item]
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    finished = [c for c in chunks if c.choices and c.choices[0].finish_reason == "stop"]
    assert len(finished) == 1
    assert finished[0].model_extra["citations"] == whole.model_extra["citations"]
    assert finished[0].model_extra["werkwijzer"]["status"] == "answered"
    assert chunks[-1].choices == [] and chunks[-1].usage == whole.usage


def test_stream_is_server_sent_events_ending_in_done(served: tuple[str, str]) -> None:
    url, token = served
    body = {"model": "werkwijzer", "messages": [user(PASTIEL)], "stream": True}
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=body, headers=headers) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in r.iter_lines() if line]
    assert all(line.startswith("data: ") for line in lines)
    assert lines[-1] == "data: [DONE]"
    final = json.loads(lines[-2].removeprefix("data: "))
    assert final["choices"][0]["finish_reason"] == "stop" and final["choices"][0]["delta"] == {}
    assert "usage" not in final  # only with stream_options.include_usage


def test_follow_up_from_the_sent_history_finds_the_case(ai: OpenAI, client) -> None:  # noqa: ANN001
    first_question = "Wat is het werkfit-traject van Cycloon?"
    follow_up = "En hoe lang duurt dat?"
    first = complete(ai, [user(first_question)])
    second = complete(
        ai, [user(first_question), assistant(first.choices[0].message.content), user(follow_up)]
    )
    info = second.model_extra["werkwijzer"]
    assert "Cycloon" in info["standalone_question"]
    assert "cycloon" in info["passages"][0]["section"].lower()
    assert second.model_extra["citations"]
    # Stateless through /v1 is what a stored conversation through /api/chat gives.
    stored = client.post("/api/chat", json={"message": first_question}).json()
    again = client.post(
        "/api/chat", json={"message": follow_up, "conversation_id": stored["conversation_id"]}
    ).json()
    assert again["standalone_question"] == info["standalone_question"]
    assert [p["id"] for p in again["passages"]] == [p["id"] for p in info["passages"]]
    assert again["answer"] == second.choices[0].message.content


def test_unanswerable_question_is_not_found_and_says_so(ai: OpenAI) -> None:
    completion = complete(ai, [user(UNANSWERABLE)])
    assert completion.model_extra["werkwijzer"]["status"] == "not_found"
    assert completion.model_extra["citations"] == []
    assert "niet in de publicaties" in completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop"


@pytest.mark.parametrize(
    ("messages", "says"),
    [
        ([{"role": "system", "content": "Je bent behulpzaam."}], "no user message"),
        ([user("   ")], "messages.0: The message is empty"),
        ([user("x" * 2001)], "the limit is 2000"),
        ([user(PASTIEL), assistant("800.")], "must be the user's question"),
        ([{"role": "tool", "content": "42", "tool_call_id": "t"}], "messages.0.role"),
        (
            [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}],
            "reads text only",
        ),
        ([user("hoi\x00daar")], "control characters"),
    ],
)
def test_bad_input_is_422_in_the_error_shape(
    served: tuple[str, str], messages: list[dict[str, Any]], says: str
) -> None:
    url, token = served
    r = httpx.post(
        f"{url}/v1/chat/completions",
        json={"model": "werkwijzer", "messages": messages},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 422
    assert set(r.json()) == {"error"} and set(r.json()["error"]) == {"type", "message"}
    assert r.json()["error"]["type"] == "invalid_input"
    assert says in r.json()["error"]["message"]


def test_openai_client_raises_unprocessable_entity_and_not_found(ai: OpenAI) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        complete(ai, [user("")])
    assert caught.value.status_code == 422 and caught.value.type == "invalid_input"
    with pytest.raises(openai.NotFoundError):
        ai.chat.completions.create(model="gpt-4o", messages=[user(PASTIEL)])  # type: ignore[list-item]


def test_unknown_fields_are_ignored_and_open_locally_without_a_key(served: tuple[str, str]) -> None:
    url, _ = served
    body = {
        "model": "werkwijzer",
        "messages": [user(PASTIEL)],
        "temperature": 0.7,
        "max_tokens": 5,
        "user": "team-a",
        "logit_bias": {"50256": -100},
        "tools": [],
        "something_new": {"x": 1},
    }
    r = httpx.post(f"{url}/v1/chat/completions", json=body)
    assert r.status_code == 200, r.text
    assert "800" in r.json()["choices"][0]["message"]["content"]  # max_tokens never cuts citations


def test_keys_required_401_without_key_403_without_chat_scope(
    corpus_core,
    tmp_path_factory: pytest.TempPathFactory,  # noqa: ANN001
) -> None:
    core = core_with(corpus_core, tmp_path_factory.mktemp("openai-secured"), require_api_keys=True)
    search_only = core.keys.create("zoeken", scopes=["search"]).token
    chat = core.keys.create("chat", scopes=["chat"]).token
    with serve_app(create_app(core)) as url:
        r = httpx.post(
            f"{url}/v1/chat/completions", json={"model": "werkwijzer", "messages": [user(PASTIEL)]}
        )
        assert r.status_code == 401 and r.json()["error"]["type"] == "unauthorized"
        assert httpx.get(f"{url}/v1/models").status_code == 401
        with pytest.raises(openai.AuthenticationError):
            OpenAI(base_url=f"{url}/v1", api_key="ww_0_wrong", max_retries=0).models.list()
        denied = OpenAI(base_url=f"{url}/v1", api_key=search_only, max_retries=0)
        with pytest.raises(openai.PermissionDeniedError) as caught:
            complete(denied, [user(PASTIEL)])
        assert "'chat' scope" in caught.value.body["message"]  # type: ignore[index]
        allowed = OpenAI(base_url=f"{url}/v1", api_key=chat, max_retries=0)
        assert "800" in complete(allowed, [user(PASTIEL)]).choices[0].message.content


def test_langchain_chat_openai_uses_werkwijzer_as_its_model(served: tuple[str, str]) -> None:
    from langchain_openai import ChatOpenAI

    url, token = served
    model = ChatOpenAI(base_url=f"{url}/v1", api_key=token, model="werkwijzer", max_retries=0)
    reply = model.invoke(PASTIEL)
    assert "800" in reply.content and MARKER.search(str(reply.content))
    streamed = "".join(str(chunk.content) for chunk in model.stream(PASTIEL))
    assert streamed == reply.content
