"""The calls `werkwijzer eval` scores: in-process on a built core, or over HTTP on a running server."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

import httpx

from assistant.errors import StoreUnavailableError, WerkwijzerError
from werkwijzer.compose import Core
from werkwijzer.evaluation import ChatCall

CHAT_PATH = "/api/chat"
_HTTP_TIMEOUT_SECONDS = 120.0


class EvalCalls:
    """search / chat / passage callables for evaluation.run, closed with the context manager."""

    def __init__(self) -> None:
        self.chat: ChatCall | None = None
        self._stack = ExitStack()

    def search(self, query: str, k: int) -> Mapping[str, Any]:
        """A POST /api/search body."""
        raise NotImplementedError

    def passage(self, passage_id: str) -> Mapping[str, Any] | None:
        """A GET /api/passages/{id} body, or None when it does not exist."""
        raise NotImplementedError

    def __enter__(self) -> EvalCalls:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()


class InProcessCalls(EvalCalls):
    """Search through the core's retriever; chat through the app's /api/chat when it has one."""

    def __init__(self, core: Core) -> None:
        super().__init__()
        from api.main import create_app

        self._core = core
        app = create_app(core)
        if CHAT_PATH in app.openapi().get("paths", {}):
            # The chat endpoint is the one public shape of chat: score exactly what clients get.
            from fastapi.testclient import TestClient

            client = self._stack.enter_context(TestClient(app, base_url="http://localhost"))
            self.chat = _chat_over(client)

    def search(self, query: str, k: int) -> Mapping[str, Any]:
        """Hybrid search, rendered as POST /api/search would."""
        from api.schemas import PassageOut, SearchResponse

        hits = self._core.search.search(query, k=k)
        return SearchResponse(
            query=query, results=[PassageOut.of_hit(h) for h in hits]
        ).model_dump()

    def passage(self, passage_id: str) -> Mapping[str, Any] | None:
        """A passage of the active index."""
        from api.schemas import PassageOut

        index = self._core.holder.current()
        return PassageOut.of(index.get(passage_id)).model_dump() if index.has(passage_id) else None


class HttpCalls(EvalCalls):
    """The same calls against a running Werkwijzer server."""

    def __init__(self, url: str, *, api_key: str | None = None) -> None:
        super().__init__()
        headers = {"Authorization": f"Bearer {api_key}", "X-API-Key": api_key} if api_key else {}
        self._client = self._stack.enter_context(
            httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=_HTTP_TIMEOUT_SECONDS)
        )
        try:
            paths = self._client.get("/openapi.json").raise_for_status().json().get("paths", {})
        except httpx.HTTPError as e:
            raise StoreUnavailableError(f"Cannot reach a Werkwijzer server at {url}: {e}") from e
        if CHAT_PATH in paths:
            self.chat = _chat_over(self._client)

    def search(self, query: str, k: int) -> Mapping[str, Any]:
        """POST /api/search."""
        return _json(self._client.post("/api/search", json={"query": query, "k": k}))

    def passage(self, passage_id: str) -> Mapping[str, Any] | None:
        """GET /api/passages/{id}."""
        response = self._client.get(f"/api/passages/{passage_id}")
        return None if response.status_code == httpx.codes.NOT_FOUND else _json(response)


def _json(response: httpx.Response) -> Mapping[str, Any]:
    if response.is_error:
        try:
            message = response.json()["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = response.text[:200]
        raise WerkwijzerError(
            f"{response.request.method} {response.request.url.path} → {response.status_code}: {message}"
        )
    body: Mapping[str, Any] = response.json()
    return body


def _chat_over(client: Any) -> ChatCall:
    def chat(message: str, conversation_id: str | None) -> Mapping[str, Any] | None:
        return _json(
            client.post(CHAT_PATH, json={"message": message, "conversation_id": conversation_id})
        )

    return chat


def in_process_calls(core: Core) -> EvalCalls:
    """Calls on a core built in this process, warmed as `werkwijzer serve` warms it (fair latencies)."""
    from werkwijzer.compose import warm

    warm(core)
    return InProcessCalls(core)


def http_calls(url: str, *, api_key: str | None = None) -> EvalCalls:
    """Calls on a server at ``url``."""
    return HttpCalls(url, api_key=api_key)
