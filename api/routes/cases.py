"""Practice cases and regions recognised in the publications: GET /api/cases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Core
from api.schemas import ErrorResponse
from api.trainer_schemas import CasesResponse

router = APIRouter(tags=["trainer"])


@router.get("/api/cases", response_model=CasesResponse, responses={503: {"model": ErrorResponse}})
def cases(core: Core, document: Annotated[list[str] | None, Query()] = None) -> CasesResponse:
    """Every case and region, with its publication and the aspects it describes (?document= filters)."""
    return CasesResponse.of(core.cases.catalog().for_documents(document))
