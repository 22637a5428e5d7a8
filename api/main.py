"""The FastAPI application factory."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.errors import install_error_handlers
from api.routes import chat, conversations, documents, feedback, health, search
from assistant.factory import Werkwijzer

STATIC_DIR = Path(__file__).parent / "static"


def create_app(core: Werkwijzer) -> FastAPI:
    """Build the app around an already-built core (see werkwijzer.compose)."""
    app = FastAPI(
        title="Werkwijzer API",
        version="0.1.0",
        description="Zoeken en vragen over publicaties over werk voor mensen met een afstand tot de arbeidsmarkt.",
    )
    app.state.core = core
    install_error_handlers(app)
    for module in (health, search, documents, chat, conversations, feedback):
        app.include_router(module.router)
    if (STATIC_DIR / "index.html").exists():
        app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="static")
    return app
