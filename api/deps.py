"""FastAPI dependencies: named Annotated aliases that read the built core from app.state."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.chat.assistant import Assistant
from assistant.errors import ConfigurationError
from assistant.factory import Werkwijzer
from assistant.search.index import LoadedIndex


# get_core and get_chat only read app.state: async, so FastAPI does not hand each request to a
# worker thread for them. get_index stays sync: it may (re)load an index version from disk.
async def get_core(request: Request) -> Werkwijzer:
    """The core built by the composition root."""
    return _core(request)


def get_index(request: Request) -> LoadedIndex:
    """The active index (raises IndexMissingError / IndexMismatchError → 503)."""
    return _core(request).holder.current()


async def get_chat(request: Request) -> Assistant:
    """The chat Assistant built by the composition root."""
    chat = _core(request).chat
    if chat is None:
        raise ConfigurationError("Chat is not configured on this server (the core was built without it).")
    return chat


def _core(request: Request) -> Werkwijzer:
    return request.app.state.core  # type: ignore[no-any-return]


Core = Annotated[Werkwijzer, Depends(get_core)]
Index = Annotated[LoadedIndex, Depends(get_index)]
Chat = Annotated[Assistant, Depends(get_chat)]
