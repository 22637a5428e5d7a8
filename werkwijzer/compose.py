"""The composition root: builds every object from one Settings; nothing else constructs collaborators."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.config import Settings
from assistant.db import Database
from assistant.factory import Werkwijzer, build, build_chat, build_database
from assistant.feedback import FeedbackStore
from assistant.keys import KeyStore
from assistant.models import Models
from assistant.ports import Embedder
from ingest.chunking import CHUNKER_VERSION
from ingest.pipeline import IngestPipeline, IngestReport, Progress


class PipelineIndexer:
    """The API's Indexer port, backed by the ingest pipeline over the configured sources."""

    def __init__(self, core: Werkwijzer) -> None:
        self._core = core
        self.pipeline = IngestPipeline(
            embedder=core.embedder,
            repository=core.repository,
            spec=core.holder.spec,
            drop_store=core.drop_store,
        )

    def sources(self) -> list[Path]:
        """Default sources: the corpus folder and the folder of uploaded files."""
        settings = self._core.settings
        return [settings.corpus_dir, uploads_dir(settings)]

    def ingest(
        self,
        paths: Sequence[Path] | None = None,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest ``paths`` (default: the sources) and make the holder serve the result."""
        report = self.pipeline.run(
            [p for p in (paths or self.sources()) if paths or p.exists()], rebuild=rebuild, progress=progress
        )
        self._core.holder.invalidate()
        return report


def uploads_dir(settings: Settings) -> Path:
    """Where files uploaded through the API are kept (they are part of the corpus)."""
    return settings.uploads_dir


def build_app_core(
    settings: Settings, *, embedder: Embedder | None = None, models: Models | None = None
) -> Werkwijzer:
    """Build the core and plug ingestion in as its indexer (``models``: trained in this process)."""
    core = build(settings, chunker_version=CHUNKER_VERSION, embedder=embedder, models=models)
    core.indexer = PipelineIndexer(core)
    core.database = build_database(settings)
    core.chat = build_chat(core, core.database)
    core.feedback = build_feedback_store(settings, database=core.database)
    core.keys = KeyStore(core.database)
    return core


def warm(core: Werkwijzer) -> None:
    """Load what the first question would otherwise wait for: answer caches, the model, the vectors."""
    if core.chat is not None:
        core.chat.warm(core.holder.current().passages)
    core.retriever.warm()


def build_feedback_store(settings: Settings, *, database: Database | None = None) -> FeedbackStore:
    """The feedback store on the app's database (its tables created when missing)."""
    database = database or build_database(settings)
    store = FeedbackStore(database)
    database.create_all()
    return store
