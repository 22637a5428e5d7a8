"""FastAPI dependencies: named Annotated aliases that read the built core from app.state."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.chat import Assistant
from assistant.errors import ConfigurationError
from assistant.factory import Werkwijzer
from assistant.index import LoadedIndex


def get_core(request: Request) -> Werkwijzer:
    """The core built by the composition root."""
    return request.app.state.core  # type: ignore[no-any-return]


def get_index(request: Request) -> LoadedIndex:
    """The active index (raises IndexMissingError / IndexMismatchError → 503)."""
    return get_core(request).holder.current()


def get_chat(request: Request) -> Assistant:
    """The chat Assistant built by the composition root."""
    chat = get_core(request).chat
    if chat is None:
        raise ConfigurationError("Chat is not configured on this server (the core was built without it).")
    return chat


Core = Annotated[Werkwijzer, Depends(get_core)]
Index = Annotated[LoadedIndex, Depends(get_index)]
Chat = Annotated[Assistant, Depends(get_chat)]
