"""Liveness and readiness: GET /healthz."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import AppDatabase, AppSettings, Holder
from api.schemas import ErrorResponse, Health
from assistant.errors import WerkwijzerError
from assistant.search.index import LoadedIndex

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, responses={503: {"model": ErrorResponse}})
def healthz(holder: Holder, settings: AppSettings, database: AppDatabase) -> Health | JSONResponse:
    """200 once the app can answer and store (index loaded, vector store and database reachable);
    503 naming each part that is down (``down``: "index", "database")."""
    problems: dict[str, WerkwijzerError] = {}
    index: LoadedIndex | None = None
    try:
        index = holder.current()
        index.store.ping()
    except WerkwijzerError as e:
        problems["index"] = e
    try:
        database.ping()
    except WerkwijzerError as e:
        problems["database"] = e
    if problems or index is None:
        first = next(iter(problems.values()))
        message = " ".join(f"{part.capitalize()} is down: {e}" for part, e in problems.items())
        return JSONResponse(
            {"error": {"type": first.kind, "message": message}, "down": list(problems)},
            status_code=503,
        )
    return Health(
        status="ok",
        index_version=index.manifest.version,
        documents=len(index.documents()),
        passages=len(index.passages),
        embedding_model=index.manifest.spec.embedding_model,
        answer_mode="llm" if settings.use_llm else "extractive",
    )
