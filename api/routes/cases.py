"""Practice cases and regions recognised in the publications: GET /api/cases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Cases
from api.schemas import ErrorResponse
from api.trainer_schemas import CasesResponse
from assistant.errors import InvalidInputError

router = APIRouter(tags=["trainer"])


@router.get(
    "/api/cases",
    response_model=CasesResponse,
    responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
def cases(
    registry: Cases,
    document: Annotated[list[str] | None, Query(description="Only cases of these document ids.")] = None,
) -> CasesResponse:
    """Every case and region, with its publication and the aspects it describes."""
    index, catalog = registry.snapshot()
    known = {d.info.id for d in index.documents()}
    unknown = [d for d in document or () if d not in known]
    if unknown:
        raise InvalidInputError(
            f"Unknown document id(s): {', '.join(unknown)}. Valid ids: {', '.join(sorted(known))}."
        )
    return CasesResponse.of(catalog.for_documents(document))
