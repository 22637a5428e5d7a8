"""The upload flow: one document name at a time (a file lock), an atomic store, the ingest as a job.

A stored upload is either ingested and served, or set aside in ``uploads/.rejected/`` with its
reason while the previous version (if any) comes back: nothing a 201 reported is ever reverted,
and nothing a person uploaded is lost.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from assistant.errors import ConflictError, InvalidInputError, TooLargeError, WerkwijzerError
from assistant.ports import Indexer, IngestOutcome
from assistant.records.jobs import JobStore
from assistant.records.uploads import (
    CheckedUpload,
    clear_pending,
    manifest_entry,
    mark_pending,
    open_document_lock,
    set_aside,
    update_manifest,
    write_atomically,
)

log = logging.getLogger("werkwijzer.uploads")
_BUSY_RETRY_SECONDS = 0.5  # a job waits for another ingest (CLI, another upload) in steps of this
_PROGRESS_EVERY_SECONDS = 0.5  # progress is written to the jobs table at most this often


@dataclass
class Staged:
    """An upload written under its document lock, with what it replaced (to bring back on failure)."""

    checked: CheckedUpload
    folder: Path
    lock: IO[str]
    previous: dict[Path, bytes] = field(default_factory=dict)
    previous_entry: dict[str, Any] | None = None

    def release(self) -> None:
        """Let the next upload of this name go."""
        self.lock.close()


def uploaded_files(folder: Path, document_id: str) -> list[Path]:
    """The stored file(s) of an uploaded document (any extension)."""
    if not folder.exists():
        return []
    return [
        p
        for p in folder.iterdir()
        if p.is_file() and p.stem == document_id and not p.name.startswith(".")
    ]


def stage(
    checked: CheckedUpload,
    data: bytes,
    meta: dict[str, Any],
    *,
    folder: Path,
    corpus_ids: Callable[[], set[str]],
    replace: bool,
) -> Staged:
    """Take the document's lock (waiting for an upload of the same name) and store the file.

    Raises ConflictError (nothing written) for a corpus id, or an existing upload without ``replace``.
    """
    lock = open_document_lock(folder, checked.document_id)
    try:
        existing = uploaded_files(folder, checked.document_id)
        if not existing and checked.document_id in corpus_ids():
            raise ConflictError(
                f"A corpus publication already has the id {checked.document_id!r}; rename the file."
            )
        if existing and not replace:
            raise ConflictError(
                f"A document {checked.document_id!r} was uploaded before; send replace=true to replace it."
            )
        staged = Staged(
            checked,
            folder,
            lock,
            previous={p: p.read_bytes() for p in existing},
            previous_entry=manifest_entry(folder, checked.file_name),
        )
        target = folder / checked.file_name
        write_atomically(target, data)
        for old in existing:
            if old != target:
                old.unlink()
        update_manifest(folder, checked.file_name, meta)
        return staged
    except BaseException:
        lock.close()
        raise


def ingest_staged(
    staged: Staged,
    indexer: Indexer,
    *,
    job_id: str,
    wait_for_other_ingest: bool,
    progress: Callable[[str, int, int], None] | None = None,
) -> IngestOutcome:
    """Ingest a staged upload; on any failure set it aside and bring the previous version back.

    Raises InvalidInputError (with the reason) when the file yields nothing searchable or is over a
    limit, ConflictError when another ingest runs and ``wait_for_other_ingest`` is off.
    """
    checked, folder = staged.checked, staged.folder
    mark_pending(folder, checked.file_name, job_id)
    try:
        try:
            report = _ingest(indexer, wait=wait_for_other_ingest, progress=progress)
        except BaseException as e:
            _set_aside_and_restore(staged, indexer, f"the ingest failed: {e}", reingest=False)
            raise
        if checked.document_id not in report.documents:
            reason = next(
                (r for f, r in report.skipped if Path(f).stem == checked.document_id),
                "no text found",
            )
            _set_aside_and_restore(staged, indexer, reason, reingest=bool(staged.previous))
            error: InvalidInputError = InvalidInputError(f"The file could not be ingested: {reason}.")
            if reason.startswith("too "):  # over a size limit: the same status as the byte cap
                error = TooLargeError(f"The file could not be ingested: {reason}.")
            raise error
        return report
    finally:
        clear_pending(folder, checked.file_name)
        staged.release()


def _ingest(
    indexer: Indexer, *, wait: bool, progress: Callable[[str, int, int], None] | None
) -> IngestOutcome:
    while True:
        try:
            return indexer.ingest(progress=progress)
        except ConflictError:
            if not wait:
                raise
            time.sleep(_BUSY_RETRY_SECONDS)


def _set_aside_and_restore(staged: Staged, indexer: Indexer, reason: str, *, reingest: bool) -> None:
    folder, name = staged.folder, staged.checked.file_name
    set_aside(folder, name, reason)
    for path, data in staged.previous.items():
        write_atomically(path, data)
    if staged.previous:
        update_manifest(folder, next(iter(staged.previous)).name, staged.previous_entry or {})
    if reingest:
        try:  # the failed run dropped the previous version's passages: serve them again
            _ingest(indexer, wait=True, progress=None)
        except WerkwijzerError:
            log.exception("re-ingest after a failed upload of %s did not finish", name)


def run_job(
    staged: Staged,
    indexer: Indexer,
    jobs: JobStore,
    job_id: str,
    result: Callable[[IngestOutcome], dict[str, Any]],
) -> threading.Thread:
    """Ingest a staged upload in a background thread, writing progress and the outcome to the job."""

    last_time, last_stage = [0.0], [""]

    def progress(stage_name: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage_name != last_stage[0] or now - last_time[0] >= _PROGRESS_EVERY_SECONDS or done == total:
            last_time[0], last_stage[0] = now, stage_name
            jobs.update(job_id, stage=stage_name, done=done, total=total)

    def work() -> None:
        jobs.update(job_id, state="running")
        try:
            report = ingest_staged(
                staged, indexer, job_id=job_id, wait_for_other_ingest=True, progress=progress
            )
            jobs.update(job_id, state="done", stage="done", result=result(report))
        except WerkwijzerError as e:
            jobs.update(job_id, state="failed", message=str(e))
        except Exception as e:  # noqa: BLE001 - a job must end failed, never hang as "running"
            log.exception("upload job %s failed", job_id)
            jobs.update(job_id, state="failed", message=f"internal error: {e.__class__.__name__}")

    thread = threading.Thread(target=work, name=f"upload-{job_id}", daemon=True)
    thread.start()
    return thread
