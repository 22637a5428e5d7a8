"""The FastAPI application factory."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.auth import Authenticator, authorize_request, check_serving_safety
from api.deps import AppCore
from api.errors import install_error_handlers
from api.guard import RequestGuard
from api.limits import BodySizeLimit, DatabaseRateLimiter, FailedAuthThrottle
from api.logs import REQUEST_ID_HEADER, RequestLogMiddleware
from api.openapi import install_docs, install_openapi
from api.routes import (
    admin,
    briefing,
    cases,
    chat,
    compare,
    conversations,
    documents,
    feedback,
    health,
    openai_compat,
    search,
)
from api.sessions import SessionCookie

STATIC_DIR = Path(__file__).parent / "static"
WIDGET = STATIC_DIR / "widget.js"
UPLOAD_PREFIX = "/api/admin/documents"
_CORS_MAX_AGE = 600  # seconds a browser may cache a preflight answer

log = logging.getLogger("werkwijzer.api")


def create_app(core: AppCore) -> FastAPI:
    """Build the app around an already-built core (``werkwijzer.compose.build_core``)."""
    settings = core.settings
    check_serving_safety(settings)
    app = FastAPI(
        title="Werkwijzer API",
        version="0.1.0",
        description="Zoeken en vragen over publicaties over werk voor mensen met een afstand tot de arbeidsmarkt.",
        dependencies=[Depends(authorize_request)],
        docs_url=None,  # served by install_docs from the installed package, not a CDN
        redoc_url=None,
    )
    app.state.core = core
    app.state.auth = Authenticator(
        core.keys,
        required=settings.keys_required,
        # Counted in the database, so N worker processes share one limit per key and per address.
        limiter=DatabaseRateLimiter(core.limits, settings.rate_limit_per_minute),
        throttle=FailedAuthThrottle(core.limits, settings.auth_failures_per_minute),
    )
    if settings.keys_required and core.keys.count_active() == 0:
        log.warning(
            "API keys are required but none exist: create one with "
            "`werkwijzer keys create NAME --scopes search,chat`"
        )
    install_error_handlers(app)
    install_openapi(app)
    install_docs(app)
    routers = (health, search, documents, chat, conversations, feedback, admin, cases, compare)
    for module in (*routers, briefing, openai_compat):
        app.include_router(module.router)

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> FileResponse:
        """The embeddable <werkwijzer-search> element."""
        return FileResponse(WIDGET, media_type="text/javascript; charset=utf-8")

    if (STATIC_DIR / "index.html").exists():
        app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="static")
    # Added last = outermost: every response, errors included, carries the request id and CORS headers.
    if not settings.keys_required:
        app.add_middleware(SessionCookie)  # type: ignore[arg-type]
    app.add_middleware(
        BodySizeLimit.from_kib,  # type: ignore[arg-type]
        max_kib=settings.max_request_kb,
        upload_max_mib=settings.max_upload_mb,
        upload_prefix=UPLOAD_PREFIX,
    )
    app.add_middleware(
        RequestGuard,  # type: ignore[arg-type]
        hosts=settings.served_hosts,
        origins=settings.cors_origins,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER, "Retry-After"],
            max_age=_CORS_MAX_AGE,
        )
    app.add_middleware(RequestLogMiddleware)
    return app
