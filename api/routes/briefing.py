"""Kennisbijeenkomst packs: POST /api/briefing (JSON, or a file with ?format=md|html|pdf)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import Briefings
from api.schemas import ErrorResponse
from api.trainer_schemas import BriefingRequest, BriefingResponse
from assistant.briefing.export import MEDIA_TYPES, file_name, render

router = APIRouter(tags=["trainer"])


@router.post(
    "/api/briefing",
    response_model=BriefingResponse,
    responses={
        200: {"content": {t: {} for t in MEDIA_TYPES.values()}},
        422: {"model": ErrorResponse},
        503: {"model": ErrorResponse},
    },
)
async def briefing(
    body: BriefingRequest,
    briefings: Briefings,
    format: Annotated[
        Literal["json", "md", "html", "pdf"], Query(description="json (default), md, html or pdf")
    ] = "json",  # noqa: A002
) -> BriefingResponse | Response:
    """A pack for a theme: key points, practice examples, comparison, quotes, questions; every point cited."""
    pack = await run_in_threadpool(briefings.build, body.theme, documents=body.documents)
    if format == "json":
        return BriefingResponse.of(pack)
    content = await run_in_threadpool(render, pack, format)
    return Response(
        content,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{file_name(pack, format)}"'},
    )
