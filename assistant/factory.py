"""Builds the assistant's components from one Settings object (the core half of the composition root)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.answer.context import IndexContext
from assistant.answer.learned import LearnedAnswerer
from assistant.briefing import BriefingBuilder
from assistant.cases import CaseRegistry
from assistant.chat import Assistant
from assistant.config import Settings
from assistant.db import Database
from assistant.embeddings import SentenceTransformerEmbedder
from assistant.feedback import FeedbackStore
from assistant.followup import Condenser
from assistant.index import IndexHolder, IndexRepository, IndexSpec, StoreFactory
from assistant.keys import KeyStore
from assistant.lexicon import Lexicon
from assistant.models import Models, load_models
from assistant.ports import Answerer, Embedder, Refiner, VectorStore
from assistant.search.features import PassageFeaturizer
from assistant.search.ranker import LearnedRetriever
from assistant.store import ChromaVectorStore, chroma_client
from assistant.thesaurus import Thesaurus


class IngestOutcome(Protocol):
    """What an ingest reports back: documents ingested, files skipped, and its JSON form."""

    documents: dict[str, int]
    skipped: list[tuple[str, str]]

    def to_json(self) -> dict[str, Any]:
        """The JSON of `werkwijzer ingest --json`."""
        ...


class Indexer(Protocol):
    """What the API needs from ingestion (implemented in ingest/, wired by the composition root)."""

    def ingest(self, *, rebuild: bool = False) -> IngestOutcome:
        """(Re)build the index from the configured sources (ConflictError while another runs)."""
        ...


@dataclass
class Werkwijzer:
    """The built core: everything the API and the CLI use, made from one Settings."""

    settings: Settings
    embedder: Embedder
    repository: IndexRepository
    holder: IndexHolder
    retriever: LearnedRetriever  # passages ordered by the trained ranker: chat, packs and search
    search: LearnedRetriever  # what search serves (the same retriever)
    extractive: LearnedAnswerer
    context: IndexContext  # which case a passage belongs to, for answers and follow-ups
    drop_store: Callable[[str], None]
    cases: CaseRegistry
    briefings: BriefingBuilder
    thesaurus: Thesaurus
    indexer: Indexer | None = None
    database: Database | None = None
    chat: Assistant | None = None
    feedback: FeedbackStore | None = None
    keys: KeyStore | None = None
    extras: dict[str, Any] = field(default_factory=dict)


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
    )


def build_refiner(settings: Settings) -> Refiner | None:
    """The configured LLM as the refiner of packs, or None (no LLM: packs stay extractive)."""
    if not settings.use_llm:
        return None
    from assistant.answer.llm import chat_model
    from assistant.briefing_llm import LLMRefiner
    from assistant.prompts import DEFAULT_PROMPTS_DIR, PromptLibrary

    prompts = PromptLibrary.load(settings.prompts_dir or DEFAULT_PROMPTS_DIR)
    return LLMRefiner(chat_model(settings), prompts)


def build(
    settings: Settings, *, chunker_version: str, embedder: Embedder | None = None, models: Models | None = None
) -> Werkwijzer:
    """Build the core from settings; ``chunker_version`` names how ingest cuts passages.

    Pass ``embedder`` to share one loaded model (tests), ``models`` to use models trained in this
    process (cross-validation) instead of the shipped ones.
    """
    embedder = embedder or build_embedder(settings)
    repository, holder, thesaurus, featurizer = build_search_parts(settings, embedder, chunker_version=chunker_version)
    models = models or load_models(settings.models_dir)
    retriever = LearnedRetriever(holder, featurizer, models.passages)
    cases = CaseRegistry(holder)
    context = IndexContext(cases)
    extractive = LearnedAnswerer(holder, featurizer, units=models.units, answerable=models.answerable)
    search = retriever
    return Werkwijzer(
        settings=settings,
        embedder=embedder,
        repository=repository,
        holder=holder,
        retriever=retriever,
        search=search,
        extractive=extractive,
        context=context,
        drop_store=make_drop_store(settings),
        cases=cases,
        briefings=BriefingBuilder(retriever, cases, refiner=build_refiner(settings)),
        thesaurus=thesaurus,
    )


def build_search_parts(
    settings: Settings, embedder: Embedder, *, chunker_version: str
) -> tuple[IndexRepository, IndexHolder, Thesaurus, PassageFeaturizer]:
    """The index (repository and holder), the thesaurus and the ranker's feature maker: what search
    needs before any model (`werkwijzer train` starts from these)."""
    spec = index_spec(settings, embedder, chunker_version=chunker_version)
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


def build_thesaurus(settings: Settings) -> Thesaurus:
    """The configured thesaurus file, else the bundled one."""
    return Thesaurus.from_file(settings.thesaurus_file) if settings.thesaurus_file else Thesaurus.bundled()


def build_database(settings: Settings) -> Database:
    """The app's database (SQLite under data_dir unless WERKWIJZER_DATABASE_URL names another)."""
    return Database(settings.resolved_database_url)


def build_chat(core: Werkwijzer, database: Database) -> Assistant:
    """The chat Assistant over the core's retriever: extractive, or the configured LLM with fall-back."""
    from assistant.conversation import ConversationStore
    from assistant.followup import RuleCondenser
    from assistant.prompts import DEFAULT_PROMPTS_DIR, PromptLibrary

    settings = core.settings
    # Checked at start-up in every mode, so a broken prompt file shows before anyone asks the LLM.
    PromptLibrary.load(settings.prompts_dir or DEFAULT_PROMPTS_DIR)
    conversations = ConversationStore(database)
    database.create_all()
    extractive = core.extractive
    answerer: Answerer = extractive
    rules = RuleCondenser(case_of=core.context.case_of)
    condenser: Condenser = rules
    if settings.use_llm:
        from assistant.answer.llm import build_llm_answerer

        answerer, condenser = build_llm_answerer(settings, fallback=extractive, condenser=condenser)
    return Assistant(
        core.retriever,
        answerer,
        conversations=conversations,
        condenser=condenser,
        retrieve_k=settings.chat_k,
        history_turns=settings.history_turns,
        max_message_chars=settings.max_message_chars,
        replay_condenser=rules,
    )
