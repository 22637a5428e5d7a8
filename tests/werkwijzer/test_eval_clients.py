"""`werkwijzer eval --url`'s calls over real HTTP against a fake server (a tiny app with the API's shapes)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

from assistant.errors import StoreUnavailableError, WerkwijzerError
from tests.live import LOOPBACK, free_port, serve_app
from werkwijzer.eval_clients import HttpCalls, http_calls

PASSAGE = {"id": "w-1", "document_id": "w", "document_title": "W", "section": None, "page": 1,
           "text": "Een traject kost 4.500 euro.", "score": 0.0}


def fake_server(*, with_chat: bool) -> FastAPI:
    """Answers like Werkwijzer: search, passages, optionally chat; records the headers it got."""
    app = FastAPI()
    app.state.seen = []

    @app.post("/api/search")
    async def search(request: Request) -> Any:
        app.state.seen.append(dict(request.headers))
        body = await request.json()
        if body["query"] == "stuk":
            return JSONResponse({"error": {"type": "invalid_input", "message": "the query is empty"}}, 422)
        return {"query": body["query"], "results": [PASSAGE][: body["k"]]}

    @app.get("/api/passages/{pid}")
    def passage(pid: str) -> dict[str, Any]:
        if pid != "w-1":
            raise HTTPException(404)
        return PASSAGE

    if with_chat:
        @app.post("/api/chat")
        async def chat(request: Request) -> dict[str, Any]:
            body = await request.json()
            return {"conversation_id": body["conversation_id"] or "c-new", "answer": f"Over: {body['message']}"}

    return app


def test_search_passages_and_chat_go_over_http_with_the_key() -> None:
    app = fake_server(with_chat=True)
    with serve_app(app) as url, http_calls(url + "/", api_key="ww_k_secret") as calls:
        assert calls.search("kosten", 1) == {"query": "kosten", "results": [PASSAGE]}
        assert calls.passage("w-1") == PASSAGE
        assert calls.passage("w-9") is None
        assert calls.chat is not None
        assert calls.chat("Wat kost het?", None) == {"conversation_id": "c-new", "answer": "Over: Wat kost het?"}
        assert calls.chat("En in Oss?", "c-1")["conversation_id"] == "c-1"  # type: ignore[index]
    headers = app.state.seen[0]
    assert headers["authorization"] == "Bearer ww_k_secret" and headers["x-api-key"] == "ww_k_secret"


def test_a_server_without_chat_is_scored_on_search_only() -> None:
    with serve_app(fake_server(with_chat=False)) as url, HttpCalls(url) as calls:
        assert calls.chat is None
        assert calls.search("kosten", 0) == {"query": "kosten", "results": []}


def test_an_error_response_names_the_call_the_status_and_the_servers_message() -> None:
    refused = pytest.raises(WerkwijzerError, match=r"POST /api/search → 422: the query is empty")
    with serve_app(fake_server(with_chat=False)) as url, HttpCalls(url) as calls, refused:
        calls.search("stuk", 1)


def test_an_unreachable_server_is_named_with_its_address() -> None:
    url = f"http://{LOOPBACK}:{free_port()}"
    with pytest.raises(StoreUnavailableError, match=f"Cannot reach a Werkwijzer server at {url}"):
        HttpCalls(url)
