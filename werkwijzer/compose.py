"""The composition root: builds every object from one Settings; nothing else constructs collaborators.

``build_core(settings)`` returns the frozen ``Core``: the index, search, answerers, chat, packs, the
database and its stores, and ingestion as the API's ``Indexer``. The API (``api.main.create_app``) and
the CLI take their parts from it; nothing is filled in later.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.adapters.chroma import ChromaVectorStore, chroma_client
from assistant.adapters.sentence_transformers import SentenceTransformerEmbedder
from assistant.answer.context import IndexContext
from assistant.answer.learned import ANSWERABLE_FEATURES, AnswerTuning, LearnedAnswerer
from assistant.answer.statements import UnitStatementScorer
from assistant.answer.units import UNIT_FEATURES
from assistant.briefing.builder import CANDIDATES, BriefingBuilder
from assistant.briefing.statements import on_theme_threshold
from assistant.cases.catalogue import CaseRegistry
from assistant.cases.cells import CELL_FEATURES, CELLS, CellChooser, CellModel
from assistant.cases.compare import CaseComparer
from assistant.chat.assistant import Assistant
from assistant.chat.followup import RuleCondenser
from assistant.config import Settings
from assistant.language.lexicon import Lexicon
from assistant.language.thesaurus import Thesaurus
from assistant.models import ANSWERABLE, PASSAGES, UNITS, Models, load_model
from assistant.ports import Answerer, Comparer, Condenser, Embedder, Refiner, VectorStore
from assistant.prompts import DEFAULT_PROMPTS_DIR, PromptLibrary
from assistant.records.conversations import ConversationStore
from assistant.records.db import Database
from assistant.records.feedback import FeedbackStore
from assistant.records.jobs import JobStore
from assistant.records.keys import KeyStore
from assistant.records.limits import HitCounter
from assistant.records.uploads import INTERRUPTED_REASON, recover_interrupted
from assistant.search.features import PASSAGE_FEATURES, PassageFeaturizer
from assistant.search.index import IndexHolder, IndexRepository, IndexSpec, StoreFactory
from assistant.search.ranker import LearnedRetriever
from ingest.chunking import CHUNKER_VERSION
from ingest.pipeline import IngestLimits, IngestPipeline, IngestReport, Progress


class PipelineIndexer:
    """The API's Indexer port, backed by the ingest pipeline over the configured sources."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder,
        holder: IndexHolder,
        drop_store: Callable[[str], None],
        jobs: JobStore | None = None,
    ) -> None:
        self._settings = settings
        self._holder = holder
        self._jobs = jobs
        self.pipeline = IngestPipeline(
            embedder=embedder,
            repository=holder.repository,
            spec=holder.spec,
            drop_store=drop_store,
            batch_size=settings.embedding_batch_size,
            limits=ingest_limits(settings),
        )

    def sources(self) -> list[Path]:
        """Default sources: the corpus folder and the folder of uploaded files."""
        settings = self._settings
        return [settings.corpus_dir, uploads_dir(settings)]

    def ingest(
        self,
        paths: Sequence[Path] | None = None,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest ``paths`` (default: the sources) and make the holder serve the result.

        Uploads whose earlier ingest was killed are set aside first (reported as skipped).
        """
        uploads = uploads_dir(self._settings)
        interrupted = recover_interrupted(uploads) if not paths else []
        for _, job_id in interrupted:
            if self._jobs is not None and job_id:
                self._jobs.update(job_id, state="failed", message=INTERRUPTED_REASON)
        report = self.pipeline.run(
            [p for p in (paths or self.sources()) if paths or p.exists()], rebuild=rebuild, progress=progress
        )
        report.skipped.extend((str(uploads / name), INTERRUPTED_REASON) for name, _ in interrupted)
        self._holder.invalidate()
        return report


def ingest_limits(settings: Settings) -> IngestLimits:
    """What one document may yield at ingest, from the settings."""
    return IngestLimits(
        max_chars=settings.max_document_chars,
        max_passages=settings.max_document_passages,
        max_docx_bytes=settings.max_docx_uncompressed_mb * 1024 * 1024,
    )


def uploads_dir(settings: Settings) -> Path:
    """Where files uploaded through the API are kept (they are part of the corpus)."""
    return settings.uploads_dir


@dataclass(frozen=True)
class Core:
    """The built application: everything the API and the CLI use, made from one Settings."""

    settings: Settings
    embedder: Embedder
    repository: IndexRepository
    holder: IndexHolder
    retriever: LearnedRetriever  # passages ordered by the trained ranker: chat, packs and search
    search: LearnedRetriever  # what search serves (the same retriever)
    extractive: LearnedAnswerer
    statements: UnitStatementScorer  # the unit model over given passages: comparison cells
    comparer: CaseComparer  # the Comparer port: tables by case name (API, CLI, chat)
    context: IndexContext  # which case a passage belongs to, for answers and follow-ups
    drop_store: Callable[[str], None]
    cases: CaseRegistry
    briefings: BriefingBuilder
    thesaurus: Thesaurus
    indexer: PipelineIndexer
    database: Database
    chat: Assistant
    feedback: FeedbackStore
    keys: KeyStore
    jobs: JobStore  # admin uploads being ingested, readable from every API process
    limits: HitCounter  # rate limits and failed-auth throttling shared by every API process


def build_core(settings: Settings, *, embedder: Embedder | None = None, models: Models | None = None) -> Core:
    """Build every part from settings. Pass ``embedder`` to share one loaded model (tests), ``models``
    to use models trained in this process (cross-validation) instead of the shipped ones."""
    embedder = embedder or build_embedder(settings)
    repository, holder, thesaurus, featurizer = build_search_parts(settings, embedder)
    models = models or load_models(settings.models_dir)
    retriever = LearnedRetriever(holder, featurizer, models.passages)
    statements = UnitStatementScorer(holder, featurizer, models.units)
    cases = CaseRegistry(holder, chooser=CellChooser(statements, load_cell_model(settings.models_dir)))
    comparer = CaseComparer(cases)
    context = IndexContext(cases)
    extractive = LearnedAnswerer(holder, featurizer, units=models.units, answerable=models.answerable)
    search = retriever
    drop_store = make_drop_store(settings)
    database = build_database(settings)
    jobs = JobStore(database)
    return Core(
        settings=settings,
        embedder=embedder,
        repository=repository,
        holder=holder,
        retriever=retriever,
        search=search,
        extractive=extractive,
        statements=statements,
        comparer=comparer,
        context=context,
        drop_store=drop_store,
        cases=cases,
        briefings=BriefingBuilder(
            retriever,
            cases,
            # The same unit model as chat, reading every retrieved passage of a theme.
            reader=LearnedAnswerer(
                holder, featurizer, units=models.units, answerable=models.answerable,
                tuning=AnswerTuning(passages=CANDIDATES),
            ),
            threshold=on_theme_threshold(models.units),
            refiner=build_refiner(settings),
        ),
        thesaurus=thesaurus,
        indexer=PipelineIndexer(settings, embedder=embedder, holder=holder, drop_store=drop_store, jobs=jobs),
        database=database,
        chat=build_chat(
            settings,
            database,
            retriever=retriever,
            extractive=extractive,
            context=context,
            comparer=comparer,
            vocabulary=featurizer.vocabulary,
        ),
        feedback=build_feedback_store(settings, database=database),
        keys=KeyStore(database),
        jobs=jobs,
        limits=HitCounter(database),
    )


def warm(core: Core) -> None:
    """Load what the first question would otherwise wait for: answer caches, the model, the vectors."""
    core.chat.warm(core.holder.current().passages)
    core.retriever.warm()


def index_spec(settings: Settings, embedder: Embedder, *, chunker_version: str) -> IndexSpec:
    """What the index must have been built with for these settings."""
    return IndexSpec(
        embedding_model=embedder.model_id,
        dimension=embedder.dimension,
        chunk_max_tokens=settings.chunk_max_tokens,
        chunk_min_tokens=settings.chunk_min_tokens,
        chunker_version=chunker_version,
    )


def collection_name(settings: Settings, version: str) -> str:
    """Chroma collection name of one index version."""
    return f"{settings.collection_prefix}-{version}"


def make_store_factory(settings: Settings, spec_metadata: dict[str, Any]) -> StoreFactory:
    """Stores for index versions: a collection on the Chroma server, or Chroma files in the version folder."""
    shared: dict[str, Any] = {}

    def factory(version: str, folder: Path) -> VectorStore:
        if settings.chroma_url:
            if "client" not in shared:
                shared["client"] = chroma_client(url=settings.chroma_url, path=folder)
            client = shared["client"]
        else:
            client = chroma_client(url=None, path=folder / "chroma")
        return ChromaVectorStore(client, collection_name(settings, version), metadata=spec_metadata)

    return factory


def make_drop_store(settings: Settings) -> Callable[[str], None]:
    """How to delete a version's vectors: drop its server collection (files go with the folder)."""

    def drop(version: str) -> None:
        if not settings.chroma_url:
            return  # on disk the Chroma files live inside the version folder, removed with it
        client = chroma_client(url=settings.chroma_url, path=settings.index_dir)
        try:
            client.delete_collection(collection_name(settings, version))
        except Exception:  # noqa: BLE001 - a collection that is already gone is fine
            return

    return drop


def build_embedder(settings: Settings) -> Embedder:
    """The configured sentence-transformers model (bundled all-MiniLM-L6-v2 by default)."""
    return SentenceTransformerEmbedder(
        settings.embedding_model,
        device=settings.embedding_device,
        batch_size=settings.embedding_batch_size,
        query_prefix=settings.embedding_query_prefix,
        passage_prefix=settings.embedding_passage_prefix,
        threads=embedding_threads(settings),
        query_cache_size=settings.query_cache_size,
        backend=settings.embedding_backend,
        export_dir=settings.data_dir / "onnx",
    )


def embedding_threads(settings: Settings) -> int:
    """Torch threads for this process: the setting, or the usable cores shared out over the workers."""
    if settings.embedding_threads:
        return settings.embedding_threads
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores // settings.workers)


def build_indexer(settings: Settings, *, embedder: Embedder | None = None) -> PipelineIndexer:
    """Ingestion alone (the CLI's `ingest`): the embedding model and the index, no trained models."""
    embedder = embedder or build_embedder(settings)
    _, holder, _, _ = build_search_parts(settings, embedder)
    return PipelineIndexer(settings, embedder=embedder, holder=holder, drop_store=make_drop_store(settings))


def load_cell_model(folder: Path | None = None) -> CellModel:
    """The comparison-cell model (bench/cells.py --out): from ``folder`` when it has one, else the shipped one."""
    own = folder is not None and (folder / f"{CELLS}.json").is_file()
    return CellModel.from_linear(load_model(CELLS, folder=folder if own else None, expected=CELL_FEATURES))


def load_models(folder: Path | None = None) -> Models:
    """The models from ``folder`` (WERKWIJZER_MODELS_DIR), else those shipped with the package."""
    return Models(
        passages=load_model(PASSAGES, folder=folder, expected=PASSAGE_FEATURES),
        units=load_model(UNITS, folder=folder, expected=UNIT_FEATURES),
        answerable=load_model(ANSWERABLE, folder=folder, expected=ANSWERABLE_FEATURES),
    )


def build_search_parts(
    settings: Settings, embedder: Embedder
) -> tuple[IndexRepository, IndexHolder, Thesaurus, PassageFeaturizer]:
    """The index (repository and holder), the thesaurus and the ranker's feature maker: what search
    needs before any model (`werkwijzer train` starts from these)."""
    spec = index_spec(settings, embedder, chunker_version=CHUNKER_VERSION)
    metadata = {
        "embedding_model": spec.embedding_model,
        "dimension": spec.dimension,
        "chunk_max_tokens": spec.chunk_max_tokens,
        "chunk_min_tokens": spec.chunk_min_tokens,
        "chunker_version": spec.chunker_version,
    }
    repository = IndexRepository(settings.index_dir, make_store_factory(settings, metadata))
    holder = IndexHolder(repository, spec)
    thesaurus = build_thesaurus(settings)
    return repository, holder, thesaurus, build_featurizer(settings, embedder, thesaurus)


def build_featurizer(settings: Settings, embedder: Embedder, thesaurus: Thesaurus) -> PassageFeaturizer:
    """The ranker's feature maker, with the reviewed thesaurus and the corpus lexicon."""
    return PassageFeaturizer(embedder, thesaurus=thesaurus, lexicon=build_lexicon(settings))


def build_lexicon(settings: Settings) -> Thesaurus | None:
    """The corpus lexicon (synonyms and English of every corpus word), as thesaurus groups."""
    return Lexicon.from_file(settings.lexicon_file) if settings.lexicon_file else Lexicon.bundled()


def build_refiner(settings: Settings) -> Refiner | None:
    """The configured LLM as the refiner of packs, or None (no LLM: packs stay extractive)."""
    if not settings.use_llm:
        return None
    from assistant.answer.llm import chat_model
    from assistant.briefing.refine import LLMRefiner

    prompts = PromptLibrary.load(settings.prompts_dir or DEFAULT_PROMPTS_DIR)
    return LLMRefiner(chat_model(settings), prompts)


def build_thesaurus(settings: Settings) -> Thesaurus:
    """The configured thesaurus file, else the bundled one."""
    return Thesaurus.from_file(settings.thesaurus_file) if settings.thesaurus_file else Thesaurus.bundled()


def build_database(settings: Settings) -> Database:
    """The app's database (SQLite under data_dir unless WERKWIJZER_DATABASE_URL names another)."""
    return Database(settings.resolved_database_url)


def build_chat(
    settings: Settings,
    database: Database,
    *,
    retriever: LearnedRetriever,
    extractive: LearnedAnswerer,
    context: IndexContext,
    comparer: Comparer | None = None,
    vocabulary: Sequence[Thesaurus] = (),
) -> Assistant:
    """The chat Assistant over the core's retriever: extractive, or the configured LLM with fall-back."""
    # Checked at start-up in every mode, so a broken prompt file shows before anyone asks the LLM.
    PromptLibrary.load(settings.prompts_dir or DEFAULT_PROMPTS_DIR)
    conversations = ConversationStore(database)
    database.create_all()
    answerer: Answerer = extractive
    rules = RuleCondenser(case_of=context.case_of)
    condenser: Condenser = rules
    if settings.use_llm:
        from assistant.answer.llm import build_llm_answerer  # langchain: only when an LLM is configured

        answerer, condenser = build_llm_answerer(
            settings, fallback=extractive, condenser=condenser, vocabulary=vocabulary
        )
    return Assistant(
        retriever,
        answerer,
        conversations=conversations,
        condenser=condenser,
        retrieve_k=settings.chat_k,
        history_turns=settings.history_turns,
        max_message_chars=settings.max_message_chars,
        replay_condenser=rules,
        comparer=comparer,
    )


def build_feedback_store(settings: Settings, *, database: Database | None = None) -> FeedbackStore:
    """The feedback store on the app's database (its tables created when missing)."""
    database = database or build_database(settings)
    store = FeedbackStore(database)
    database.create_all()
    return store
