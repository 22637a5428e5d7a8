"""Chroma adapters for the VectorStore port: on disk (PersistentClient) or a `chroma run` server."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.errors import ConfigurationError, StoreUnavailableError
from assistant.types import Passage

_ADD_BATCH = 2000  # Chroma limits how many records one call may carry
#: HNSW candidate list size at query time, fixed when a collection is made. With Chroma's default
#: (10) a reloaded corpus index put only 11 of the exact top 40 in place, differently in each
#: process; 200 is exact here.
SEARCH_EF = 200


def chroma_client(*, url: str | None, path: Path) -> Any:
    """A Chroma client: HTTP when ``url`` is given, else persistent on disk at ``path``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigurationError(
                f"WERKWIJZER_CHROMA_URL must look like http://host:port, got {url!r}"
            )
        try:
            return chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as e:  # connection errors come in many types
            raise StoreUnavailableError(f"Cannot reach the Chroma server at {url}: {e}") from e
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class ChromaVectorStore:
    """One Chroma collection holding the vectors of one index version (cosine space)."""

    def __init__(self, client: Any, name: str, *, metadata: dict[str, Any] | None = None) -> None:
        self._client = client
        self._name = name
        try:
            self._collection = client.get_or_create_collection(
                name=name,
                metadata={"hnsw:space": "cosine", "hnsw:search_ef": SEARCH_EF, **(metadata or {})},
                embedding_function=None,
            )
        except Exception as e:
            raise StoreUnavailableError(f"Chroma is unavailable: {e}") from e

    @property
    def outdated(self) -> bool:
        """Made before search_ef was set (HNSW settings are fixed at creation): ingest makes it anew."""
        return int(self.metadata.get("hnsw:search_ef") or 0) < SEARCH_EF

    @property
    def name(self) -> str:
        """The collection name."""
        return self._name

    @property
    def metadata(self) -> dict[str, Any]:
        """What was recorded with the collection (model, dimension, chunking)."""
        return dict(self._collection.metadata or {})

    def add(self, passages: Sequence[Passage], vectors: np.ndarray) -> None:
        """Upsert passages with their vectors, in batches Chroma accepts."""
        for start in range(0, len(passages), _ADD_BATCH):
            batch = passages[start : start + _ADD_BATCH]
            try:
                self._collection.upsert(
                    ids=[p.id for p in batch],
                    embeddings=vectors[start : start + len(batch)].tolist(),
                    documents=[p.text for p in batch],
                    metadatas=[
                        {
                            "document_id": p.document_id,
                            "section": p.section or "",
                            "page": p.page if p.page is not None else -1,
                            "ordinal": p.ordinal,
                        }
                        for p in batch
                    ],
                )
            except Exception as e:
                raise StoreUnavailableError(f"Chroma refused the write: {e}") from e

    def query(
        self, vector: np.ndarray, *, k: int, document_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest passages as (id, cosine similarity), best first."""
        where: dict[str, Any] | None = None
        if document_ids:
            where = {"document_id": {"$in": list(document_ids)}}
        try:
            result = self._collection.query(
                query_embeddings=[np.asarray(vector).tolist()],
                n_results=k,
                where=where,
                include=["distances"],
            )
        except Exception as e:
            raise StoreUnavailableError(f"Chroma is unavailable: {e}") from e
        ids = result["ids"][0]
        distances = result["distances"][0] if result.get("distances") else [1.0] * len(ids)
        return [(pid, 1.0 - float(d)) for pid, d in zip(ids, distances, strict=True)]

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors for the given ids that exist."""
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), _ADD_BATCH):
            try:
                got = self._collection.get(
                    ids=list(ids[start : start + _ADD_BATCH]), include=["embeddings"]
                )
            except Exception as e:
                raise StoreUnavailableError(f"Chroma is unavailable: {e}") from e
            for pid, emb in zip(got["ids"], got["embeddings"], strict=True):
                found[pid] = np.asarray(emb, dtype=np.float32)
        return found

    def count(self) -> int:
        """Number of stored vectors."""
        try:
            return int(self._collection.count())
        except Exception as e:
            raise StoreUnavailableError(f"Chroma is unavailable: {e}") from e

    def ping(self) -> None:
        """Raise StoreUnavailableError unless Chroma answers."""
        try:
            self._client.heartbeat()
        except Exception as e:
            raise StoreUnavailableError(f"Chroma is unavailable: {e}") from e

    def drop(self) -> None:
        """Delete the whole collection."""
        try:
            self._client.delete_collection(self._name)
        except Exception as e:
            raise StoreUnavailableError(f"Chroma could not drop {self._name}: {e}") from e
