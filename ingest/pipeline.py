"""The ingest pipeline: load → structure → chunk → embed (reusing unchanged vectors) → swap in."""

from __future__ import annotations

import fcntl
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant.errors import ConflictError, WerkwijzerError
from assistant.ports import Embedder
from assistant.search.index import DocumentRecord, IndexManifest, IndexRepository, IndexSpec
from assistant.search.lexical import LexicalIndex
from assistant.types import SECTION_SEPARATOR, DocumentInfo, Passage
from ingest.chunking import chunk
from ingest.expansions import EXPANSIONS_DIR, fingerprint_part, load_expansions
from ingest.loaders import SUPPORTED_SUFFIXES, SkipFile, load
from ingest.manifest import NOT_PUBLICATIONS, document_info, read_manifest
from ingest.structure import parse

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total)."""

_LOCK_FILE = ".ingest.lock"


@dataclass(frozen=True)
class IngestLimits:
    """What one document may yield; a file over a limit is skipped with the reason (memory stays bounded)."""

    max_chars: int | None = None
    max_passages: int | None = None
    max_docx_bytes: int | None = None


@dataclass
class IngestReport:
    """What one ingest run did."""

    files: int = 0
    pages: int = 0
    added: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    documents: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    version: str | None = None
    rebuilt: bool = False

    @property
    def ok(self) -> bool:
        """False only when nothing could be ingested."""
        return bool(self.documents)

    def to_json(self) -> dict[str, object]:
        """Plain JSON form (for the CLI's --json and the admin API)."""
        return {
            "files": self.files,
            "pages": self.pages,
            "passages": {"added": self.added, "unchanged": self.unchanged, "removed": self.removed},
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "documents": self.documents,
            "seconds": round(self.seconds, 2),
            "version": self.version,
            "rebuilt": self.rebuilt,
        }


def passage_id(document_id: str, section: str | None, text: str, seen: dict[str, int]) -> str:
    """Deterministic id from content, so re-ingesting unchanged text keeps ids (and vectors)."""
    digest = hashlib.sha1(f"{section or ''}\n{text}".encode()).hexdigest()[:12]
    n = seen.get(digest, 0)
    seen[digest] = n + 1
    return f"{document_id}-{digest}" + (f"-{n}" if n else "")


def embedding_text(passage: Passage) -> str:
    """What the dense model reads: title and section path, then the passage."""
    head = passage.document_title + (SECTION_SEPARATOR + passage.section if passage.section else "")
    return f"{head}\n{passage.text}"


def collect_files(paths: Sequence[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand folders into supported files; report what was given but cannot be used."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    not child.is_file()
                    or child.name in NOT_PUBLICATIONS
                    or child.parent.name == EXPANSIONS_DIR
                    # dot files and folders: partial writes, locks, set-aside uploads (.rejected)
                    or any(part.startswith(".") for part in child.relative_to(path).parts)
                ):
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append(child)
                else:
                    skipped.append(
                        (str(child), f"unsupported file type {child.suffix or '(none)'}")
                    )
        elif path.is_file():
            files.append(path)
        else:
            skipped.append((str(path), "no such file or folder"))
    return files, skipped


class IngestPipeline:
    """Builds a complete new index version beside the active one and swaps it in."""

    def __init__(
        self,
        *,
        embedder: Embedder,
        repository: IndexRepository,
        spec: IndexSpec,
        drop_store: Callable[[str], None],
        batch_size: int,
        limits: IngestLimits | None = None,
    ) -> None:
        self._limits = limits or IngestLimits()
        self._embedder = embedder
        self._batch_size = batch_size  # passages embedded per batch (Settings.embedding_batch_size)
        self._repository = repository
        self._spec = spec
        self._drop_store = drop_store

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        self._repository.root.mkdir(parents=True, exist_ok=True)
        with (self._repository.root / _LOCK_FILE).open("w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as e:
                raise ConflictError("Another ingest is running; wait until it has finished.") from e
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def run(
        self,
        paths: Sequence[Path],
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        exclude: Sequence[str] = (),
    ) -> IngestReport:
        """Ingest exactly the files under ``paths``; passages of files no longer there are removed."""
        with self._exclusive():
            return self._run(
                paths, rebuild=rebuild, progress=progress or (lambda *_: None), exclude=set(exclude)
            )

    def _run(
        self, paths: Sequence[Path], *, rebuild: bool, progress: Progress, exclude: set[str]
    ) -> IngestReport:
        started = time.monotonic()
        report = IngestReport()
        # Builds that a crash or kill left half-written never became active: clear them first.
        self._repository.prune_incomplete(drop_store=self._drop_store)
        files, report.skipped = collect_files(paths)
        files = [f for f in files if f.stem not in exclude]
        report.files = len(files)
        old_manifest = self._repository.manifest()
        reusable = old_manifest is not None and old_manifest.spec == self._spec and not rebuild
        old_records = (
            {d.info.id: d for d in old_manifest.documents} if reusable and old_manifest else {}
        )
        old_index = self._repository.load(self._spec) if reusable and old_manifest else None

        manifests: dict[Path, dict[str, dict[str, object]]] = {}
        records: list[DocumentRecord] = []
        passages: list[Passage] = []
        questions: dict[str, list[str]] = {}  # expansion questions per passage id
        seen_ids: set[str] = set()
        for i, path in enumerate(files):
            progress("reading", i, len(files))
            folder = path.parent
            if folder not in manifests:
                manifests[folder] = read_manifest(folder)
            info = document_info(path, manifests[folder].get(path.stem))
            if info.id in seen_ids:
                report.skipped.append(
                    (str(path), f"another file already has the document id {info.id!r}")
                )
                continue
            fingerprint = _fingerprint(path, info, self._spec)
            old = old_records.get(info.id)
            if old is not None and old.fingerprint == fingerprint and old_index is not None:
                doc_passages = old_index.document_passages(info.id)
                pages = old.pages
            else:
                try:
                    doc_passages, pages = self._passages_of(path, info)
                except SkipFile as e:
                    report.skipped.append((str(path), str(e)))
                    continue
                if not doc_passages:
                    report.skipped.append(
                        (str(path), "no searchable text was found after structure detection")
                    )
                    continue
            seen_ids.add(info.id)
            records.append(
                DocumentRecord(
                    info=info, fingerprint=fingerprint, passages=len(doc_passages), pages=pages
                )
            )
            passages.extend(doc_passages)
            questions.update(load_expansions(path, doc_passages))
            report.documents[info.id] = len(doc_passages)
            report.pages += pages or 0
        progress("reading", len(files), len(files))

        old_ids = {p.id for p in old_index.passages} if old_index else set()
        new_ids = [p.id for p in passages]
        report.unchanged = len(old_ids & set(new_ids))
        report.added = len(set(new_ids) - old_ids)
        report.removed = len(old_ids - set(new_ids))
        report.rebuilt = rebuild or not reusable
        if not records:
            report.seconds = time.monotonic() - started
            return report
        if (
            old_manifest is not None
            and reusable
            and not (old_index is not None and old_index.outdated)
            and report.added == 0
            and report.removed == 0
            and [r for r in old_manifest.documents] == records
        ):
            report.version = old_manifest.version
            report.seconds = time.monotonic() - started
            return report  # nothing changed: the active index stays as it is

        vectors = self._vectors(passages, old_index.store if old_index else None, progress)
        version, folder = self._repository.begin()
        # A failed or interrupted build never becomes active; its leftovers are pruned next time.
        store = self._repository.store_for(version)
        store.add(passages, vectors)
        manifest = IndexManifest(
            version=version,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            spec=self._spec,
            documents=tuple(records),
            passages=len(passages),
        )
        self._repository.write(folder, manifest, passages, LexicalIndex.build(passages, questions=questions))
        self._repository.activate(version, drop_store=self._drop_store)
        report.version = version
        report.seconds = time.monotonic() - started
        return report

    def _passages_of(self, path: Path, info: DocumentInfo) -> tuple[list[Passage], int | None]:
        limits = self._limits
        loaded = load(path, max_docx_bytes=limits.max_docx_bytes)
        chars = sum(len(p.text) for p in loaded.pages)
        if limits.max_chars is not None and chars > limits.max_chars:
            raise SkipFile(
                f"too much text: {chars} characters, the limit is {limits.max_chars} per document "
                "(WERKWIJZER_MAX_DOCUMENT_CHARS); split the document"
            )
        blocks = parse(loaded)
        chunks = chunk(
            blocks,
            count_tokens=self._embedder.count_tokens,
            max_tokens=self._spec.chunk_max_tokens,
            min_tokens=self._spec.chunk_min_tokens,
        )
        if limits.max_passages is not None and len(chunks) > limits.max_passages:
            raise SkipFile(
                f"too many passages: {len(chunks)}, the limit is {limits.max_passages} per document "
                "(WERKWIJZER_MAX_DOCUMENT_PASSAGES); split the document"
            )
        seen: dict[str, int] = {}
        passages = []
        for ordinal, c in enumerate(chunks):
            section = SECTION_SEPARATOR.join(c.section) or None
            passages.append(
                Passage(
                    id=passage_id(info.id, section, c.text, seen),
                    document_id=info.id,
                    document_title=info.title,
                    section=section,
                    page=loaded.page_at(c.start),
                    text=c.text,
                    ordinal=ordinal,
                    start=c.start,
                    end=c.end,
                    kind=c.kind,
                )
            )
        has_pages = any(p.number is not None for p in loaded.pages)
        return passages, (len(loaded.pages) if has_pages else None)

    def _vectors(
        self, passages: Sequence[Passage], old_store: object | None, progress: Progress
    ) -> np.ndarray:
        reused = old_store.vectors([p.id for p in passages]) if old_store is not None else {}  # type: ignore[attr-defined]
        todo = [p for p in passages if p.id not in reused]
        batch = self._batch_size
        computed: dict[str, np.ndarray] = {}
        for start in range(0, len(todo), batch):
            progress("embedding", start, len(todo))
            part = todo[start : start + batch]
            vecs = self._embedder.embed_passages([embedding_text(p) for p in part])
            computed.update({p.id: v for p, v in zip(part, vecs, strict=True)})
        progress("embedding", len(todo), len(todo))
        if not passages:
            return np.zeros((0, self._embedder.dimension), dtype=np.float32)
        return np.stack([reused[p.id] if p.id in reused else computed[p.id] for p in passages])


def _fingerprint(path: Path, info: DocumentInfo, spec: IndexSpec) -> str:
    h = hashlib.sha256(path.read_bytes())
    h.update(fingerprint_part(path))
    h.update(json.dumps([info.__dict__, spec.__dict__], sort_keys=True, default=str).encode())
    return h.hexdigest()[:20]


__all__ = ["IngestPipeline", "IngestReport", "WerkwijzerError", "collect_files"]
