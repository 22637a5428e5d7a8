"""Index versions on disk: manifest, passages, lexical index and vector collection, swapped atomically."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np

from assistant.errors import IndexMismatchError, IndexMissingError, NotFoundError
from assistant.ports import VectorStore
from assistant.search.lexical import LexicalIndex
from assistant.types import DocumentInfo, Passage

T = TypeVar("T")

ACTIVE_POINTER = "ACTIVE"
MANIFEST = "manifest.json"
PASSAGES = "passages.jsonl"
LEXICAL_DIR = "lexical"
_RELOAD_CHECK_SECONDS = 1.0
_DIGIT = re.compile(r"\d")

StoreFactory = Callable[[str, Path], VectorStore]
"""Builds the vector store of one index version from (version name, version folder)."""


@dataclass(frozen=True)
class IndexSpec:
    """What an index must have been built with to serve the current settings."""

    embedding_model: str
    dimension: int
    chunk_max_tokens: int
    chunk_min_tokens: int
    chunker_version: str

    def describe(self) -> str:
        """One human line naming the model and chunking."""
        return (
            f"embedding model {self.embedding_model} ({self.dimension} dimensions), "
            f"chunks of {self.chunk_min_tokens}-{self.chunk_max_tokens} word pieces, "
            f"chunker {self.chunker_version}"
        )


@dataclass(frozen=True)
class DocumentRecord:
    """A document as stored in an index version, with what identifies its source content."""

    info: DocumentInfo
    fingerprint: str  # hash of the file's bytes and its manifest entry
    passages: int
    pages: int | None = None


@dataclass(frozen=True)
class IndexManifest:
    """Everything recorded about one index version."""

    version: str
    created: str
    spec: IndexSpec
    documents: tuple[DocumentRecord, ...]
    passages: int
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON form."""
        return {
            "version": self.version,
            "created": self.created,
            "spec": asdict(self.spec),
            "documents": [
                {
                    **asdict(d.info),
                    "fingerprint": d.fingerprint,
                    "passages": d.passages,
                    "pages": d.pages,
                }
                for d in self.documents
            ],
            "passages": self.passages,
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IndexManifest:
        """Read the JSON form written by ``to_json``."""
        docs = []
        for d in data["documents"]:
            info = DocumentInfo(
                **{k: d.get(k) for k in ("id", "title", "publisher", "year", "kind", "source")}
            )
            docs.append(
                DocumentRecord(
                    info=info,
                    fingerprint=d["fingerprint"],
                    passages=d["passages"],
                    pages=d.get("pages"),
                )
            )
        return cls(
            version=data["version"],
            created=data["created"],
            spec=IndexSpec(**data["spec"]),
            documents=tuple(docs),
            passages=data["passages"],
            extra=data.get("extra", {}),
        )


def passage_to_json(p: Passage) -> dict[str, Any]:
    """Serialise a passage for passages.jsonl."""
    return asdict(p)


def passage_from_json(d: dict[str, Any]) -> Passage:
    """Read a passage written by ``passage_to_json``."""
    return Passage(**d)


class LoadedIndex:
    """One index version in memory: passages by id and order, the lexical index and the vector store."""

    def __init__(
        self,
        manifest: IndexManifest,
        passages: Sequence[Passage],
        lexical: LexicalIndex,
        store: VectorStore,
    ) -> None:
        self.manifest = manifest
        self.passages: tuple[Passage, ...] = tuple(passages)
        self.lexical = lexical
        self.store = store
        self._by_id = {p.id: p for p in self.passages}
        self._position = {p.id: i for i, p in enumerate(self.passages)}
        self._documents = {d.info.id: d for d in manifest.documents}
        self._derived: dict[Callable[[LoadedIndex], Any], Any] = {}
        self._derived_lock = threading.RLock()  # re-entrant: one derived value may build on another
        self._matrix: np.ndarray | None = None
        self._matrix_lock = threading.Lock()

    def derived(self, build: Callable[[LoadedIndex], T]) -> T:
        """What ``build`` computes from this index version, computed once (``build`` is the cache key).

        The per-version cache of everything derived from the passages (the case catalogue, term
        weights, case names): a new version is a new LoadedIndex, so no version check is needed.
        """
        try:
            return cast(T, self._derived[build])
        except KeyError:
            pass
        with self._derived_lock:
            if build not in self._derived:
                self._derived[build] = build(self)
            return cast(T, self._derived[build])

    @cached_property
    def lengths(self) -> np.ndarray:
        """Each passage's length in words, in passage order."""
        return np.array([len(p.text.split()) for p in self.passages], dtype=np.float32)

    @cached_property
    def numbered(self) -> np.ndarray:
        """Whether each passage holds a figure (a digit), in passage order."""
        return np.array([bool(_DIGIT.search(p.text)) for p in self.passages], dtype=np.float32)

    def dense_similarities(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of ``vector`` (normalised) with every passage, in passage order.

        The vectors are read from the store once per loaded version: one matrix product then scores
        every passage exactly, so the ranker sees the similarity of any lexical candidate too.
        """
        with self._matrix_lock:
            if self._matrix is None:
                found = self.store.vectors([p.id for p in self.passages])
                dim = len(vector)
                rows = [found.get(p.id, np.zeros(dim, dtype=np.float32)) for p in self.passages]
                matrix = np.stack(rows).astype(np.float32) if rows else np.zeros((0, dim), np.float32)
                norms = np.linalg.norm(matrix, axis=1, keepdims=True)
                self._matrix = matrix / np.where(norms > 0, norms, 1.0)
        v = np.asarray(vector, dtype=np.float32)
        v = v / (float(np.linalg.norm(v)) or 1.0)
        return self._matrix @ v

    @property
    def outdated(self) -> bool:
        """Built by an older analyser or store setting: the next ingest writes it anew."""
        return self.lexical.stale or self.store.outdated

    def get(self, passage_id: str) -> Passage:
        """The passage with this id, or NotFoundError."""
        try:
            return self._by_id[passage_id]
        except KeyError:
            raise NotFoundError(f"Passage {passage_id!r} does not exist in the index") from None

    def has(self, passage_id: str) -> bool:
        """Whether the passage exists."""
        return passage_id in self._by_id

    def neighbours(self, passage_id: str) -> tuple[Passage | None, Passage | None]:
        """The previous and next passage in the same document (None at the ends)."""
        i = self._position[self.get(passage_id).id]
        doc = self.passages[i].document_id
        prev = self.passages[i - 1] if i > 0 and self.passages[i - 1].document_id == doc else None
        nxt = (
            self.passages[i + 1]
            if i + 1 < len(self.passages) and self.passages[i + 1].document_id == doc
            else None
        )
        return prev, nxt

    def documents(self) -> tuple[DocumentRecord, ...]:
        """Documents in the index, in manifest order."""
        return self.manifest.documents

    def document(self, document_id: str) -> DocumentRecord:
        """One document, or NotFoundError."""
        try:
            return self._documents[document_id]
        except KeyError:
            raise NotFoundError(f"Document {document_id!r} is not in the index") from None

    def document_passages(self, document_id: str) -> list[Passage]:
        """All passages of one document in reading order."""
        return [p for p in self.passages if p.document_id == document_id]


class IndexRepository:
    """The folder of index versions: builds go beside the active one and are swapped in whole."""

    def __init__(self, root: Path, store_factory: StoreFactory) -> None:
        self.root = root
        self._store_factory = store_factory

    def active_version(self) -> str | None:
        """Name of the version being served, if any."""
        pointer = self.root / ACTIVE_POINTER
        if not pointer.exists():
            return None
        version = pointer.read_text(encoding="utf-8").strip()
        return version if (self.root / version / MANIFEST).exists() else None

    def manifest(self, version: str | None = None) -> IndexManifest | None:
        """Manifest of ``version`` (default: the active one), or None."""
        version = version or self.active_version()
        if version is None:
            return None
        path = self.root / version / MANIFEST
        return IndexManifest.from_json(json.loads(path.read_text(encoding="utf-8")))

    def load(self, spec: IndexSpec | None = None) -> LoadedIndex:
        """Load the active version; refuse one built with another model or chunking than ``spec``."""
        version = self.active_version()
        if version is None:
            raise IndexMissingError(
                "No index has been built yet. Run `werkwijzer ingest` (or `make run`)."
            )
        manifest = self.manifest(version)
        assert manifest is not None
        if spec is not None and manifest.spec != spec:
            raise IndexMismatchError(
                f"The index was built with {manifest.spec.describe()}, but the settings ask for "
                f"{spec.describe()}. Rebuild it with `werkwijzer ingest --rebuild`."
            )
        folder = self.root / version
        passages = [
            passage_from_json(json.loads(line))
            for line in (folder / PASSAGES).read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        lexical = LexicalIndex.load(folder / LEXICAL_DIR, passages=passages)
        store = self._store_factory(version, folder)
        return LoadedIndex(manifest, passages, lexical, store)

    def store_for(self, version: str) -> VectorStore:
        """The vector store of a version (to reuse vectors on re-ingest)."""
        return self._store_factory(version, self.root / version)

    def begin(self) -> tuple[str, Path]:
        """Reserve a new version name and its folder; it is served only once activated."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        version = f"v{stamp}"
        folder = self.root / version
        folder.mkdir(parents=True)
        return version, folder

    def write(
        self,
        folder: Path,
        manifest: IndexManifest,
        passages: Iterable[Passage],
        lexical: LexicalIndex,
    ) -> None:
        """Write the manifest, passages and lexical index of a version being built."""
        with (folder / PASSAGES).open("w", encoding="utf-8") as f:
            for p in passages:
                f.write(json.dumps(passage_to_json(p), ensure_ascii=False) + "\n")
        lexical.save(folder / LEXICAL_DIR)
        # The manifest goes last: a folder without one is never served.
        (folder / MANIFEST).write_text(
            json.dumps(manifest.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
        )

    def activate(self, version: str, *, drop_store: Callable[[str], None]) -> None:
        """Swap ``version`` in atomically, then remove all but it and the one it replaces."""
        previous = self.active_version()
        tmp = self.root / (ACTIVE_POINTER + ".tmp")
        tmp.write_text(version, encoding="utf-8")
        os.replace(tmp, self.root / ACTIVE_POINTER)  # the swap: atomic on POSIX
        # The previous version stays one generation: a server may still be reading it.
        self.prune(keep={version, previous} - {None}, drop_store=drop_store)

    def prune_incomplete(self, *, drop_store: Callable[[str], None]) -> list[str]:
        """Remove version folders without a manifest (builds interrupted before they finished).

        Only call this while holding the ingest lock: a build in progress also lacks a manifest.
        """
        if not self.root.exists():
            return []
        active = self.active_version()
        stale = [
            child.name
            for child in self.root.iterdir()
            if child.is_dir()
            and child.name.startswith("v")
            and child.name != active
            and not (child / MANIFEST).exists()
        ]
        self.prune(keep=set(self._versions()) - set(stale), drop_store=drop_store)
        return stale

    def _versions(self) -> list[str]:
        return [c.name for c in self.root.iterdir() if c.is_dir() and c.name.startswith("v")]

    def prune(self, *, keep: Collection[str | None], drop_store: Callable[[str], None]) -> None:
        """Remove versions not in ``keep``, including builds a crash or Ctrl-C left behind."""
        if not self.root.exists():
            return
        for child in self.root.iterdir():
            if not child.is_dir() or not child.name.startswith("v") or child.name in keep:
                continue
            try:
                drop_store(child.name)
            finally:
                shutil.rmtree(child, ignore_errors=True)


class IndexHolder:
    """Serves the active index and reloads it when another process swaps in a new version."""

    def __init__(self, repository: IndexRepository, spec: IndexSpec) -> None:
        self._repository = repository
        self._spec = spec
        self._lock = threading.Lock()
        self._loaded: LoadedIndex | None = None
        self._checked_at = 0.0

    @property
    def repository(self) -> IndexRepository:
        """The repository this holder reads."""
        return self._repository

    @property
    def spec(self) -> IndexSpec:
        """What the settings require of the index."""
        return self._spec

    def current(self) -> LoadedIndex:
        """The active index, reloaded when the active pointer changed (checked at most once a second)."""
        now = time.monotonic()
        loaded = self._loaded
        if loaded is not None and now - self._checked_at < _RELOAD_CHECK_SECONDS:
            return loaded
        with self._lock:
            self._checked_at = now
            version = self._repository.active_version()
            if self._loaded is None or version != self._loaded.manifest.version:
                self._loaded = self._repository.load(self._spec)
            return self._loaded

    def invalidate(self) -> None:
        """Force a reload on the next call (after an in-process ingest)."""
        with self._lock:
            self._loaded = None
