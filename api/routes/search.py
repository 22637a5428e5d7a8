"""Search without any LLM: POST /api/search."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api.deps import Search
from api.schemas import ErrorResponse, PassageOut, SearchRequest, SearchResponse

router = APIRouter(tags=["search"])


@router.post(
    "/api/search",
    response_model=SearchResponse,
    responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
async def search(body: SearchRequest, search: Search) -> SearchResponse:
    """Passages that best match the query, best first (hybrid dense + lexical retrieval)."""
    hits = await run_in_threadpool(search.search, body.query, k=body.k, document_ids=body.documents)
    return SearchResponse(query=body.query, results=[PassageOut.of_hit(h) for h in hits])
