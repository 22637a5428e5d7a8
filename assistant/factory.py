"""Builds the assistant's components from one Settings object (the core half of the composition root)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.adapters.chroma import ChromaVectorStore, chroma_client
from assistant.adapters.sentence_transformers import SentenceTransformerEmbedder
from assistant.answer.context import IndexContext
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.ranking import AnswerReranker
from assistant.answer.relevance import IndexTermWeights
from assistant.briefing.builder import BriefingBuilder
from assistant.cases.catalogue import CaseRegistry
from assistant.chat.assistant import Assistant
from assistant.config import Settings
from assistant.language.thesaurus import Thesaurus
from assistant.ports import Answerer, Condenser, Embedder, Indexer, Refiner, Reranker, VectorStore
from assistant.records.db import Database
from assistant.records.feedback import FeedbackStore
from assistant.records.keys import KeyStore
from assistant.search.index import IndexHolder, IndexRepository, IndexSpec, StoreFactory
from assistant.search.retriever import FusionWeights, HybridRetriever


@dataclass
class Werkwijzer:
    """The built core: everything the API and the CLI use, made from one Settings."""

    settings: Settings
    embedder: Embedder
    repository: IndexRepository
    holder: IndexHolder
    retriever: HybridRetriever  # candidates for chat and packs (their answerers rank them)
    search: HybridRetriever  # what search serves: the same candidates, reranked for reading
    extractive: ExtractiveAnswerer
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


def build_reranker(settings: Settings) -> Reranker | None:
    """The configured cross-encoder, or None (the default: no model can be downloaded here)."""
    if not settings.reranker_model:
        return None
    from assistant.adapters.cross_encoder import CrossEncoderReranker

    return CrossEncoderReranker(settings.reranker_model, device=settings.embedding_device)


def build_refiner(settings: Settings) -> Refiner | None:
    """The configured LLM as the refiner of packs, or None (no LLM: packs stay extractive)."""
    if not settings.use_llm:
        return None
    from assistant.answer.llm import chat_model
    from assistant.briefing.refine import LLMRefiner
    from assistant.prompts import DEFAULT_PROMPTS_DIR, PromptLibrary

    prompts = PromptLibrary.load(settings.prompts_dir or DEFAULT_PROMPTS_DIR)
    return LLMRefiner(chat_model(settings), prompts)


def build(settings: Settings, *, chunker_version: str, embedder: Embedder | None = None) -> Werkwijzer:
    """Build the core from settings; ``chunker_version`` names how ingest cuts passages.

    Pass ``embedder`` to share one loaded model (tests).
    """
    embedder = embedder or build_embedder(settings)
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
    weights = FusionWeights(
        dense=settings.dense_weight,
        lexical=settings.lexical_weight,
        candidates=settings.fusion_candidates,
        rrf_k=settings.fusion_rrf_k,
        dense_mode=settings.dense_mode,
    )
    cross_encoder = build_reranker(settings)
    retriever = HybridRetriever(embedder, holder, weights=weights, thesaurus=thesaurus, reranker=cross_encoder)
    cases = CaseRegistry(holder)
    context = IndexContext(cases)
    extractive = ExtractiveAnswerer(IndexTermWeights(holder), thesaurus=thesaurus, context=context)
    search = retriever
    if cross_encoder is None and settings.search_rerank == "answer":
        # Search shows first what chat would quote: the same chat_k candidates, read the same way.
        search = HybridRetriever(
            embedder,
            holder,
            weights=weights.with_(rerank_candidates=settings.chat_k),
            thesaurus=thesaurus,
            reranker=AnswerReranker(extractive),
        )
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


def build_thesaurus(settings: Settings) -> Thesaurus:
    """The configured thesaurus file, else the bundled one."""
    return Thesaurus.from_file(settings.thesaurus_file) if settings.thesaurus_file else Thesaurus.bundled()


def build_database(settings: Settings) -> Database:
    """The app's database (SQLite under data_dir unless WERKWIJZER_DATABASE_URL names another)."""
    return Database(settings.resolved_database_url)


def build_chat(core: Werkwijzer, database: Database) -> Assistant:
    """The chat Assistant over the core's retriever: extractive, or the configured LLM with fall-back."""
    from assistant.chat.followup import RuleCondenser
    from assistant.prompts import DEFAULT_PROMPTS_DIR, PromptLibrary
    from assistant.records.conversations import ConversationStore

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
