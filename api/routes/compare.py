"""Case comparison: POST /api/compare (JSON, or a file with ?format=md|csv|xlsx|html)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import Cases, Holder
from api.schemas import ErrorResponse
from api.trainer_schemas import CompareRequest, CompareResponse
from assistant.cases.compare import compare as compare_cases
from assistant.cases.export import MEDIA_TYPES, export

router = APIRouter(tags=["trainer"])


@router.post(
    "/api/compare",
    response_model=CompareResponse,
    responses={
        200: {"content": {t: {} for t in MEDIA_TYPES.values()}},
        422: {"model": ErrorResponse},
        503: {"model": ErrorResponse},
    },
)
async def compare(
    body: CompareRequest,
    holder: Holder,
    cases: Cases,
    format: Annotated[
        Literal["json", "md", "csv", "xlsx", "html"],
        Query(description="json (default), md, csv, xlsx or html (print)"),
    ] = "json",  # noqa: A002
) -> CompareResponse | Response:
    """A table of cases (columns) × aspects (rows); each cell a verbatim statement with its citation, or
    "niet beschreven"."""

    def run() -> CompareResponse | Response:
        index = holder.current()
        comparison = compare_cases(cases.catalog(), index, body.cases, body.aspects, chooser=cases.chooser)
        if format == "json":
            return CompareResponse.of(comparison)
        return Response(
            export(comparison, format),
            media_type=MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="vergelijking.{format}"'},
        )

    return await run_in_threadpool(run)
