"""Kennisbijeenkomst packs: POST /api/briefing (JSON, or a file: ?format=md|html|pdf&audience=…)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.briefing_schemas import BriefingRequest, BriefingResponse
from api.deps import Briefings
from api.schemas import ErrorResponse
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
    audience: Annotated[
        Literal["trainer", "deelnemers"],
        Query(description="trainer (default: agenda, answer key, sources) or deelnemers (handout without answers)"),
    ] = "trainer",
) -> BriefingResponse | Response:
    """A pack for a theme: key points by sub-theme, practice examples, questions, quiz, agendas; every point cited."""
    pack = await run_in_threadpool(briefings.build, body.theme, documents=body.documents)
    if format == "json":
        return BriefingResponse.of(pack)
    content = await run_in_threadpool(render, pack, format, audience)
    return Response(
        content,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{file_name(pack, format, audience)}"'},
    )
