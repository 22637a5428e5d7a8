"""Administration (admin scope): upload and delete publications, (re)build the index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status
from starlette.concurrency import run_in_threadpool

from api.deps import AppSettings, Holder, IndexerPort, Jobs
from api.schemas import (
    DeleteResponse,
    DocumentOut,
    ErrorResponse,
    IngestReportOut,
    IngestResponse,
    JobOut,
    UploadAccepted,
    UploadResponse,
)
from api.uploads import ingest_staged, run_job, stage, uploaded_files
from assistant.errors import ConflictError, InvalidInputError, NotFoundError
from assistant.language.validity import check_text
from assistant.ports import IngestOutcome
from assistant.records.jobs import Job
from assistant.records.uploads import (
    RESERVED_IDS,
    check_upload,
    manifest_entry,
    open_document_lock,
    update_manifest,
    write_atomically,
)
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


def _job_out(job: Job) -> JobOut:
    data = {**job.__dict__}
    return JobOut.model_validate(data)


@router.post(
    "/api/admin/documents",
    response_model=UploadAccepted | UploadResponse,
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        **_ERRORS,
        201: {"model": UploadResponse, "description": "With wait=true: ingested and searchable."},
        413: {"model": ErrorResponse},
    },
)
async def upload(
    settings: AppSettings,
    holder: Holder,
    indexer: IndexerPort,
    jobs: Jobs,
    response: Response,
    file: Annotated[
        UploadFile, File(description="A PDF, Word (.docx) or UTF-8 text/Markdown file.")
    ],
    title: Annotated[str | None, Form(max_length=_MAX_META_CHARS)] = None,
    publisher: Annotated[str | None, Form(max_length=_MAX_META_CHARS)] = None,
    year: Annotated[int | None, Form(ge=_YEAR_MIN, le=_YEAR_MAX)] = None,
    replace: Annotated[
        bool, Form(description="Replace an uploaded document with the same name.")
    ] = False,
    wait: Annotated[
        bool,
        Query(description="Wait for the ingest and answer 201 with the document (409 while another ingest runs)."),
    ] = False,
) -> UploadAccepted | UploadResponse:
    """Upload a publication: stored at once (its type judged by its content), ingested as a job.

    202 with the job; ``GET /api/admin/jobs/{id}`` reports progress and the result. Uploads of one
    name are served one at a time; a file that cannot be ingested is set aside with its reason.
    """
    for what, value in (("file name", file.filename), ("title", title), ("publisher", publisher)):
        check_text(value or "", what=what)
    max_bytes = settings.max_upload_mb * _MIB
    data = await file.read(max_bytes + 1)
    checked = check_upload(
        data,
        file.filename or "",
        max_bytes=max_bytes,
        max_docx_bytes=settings.max_docx_uncompressed_mb * _MIB,
        max_chars=settings.max_document_chars,
    )
    meta = {"title": title, "publisher": publisher, "year": year}
    staged = await run_in_threadpool(
        stage,
        checked,
        data,
        meta,
        folder=settings.uploads_dir,
        corpus_ids=lambda: set(_indexed_sources(holder)),
        replace=replace,
    )
    try:
        job = await run_in_threadpool(jobs.create, "upload", document_id=checked.document_id)
    except BaseException:
        staged.release()
        raise

    def result(report: IngestOutcome) -> dict[str, Any]:
        document = DocumentOut.of(holder.current().document(checked.document_id))
        return UploadResponse(document=document, ingest=_report(report)).model_dump(mode="json")

    if wait:
        report = await run_in_threadpool(
            ingest_staged, staged, indexer, job_id=job.id, wait_for_other_ingest=False
        )
        done = result(report)
        await run_in_threadpool(jobs.update, job.id, state="done", stage="done", result=done)
        response.status_code = status.HTTP_201_CREATED
        return UploadResponse.model_validate(done)
    run_job(staged, indexer, jobs, job.id, result)
    status_url = f"/api/admin/jobs/{job.id}"
    response.headers["Location"] = status_url
    return UploadAccepted(job=_job_out(job), status_url=status_url)


@router.get("/api/admin/jobs/{job_id}", response_model=JobOut, responses=_ERRORS)
async def job_status(job_id: str, jobs: Jobs) -> JobOut:
    """An upload job: queued, running (stage, done of total), done (with the document) or failed (why)."""
    return _job_out(await run_in_threadpool(jobs.get, job_id))


@router.delete(
    "/api/admin/documents/{document_id}", response_model=DeleteResponse, responses=_ERRORS
)
async def delete(
    document_id: str, settings: AppSettings, holder: Holder, indexer: IndexerPort
) -> DeleteResponse:
    """Delete an uploaded publication and remove its passages from the index."""
    if document_id in RESERVED_IDS:
        raise InvalidInputError(
            f"{document_id!r} is the uploads' metadata, not a document; GET /api/documents lists the ids."
        )
    uploads = settings.uploads_dir
    lock = await run_in_threadpool(open_document_lock, uploads, document_id)
    try:
        return await _delete(document_id, uploads, holder, indexer)
    finally:
        lock.close()


async def _delete(
    document_id: str, uploads: Path, holder: IndexHolder, indexer: IndexerPort
) -> DeleteResponse:
    existing = uploaded_files(uploads, document_id)
    if not existing:
        if document_id in await run_in_threadpool(_indexed_sources, holder):
            raise ConflictError(
                f"{document_id!r} is part of the corpus folder, not an upload; remove its file from "
                "the corpus folder and run `werkwijzer ingest`."
            )
        raise NotFoundError(
            f"No uploaded document {document_id!r}; GET /api/documents lists the ids."
        )
    previous = {p: p.read_bytes() for p in existing}
    entry = manifest_entry(uploads, existing[0].name)
    for path in existing:
        path.unlink()
    update_manifest(uploads, existing[0].name, None)
    try:
        report = await run_in_threadpool(indexer.ingest)
    except BaseException:
        for path, data in previous.items():  # only this document's file and entry come back
            write_atomically(path, data)
        update_manifest(uploads, existing[0].name, entry or {})
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
