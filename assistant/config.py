"""Settings: declared once, read from WERKWIJZER_* environment variables and an optional .env."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

AnswerMode = Literal["auto", "extractive", "llm"]

#: Bind addresses that only this machine can reach; anything else needs API keys.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: Host names a browser uses for this machine; the default allow-list of the open localhost mode.
LOCAL_HOST_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class Settings(BaseSettings):
    """Every setting of Werkwijzer; the README's settings table is checked against this class."""

    model_config = SettingsConfigDict(
        env_prefix="WERKWIJZER_", env_file=".env", extra="ignore", frozen=True
    )

    # Where things live
    data_dir: Path = Field(Path("data"), description="Holds the index and the app's database.")
    corpus_dir: Path = Field(Path("corpus"), description="Publications that `werkwijzer ingest` reads by default.")

    # Embedding
    embedding_model: str | None = Field(
        None,
        description="sentence-transformers model name or path; empty means the bundled all-MiniLM-L6-v2.",
    )
    embedding_query_prefix: str | None = Field(
        None, description='Prefix for queries (e.g. "query: " for e5); empty means chosen by model name.'
    )
    embedding_passage_prefix: str | None = Field(
        None, description='Prefix for passages (e.g. "passage: " for e5); empty means chosen by model name.'
    )
    embedding_batch_size: int = Field(32, ge=1, le=1024, description="Passages embedded per batch at ingest.")
    embedding_device: str = Field("cpu", description="Torch device for the embedding model.")
    embedding_threads: int = Field(
        0,
        ge=0,
        le=256,
        description="Torch threads per process for the embedding model; 0 means the cores divided by "
        "WERKWIJZER_WORKERS (at least 1), so worker processes do not oversubscribe the cores.",
    )
    embedding_backend: Literal["torch", "onnx"] = Field(
        "torch",
        description="What embeds queries: torch, or onnx (ONNX Runtime on the same model, exported once to "
        "data_dir/onnx; the same vectors in about half the CPU time; needs `pip install 'werkwijzer[onnx]'`).",
    )
    query_cache_size: int = Field(
        1024,
        ge=0,
        le=100_000,
        description="Query embeddings each process keeps (about 1.5 kB each), keyed by the query with its "
        "spacing (and, for an uncased model, its case) normalised; 0 turns the cache off.",
    )

    # Vector store
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (client/server mode); empty means on disk under data_dir."
    )
    collection_prefix: str = Field("werkwijzer", description="Prefix of the Chroma collection names.")

    # Chunking
    chunk_max_tokens: int = Field(
        200, ge=32, le=512, description="Largest passage, in word pieces of the embedding model's tokenizer."
    )
    chunk_min_tokens: int = Field(40, ge=0, le=256, description="Smaller passages are merged with a neighbour.")

    # Retrieval
    thesaurus_file: Path | None = Field(
        None,
        description=(
            "TSV thesaurus for query expansion (format of assistant/data/thesaurus.tsv); empty means the bundled one."
        ),
    )
    lexicon_file: Path | None = Field(
        None,
        description=(
            "TSV corpus lexicon (word, Dutch synonyms, English; format of assistant/data/lexicon.tsv); "
            "empty means the bundled one."
        ),
    )
    models_dir: Path | None = Field(
        None,
        description="Folder with the trained models (passages.json, units.json, answerable.json) from "
        "`werkwijzer train --out DIR`; empty means the models shipped with the package.",
    )

    # Answering
    answer_mode: AnswerMode = Field(
        "auto", description="auto: LLM when llm_base_url is set, else extractive; or force extractive / llm."
    )
    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint (Ollama, vLLM, Azure OpenAI, ...), e.g. http://localhost:11434/v1."
    )
    llm_model: str = Field("llama3.1", description="Model name sent to the LLM endpoint.")
    llm_api_key: SecretStr = Field(SecretStr(""), description="API key for the LLM endpoint.")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds before an LLM call is abandoned (then extractive).")
    llm_temperature: float = Field(0.1, ge=0, le=2, description="Sampling temperature for the LLM.")
    llm_max_tokens: int | None = Field(
        None, gt=0, description="Most tokens the LLM may write per reply; empty means the endpoint's own limit "
        "(a small local model may otherwise write until its context is full).",
    )
    llm_sources: int = Field(
        10, ge=1, le=40, description="Numbered sources the LLM gets per question (10: the best coverage an "
        "earlier replay measured; the recordings in bench/data/llm use 10).",
    )
    max_message_chars: int = Field(2000, ge=10, le=100_000, description="Longest accepted question or message.")
    chat_k: int = Field(
        24, ge=1, le=100, description="Passages retrieved for each chat question (the answerer reranks them)."
    )
    history_turns: int = Field(6, ge=0, le=50, description="Earlier turns of a conversation used for a follow-up.")
    prompts_dir: Path | None = Field(
        None, description="Folder with the prompt files; empty means the prompts/ folder shipped with Werkwijzer."
    )

    # Storage of conversations, feedback and keys
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; empty means SQLite at data_dir/werkwijzer.db."
    )

    # Serving
    host: str = Field("127.0.0.1", description="Bind address of `werkwijzer serve`.")
    port: int = Field(8000, ge=1, le=65535, description="Port of `werkwijzer serve`.")
    require_api_keys: bool | None = Field(
        None,
        description="Require API keys; empty means: only when bound to a non-local address.",
    )
    rate_limit_per_minute: int = Field(600, ge=0, description="Requests per minute per API key (0: no limit).")
    max_upload_mb: int = Field(50, ge=1, le=1024, description="Largest file accepted by the upload endpoint.")
    max_request_kb: int = Field(
        256, ge=1, le=100_000, description="Largest request body (JSON) accepted by any endpoint but uploads, in KiB."
    )
    max_document_chars: int = Field(
        2_000_000,
        ge=1000,
        description="Most characters of text one document may yield at ingest (more: the file is skipped).",
    )
    max_document_passages: int = Field(
        5000, ge=1, description="Most passages one document may yield at ingest (more: the file is skipped)."
    )
    max_docx_uncompressed_mb: int = Field(
        50, ge=1, le=4096, description="Largest total unpacked size of a .docx (a zip), checked before it is read."
    )
    auth_failures_per_minute: int = Field(
        20, ge=0, description="Failed API-key attempts per client address per minute before 429 (0: no limit)."
    )
    workers: int = Field(
        1,
        ge=1,
        le=64,
        description=(
            "Worker processes of `werkwijzer serve` (several need no shared memory: limits live in the database)."
        ),
    )
    cors_origins: list[str] = Field(
        default_factory=list, description='Origins allowed to call the API from a browser, JSON list, e.g. ["https://intranet.example"].'
    )
    allowed_hosts: list[str] | None = Field(
        None,
        description='Host names the server answers to, JSON list, e.g. ["intranet.example"] ("*": any); '
        "empty means the localhost names while API keys are not required (against DNS rebinding), "
        "any host when they are.",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses or networks of reverse proxies whose user header is believed, JSON list, "
        'e.g. ["10.0.0.5"].',
    )
    proxy_user_header: str | None = Field(
        None,
        description="Header in which a trusted reverse proxy names the signed-in user (e.g. X-Forwarded-User); "
        "that user then owns their conversations.",
    )
    log_level: str = Field("INFO", description="Log level: DEBUG logs (redacted) question texts, INFO does not.")

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.answer_mode == "llm" and not self.llm_base_url:
            raise ValueError("answer_mode 'llm' needs WERKWIJZER_LLM_BASE_URL")
        if self.chunk_min_tokens >= self.chunk_max_tokens:
            raise ValueError("chunk_min_tokens must be smaller than chunk_max_tokens")
        return self

    @property
    def keys_required(self) -> bool:
        """Whether requests must carry an API key: explicit setting, else any non-local bind."""
        if self.require_api_keys is not None:
            return self.require_api_keys
        return self.host not in LOCAL_HOSTS

    @property
    def served_hosts(self) -> frozenset[str] | None:
        """Host names requests may name (lower case, no port), or None for any."""
        if self.allowed_hosts is None:
            return None if self.keys_required else LOCAL_HOST_NAMES
        if "*" in self.allowed_hosts:
            return None
        return frozenset(h.strip().lower().strip("[]") for h in self.allowed_hosts)

    @property
    def index_dir(self) -> Path:
        """Folder that holds the index versions and the pointer to the active one."""
        return self.data_dir / "index"

    @property
    def uploads_dir(self) -> Path:
        """Where files uploaded through the API are kept (ingested with the corpus)."""
        return self.data_dir / "uploads"

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite inside data_dir."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'werkwijzer.db').resolve()}"

    @property
    def use_llm(self) -> bool:
        """Whether answers come from the configured LLM."""
        return self.answer_mode == "llm" or (self.answer_mode == "auto" and bool(self.llm_base_url))
