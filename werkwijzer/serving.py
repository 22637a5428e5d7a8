"""The app as uvicorn's worker processes build it: each reads the settings and builds its own core."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from assistant.config import Settings
from assistant.errors import WerkwijzerError

#: Import string of the factory below, for ``uvicorn.run(..., factory=True, workers=N)``.
APP_FACTORY = "werkwijzer.serving:served_app"

log = logging.getLogger("werkwijzer.serving")


def served_app(settings: Settings | None = None) -> FastAPI:
    """Build, warm and wrap a core from the settings (the environment in a worker process)."""
    from api.main import create_app
    from werkwijzer.compose import build_core, warm

    core = build_core(settings or Settings())
    try:
        warm(core)
    except WerkwijzerError as e:  # e.g. no index yet: /healthz says so too
        log.warning("not warmed: %s", e)
    return create_app(core)
