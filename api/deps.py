"""FastAPI dependencies: named Annotated aliases, one per part of the built core that routes use.

Routes depend on the parts they use (``Search``, ``Chat``, ``Cases`` ...), never on the whole core.
The core itself is built by the composition root (``werkwijzer.compose.build_core``) and kept on
``app.state.core``; ``AppCore`` says which of its parts the API reads.
"""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, Request

from api.auth import Principal, authorize_request
from assistant.briefing.builder import BriefingBuilder
from assistant.cases.catalogue import CaseRegistry
from assistant.chat.assistant import Assistant
from assistant.config import Settings
from assistant.ports import Indexer, Retriever
from assistant.records.db import Database
from assistant.records.feedback import FeedbackStore
from assistant.records.jobs import JobStore
from assistant.records.keys import KeyStore
from assistant.records.limits import HitCounter
from assistant.records.owners import Owner
from assistant.search.index import IndexHolder, LoadedIndex


class AppCore(Protocol):
    """The parts of the built core that the API uses (``werkwijzer.compose.Core`` has them all)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def holder(self) -> IndexHolder: ...

    @property
    def search(self) -> Retriever: ...

    @property
    def chat(self) -> Assistant: ...

    @property
    def cases(self) -> CaseRegistry: ...

    @property
    def briefings(self) -> BriefingBuilder: ...

    @property
    def feedback(self) -> FeedbackStore: ...

    @property
    def keys(self) -> KeyStore: ...

    @property
    def indexer(self) -> Indexer: ...

    @property
    def database(self) -> Database: ...

    @property
    def jobs(self) -> JobStore: ...

    @property
    def limits(self) -> HitCounter: ...


def _core(request: Request) -> AppCore:
    return request.app.state.core  # type: ignore[no-any-return]


# These only read app.state: async, so FastAPI does not hand each request to a worker thread for
# them. get_index stays sync: it may (re)load an index version from disk.
async def get_settings(request: Request) -> Settings:
    """The settings the core was built with."""
    return _core(request).settings


async def get_holder(request: Request) -> IndexHolder:
    """The holder of the active index (its ``current()`` may load a version: call it off the loop)."""
    return _core(request).holder


def get_index(request: Request) -> LoadedIndex:
    """The active index (raises IndexMissingError / IndexMismatchError → 503)."""
    return _core(request).holder.current()


async def get_search(request: Request) -> Retriever:
    """What /api/search serves: hybrid retrieval, reranked as the answer reads."""
    return _core(request).search


async def get_chat(request: Request) -> Assistant:
    """The chat Assistant."""
    return _core(request).chat


async def get_cases(request: Request) -> CaseRegistry:
    """The case catalogue of the served index version."""
    return _core(request).cases


async def get_briefings(request: Request) -> BriefingBuilder:
    """The builder of kennisbijeenkomst packs."""
    return _core(request).briefings


async def get_feedback_store(request: Request) -> FeedbackStore:
    """The feedback store."""
    return _core(request).feedback


async def get_indexer(request: Request) -> Indexer:
    """Ingestion, as the API sees it: (re)build the index from the configured sources."""
    return _core(request).indexer


async def get_owner(principal: Annotated[Principal, Depends(authorize_request)]) -> Owner:
    """Who owns what this request makes and may see: the key's, proxy user's or browser's records."""
    return principal.owner


async def get_database(request: Request) -> Database:
    """The app's database (for the health check)."""
    return _core(request).database


async def get_jobs(request: Request) -> JobStore:
    """The jobs of admin uploads (in the database: any API process can report them)."""
    return _core(request).jobs


AppSettings = Annotated[Settings, Depends(get_settings)]
Holder = Annotated[IndexHolder, Depends(get_holder)]
Index = Annotated[LoadedIndex, Depends(get_index)]
Search = Annotated[Retriever, Depends(get_search)]
Chat = Annotated[Assistant, Depends(get_chat)]
Cases = Annotated[CaseRegistry, Depends(get_cases)]
Briefings = Annotated[BriefingBuilder, Depends(get_briefings)]
Feedbacks = Annotated[FeedbackStore, Depends(get_feedback_store)]
IndexerPort = Annotated[Indexer, Depends(get_indexer)]
Caller = Annotated[Owner, Depends(get_owner)]
AppDatabase = Annotated[Database, Depends(get_database)]
Jobs = Annotated[JobStore, Depends(get_jobs)]
