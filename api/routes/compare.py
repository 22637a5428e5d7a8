"""Case comparison: POST /api/compare."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api.deps import Cases, Holder
from api.schemas import ErrorResponse
from api.trainer_schemas import CompareRequest, CompareResponse
from assistant.cases.compare import compare as compare_cases

router = APIRouter(tags=["trainer"])


@router.post(
    "/api/compare",
    response_model=CompareResponse,
    responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
async def compare(body: CompareRequest, holder: Holder, cases: Cases) -> CompareResponse:
    """A case × aspect table; each cell a verbatim excerpt with its citation, or "niet beschreven"."""

    def run() -> CompareResponse:
        index = holder.current()
        return CompareResponse.of(
            compare_cases(cases.catalog(), index, body.cases, body.aspects)
        )

    return await run_in_threadpool(run)
