"""The upload flow on a temp folder with a fake indexer (named as such): stage, ingest, set aside, restore."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from api.uploads import ingest_staged, run_job, stage, uploaded_files
from assistant.errors import ConflictError, InvalidInputError, TooLargeError
from assistant.records.db import Database
from assistant.records.jobs import JobStore
from assistant.records.uploads import PENDING_DIR, REJECTED_DIR, CheckedUpload, manifest_entry

UPLOAD = CheckedUpload("werkfit.txt", "werkfit", "text", 30)
V1, V2 = b"Versie een van de publicatie.", b"Versie twee van de publicatie."


@dataclass
class Report:
    """What the fake indexer reports."""

    documents: dict[str, int]
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"documents": self.documents, "skipped": self.skipped}


class FakeIndexer:
    """Ingests by reading the folder: every .txt file whose text holds "Versie" is a document.

    ``busy`` makes the first calls raise ConflictError (another ingest runs); ``broken`` makes it fail.
    """

    def __init__(self, folder: Path, *, busy: int = 0, broken: bool = False, skip_reason: str = "no text found"):
        self.folder, self.busy, self.broken, self.skip_reason = folder, busy, broken, skip_reason
        self.calls = 0

    def ingest(self, *, rebuild: bool = False, progress: Callable[[str, int, int], None] | None = None) -> Report:
        self.calls += 1
        if self.busy:
            self.busy -= 1
            raise ConflictError("another ingest is running")
        if self.broken:
            raise RuntimeError("disk full")
        report = Report({})
        files = sorted(p for p in self.folder.glob("*.txt"))
        for i, path in enumerate(files, 1):
            if progress:
                progress("reading", i, len(files))
            if b"Versie" in path.read_bytes():
                report.documents[path.stem] = 1
            else:
                report.skipped.append((path.name, self.skip_reason))
        return report


def corpus_ids() -> set[str]:
    return {"eindevaluatie"}


def stage_v(folder: Path, data: bytes, *, replace: bool = False, meta: dict[str, Any] | None = None):  # noqa: ANN201
    return stage(UPLOAD, data, meta or {"title": "Werkfit"}, folder=folder, corpus_ids=corpus_ids, replace=replace)


def test_a_staged_upload_is_stored_with_its_manifest_entry(tmp_path: Path) -> None:
    staged = stage_v(tmp_path, V1, meta={"title": "Werkfit", "year": 2019, "publisher": None})
    staged.release()
    assert (tmp_path / "werkfit.txt").read_bytes() == V1
    assert uploaded_files(tmp_path, "werkfit") == [tmp_path / "werkfit.txt"]
    assert manifest_entry(tmp_path, "werkfit.txt") == {"title": "Werkfit", "year": 2019}  # no empty fields


def test_a_corpus_id_or_an_existing_upload_without_replace_is_a_conflict(tmp_path: Path) -> None:
    with pytest.raises(ConflictError, match="corpus publication already has the id 'eindevaluatie'"):
        stage(CheckedUpload("eindevaluatie.txt", "eindevaluatie", "text", 3), V1, {}, folder=tmp_path,
              corpus_ids=corpus_ids, replace=False)
    stage_v(tmp_path, V1).release()
    with pytest.raises(ConflictError, match="replace=true"):
        stage_v(tmp_path, V2)
    assert (tmp_path / "werkfit.txt").read_bytes() == V1  # nothing written
    stage_v(tmp_path, V2, replace=True).release()  # the lock was released after the conflict
    assert (tmp_path / "werkfit.txt").read_bytes() == V2


def test_a_replacement_with_another_extension_removes_the_old_file(tmp_path: Path) -> None:
    (tmp_path / "werkfit.md").write_bytes(V1)
    staged = stage_v(tmp_path, V2, replace=True)
    staged.release()
    assert uploaded_files(tmp_path, "werkfit") == [tmp_path / "werkfit.txt"]
    assert staged.previous == {tmp_path / "werkfit.md": V1}


def test_a_good_upload_is_ingested_and_leaves_no_marker(tmp_path: Path) -> None:
    staged = stage_v(tmp_path, V1)
    report = ingest_staged(staged, FakeIndexer(tmp_path), job_id="j1", wait_for_other_ingest=False)
    assert report.documents == {"werkfit": 1}
    assert not (tmp_path / PENDING_DIR / "werkfit.txt").exists()


def test_a_file_without_text_is_set_aside_with_its_reason(tmp_path: Path) -> None:
    staged = stage_v(tmp_path, b"zomaar wat")
    with pytest.raises(InvalidInputError, match="could not be ingested: no text found"):
        ingest_staged(staged, FakeIndexer(tmp_path), job_id="j1", wait_for_other_ingest=False)
    assert not (tmp_path / "werkfit.txt").exists()
    assert (tmp_path / REJECTED_DIR / "werkfit.txt").read_bytes() == b"zomaar wat"
    assert (tmp_path / REJECTED_DIR / "werkfit.txt.reason.txt").read_text() == "no text found\n"
    assert manifest_entry(tmp_path, "werkfit.txt") is None


def test_a_file_over_a_limit_is_too_large(tmp_path: Path) -> None:
    staged = stage_v(tmp_path, b"zomaar wat")
    with pytest.raises(TooLargeError, match="too many pages"):
        ingest_staged(staged, FakeIndexer(tmp_path, skip_reason="too many pages"), job_id="j1",
                      wait_for_other_ingest=False)


def test_a_failed_replacement_brings_the_previous_version_back_and_serves_it_again(tmp_path: Path) -> None:
    stage_v(tmp_path, V1, meta={"title": "Oud"}).release()
    indexer = FakeIndexer(tmp_path)
    staged = stage_v(tmp_path, b"kapot", replace=True, meta={"title": "Nieuw"})
    with pytest.raises(InvalidInputError):
        ingest_staged(staged, indexer, job_id="j2", wait_for_other_ingest=False)
    assert (tmp_path / "werkfit.txt").read_bytes() == V1
    assert manifest_entry(tmp_path, "werkfit.txt") == {"title": "Oud"}
    assert indexer.calls == 2  # the failed run, then the re-ingest of the version brought back


def test_a_crashing_ingest_sets_the_upload_aside_and_raises(tmp_path: Path) -> None:
    staged = stage_v(tmp_path, V1)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_staged(staged, FakeIndexer(tmp_path, broken=True), job_id="j1", wait_for_other_ingest=False)
    reason = (tmp_path / REJECTED_DIR / "werkfit.txt.reason.txt").read_text()
    assert reason.startswith("the ingest failed: disk full")


def test_another_running_ingest_is_a_conflict_or_is_waited_for(tmp_path: Path) -> None:
    with pytest.raises(ConflictError):
        ingest_staged(stage_v(tmp_path, V1), FakeIndexer(tmp_path, busy=1), job_id="j1", wait_for_other_ingest=False)
    indexer = FakeIndexer(tmp_path / "b", busy=1)
    report = ingest_staged(stage_v(tmp_path / "b", V1), indexer, job_id="j2", wait_for_other_ingest=True)
    assert report.documents == {"werkfit": 1} and indexer.calls == 2  # waited, then ingested


def jobs_store(tmp_path: Path) -> JobStore:
    database = Database(f"sqlite:///{tmp_path / 'jobs.db'}")
    database.create_all()
    return JobStore(database)


def test_a_job_ends_done_with_its_result_and_progress(tmp_path: Path) -> None:
    jobs = jobs_store(tmp_path)
    job = jobs.create("upload", document_id="werkfit")
    staged = stage_v(tmp_path / "up", V1)
    run_job(staged, FakeIndexer(tmp_path / "up"), jobs, job.id, lambda r: {"documents": r.documents}).join(10)
    done = jobs.get(job.id)
    assert (done.state, done.stage, done.result) == ("done", "done", {"documents": {"werkfit": 1}})
    assert (done.done, done.total) == (1, 1)


def test_a_job_ends_failed_with_a_reason_a_person_can_read(tmp_path: Path) -> None:
    jobs = jobs_store(tmp_path)
    job = jobs.create("upload", document_id="werkfit")
    run_job(stage_v(tmp_path / "up", b"leeg"), FakeIndexer(tmp_path / "up"), jobs, job.id, lambda r: {}).join(10)
    failed = jobs.get(job.id)
    assert failed.state == "failed" and "no text found" in (failed.message or "")
    crash = jobs.create("upload", document_id="werkfit")
    run_job(stage_v(tmp_path / "up2", V1), FakeIndexer(tmp_path / "up2", broken=True), jobs, crash.id,
            lambda r: {}).join(10)
    assert jobs.get(crash.id).message == "internal error: RuntimeError"


def test_uploaded_files_ignore_hidden_files_and_other_documents(tmp_path: Path) -> None:
    assert uploaded_files(tmp_path / "nowhere", "werkfit") == []
    for name in ("werkfit.pdf", ".werkfit.txt", "werkfit-2.txt", "anders.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert uploaded_files(tmp_path, "werkfit") == [tmp_path / "werkfit.pdf"]
