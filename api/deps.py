"""FastAPI dependencies: named Annotated aliases that read the built core from app.state."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.factory import Werkwijzer
from assistant.index import LoadedIndex


def get_core(request: Request) -> Werkwijzer:
    """The core built by the composition root."""
    return request.app.state.core  # type: ignore[no-any-return]


def get_index(request: Request) -> LoadedIndex:
    """The active index (raises IndexMissingError / IndexMismatchError → 503)."""
    return get_core(request).holder.current()


Core = Annotated[Werkwijzer, Depends(get_core)]
Index = Annotated[LoadedIndex, Depends(get_index)]
