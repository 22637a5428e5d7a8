"""Liveness and readiness: GET /healthz."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import AppSettings, Holder
from api.errors import error_response
from api.schemas import ErrorResponse, Health
from assistant.errors import WerkwijzerError

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, responses={503: {"model": ErrorResponse}})
def healthz(holder: Holder, settings: AppSettings) -> Health | JSONResponse:
    """200 once the app can answer questions (index loaded, store reachable); 503 otherwise."""
    try:
        index = holder.current()
        index.store.ping()
    except WerkwijzerError as e:
        return error_response(503, e.kind, str(e))
    return Health(
        status="ok",
        index_version=index.manifest.version,
        documents=len(index.documents()),
        passages=len(index.passages),
        embedding_model=index.manifest.spec.embedding_model,
        answer_mode="llm" if settings.use_llm else "extractive",
    )
