"""Publications and passages: GET /api/documents, GET /api/passages/{id}."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Index
from api.schemas import DocumentOut, DocumentsResponse, ErrorResponse, PassageDetail

router = APIRouter(tags=["documents"])


@router.get("/api/documents", response_model=DocumentsResponse, responses={503: {"model": ErrorResponse}})
def documents(index: Index) -> DocumentsResponse:
    """Every publication in the index with its passage count."""
    return DocumentsResponse(documents=[DocumentOut.of(d) for d in index.documents()])


@router.get(
    "/api/passages/{passage_id}",
    response_model=PassageDetail,
    responses={404: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
def passage(passage_id: str, index: Index) -> PassageDetail:
    """One passage with the ids of its neighbours in the same publication."""
    p = index.get(passage_id)
    prev, nxt = index.neighbours(passage_id)
    return PassageDetail(
        id=p.id,
        document_id=p.document_id,
        document_title=p.document_title,
        section=p.section,
        page=p.page,
        text=p.text,
        score=0.0,
        previous_id=prev.id if prev else None,
        next_id=nxt.id if nxt else None,
        kind=p.kind,
        start=p.start,
        end=p.end,
    )
