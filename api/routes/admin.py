"""Administration (admin scope): upload and delete publications, (re)build the index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile, status
from starlette.concurrency import run_in_threadpool

from api.deps import AppSettings, Holder, IndexerPort
from api.schemas import (
    DeleteResponse,
    DocumentOut,
    ErrorResponse,
    IngestReportOut,
    IngestResponse,
    UploadResponse,
)
from assistant.errors import ConflictError, InvalidInputError, NotFoundError
from assistant.language.validity import check_text
from assistant.ports import IngestOutcome
from assistant.records.uploads import check_upload, update_manifest, write_atomically
from assistant.search.index import IndexHolder

router = APIRouter(tags=["admin"])
_MIB = 1024 * 1024
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (404, 409, 422, 503)
}
_MAX_META_CHARS = 300
_YEAR_MIN, _YEAR_MAX = 1900, 2100


def _report(report: IngestOutcome) -> IngestReportOut:
    data = report.to_json()
    # File names only: the server's folders are nobody else's business.
    data["skipped"] = [
        {"file": Path(s["file"]).name, "reason": s["reason"]} for s in data["skipped"]
    ]
    return IngestReportOut.model_validate(data)


def _indexed_sources(holder: IndexHolder) -> dict[str, str | None]:
    """Document id → source file name of every document in the active index (empty without one)."""
    if holder.repository.active_version() is None:
        return {}
    return {d.info.id: d.info.source for d in holder.current().documents()}


def _uploaded_files(uploads: Path, document_id: str) -> list[Path]:
    if not uploads.exists():
        return []
    return [
        p
        for p in uploads.iterdir()
        if p.is_file() and p.stem == document_id and not p.name.startswith(".")
    ]


def _snapshot(paths: list[Path]) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in paths}


def _restore(snapshot: dict[Path, bytes], created: list[Path]) -> None:
    for path in created:
        path.unlink(missing_ok=True)
    for path, data in snapshot.items():
        write_atomically(path, data)


@router.post(
    "/api/admin/documents",
    response_model=UploadResponse,
    status_code=status.HTTP_201_CREATED,
    responses=_ERRORS,
)
async def upload(
    settings: AppSettings,
    holder: Holder,
    indexer: IndexerPort,
    file: Annotated[
        UploadFile, File(description="A PDF, Word (.docx) or UTF-8 text/Markdown file.")
    ],
    title: Annotated[str | None, Form(max_length=_MAX_META_CHARS)] = None,
    publisher: Annotated[str | None, Form(max_length=_MAX_META_CHARS)] = None,
    year: Annotated[int | None, Form(ge=_YEAR_MIN, le=_YEAR_MAX)] = None,
    replace: Annotated[
        bool, Form(description="Replace an uploaded document with the same name.")
    ] = False,
) -> UploadResponse:
    """Upload a publication and ingest it; its type is judged by its content, not its name."""
    for what, value in (("file name", file.filename), ("title", title), ("publisher", publisher)):
        check_text(value or "", what=what)
    max_bytes = settings.max_upload_mb * _MIB
    data = await file.read(max_bytes + 1)
    checked = check_upload(data, file.filename or "", max_bytes=max_bytes)
    uploads = settings.uploads_dir
    existing = _uploaded_files(uploads, checked.document_id)
    sources = await run_in_threadpool(_indexed_sources, holder)
    if checked.document_id in sources and not existing:
        raise ConflictError(
            f"A corpus publication already has the id {checked.document_id!r}; rename the file."
        )
    if existing and not replace:
        raise ConflictError(
            f"A document {checked.document_id!r} was uploaded before; send replace=true to replace it."
        )
    target = uploads / checked.file_name
    manifest = uploads / "manifest.json"
    snapshot = _snapshot(existing + ([manifest] if manifest.exists() else []))
    created = [] if target in existing else [target]
    for old in existing:
        old.unlink()
    write_atomically(target, data)
    update_manifest(
        uploads, checked.file_name, {"title": title, "publisher": publisher, "year": year}
    )
    try:
        report = await run_in_threadpool(indexer.ingest)
    except BaseException:
        _restore(
            snapshot, created
        )  # nothing half-done stays behind (e.g. 409: another ingest runs)
        raise
    if checked.document_id not in report.documents:
        _restore(snapshot, created)
        reason = next(
            (r for f, r in report.skipped if Path(f).stem == checked.document_id), "no text found"
        )
        raise InvalidInputError(f"The file could not be ingested: {reason}.")
    document = DocumentOut.of(holder.current().document(checked.document_id))
    return UploadResponse(document=document, ingest=_report(report))


@router.delete(
    "/api/admin/documents/{document_id}", response_model=DeleteResponse, responses=_ERRORS
)
async def delete(
    document_id: str, settings: AppSettings, holder: Holder, indexer: IndexerPort
) -> DeleteResponse:
    """Delete an uploaded publication and remove its passages from the index."""
    uploads = settings.uploads_dir
    existing = _uploaded_files(uploads, document_id)
    if not existing:
        if document_id in await run_in_threadpool(_indexed_sources, holder):
            raise ConflictError(
                f"{document_id!r} is part of the corpus folder, not an upload; remove its file from "
                "the corpus folder and run `werkwijzer ingest`."
            )
        raise NotFoundError(
            f"No uploaded document {document_id!r}; GET /api/documents lists the ids."
        )
    manifest = uploads / "manifest.json"
    snapshot = _snapshot(existing + ([manifest] if manifest.exists() else []))
    for path in existing:
        path.unlink()
    update_manifest(uploads, existing[0].name, None)
    try:
        report = await run_in_threadpool(indexer.ingest)
    except BaseException:
        _restore(snapshot, [])
        raise
    return DeleteResponse(deleted=document_id, ingest=_report(report))


@router.post("/api/admin/ingest", response_model=IngestResponse, responses=_ERRORS)
async def ingest(indexer: IndexerPort) -> IngestResponse:
    """Bring the index up to date with the corpus and upload folders (unchanged passages are kept)."""
    report = await run_in_threadpool(indexer.ingest)
    return IngestResponse(ingest=_report(report))


@router.post("/api/admin/rebuild", response_model=IngestResponse, responses=_ERRORS)
async def rebuild(indexer: IndexerPort) -> IngestResponse:
    """Re-embed every passage into a new index version (e.g. after changing the model)."""
    report = await run_in_threadpool(lambda: indexer.ingest(rebuild=True))
    return IngestResponse(ingest=_report(report))
