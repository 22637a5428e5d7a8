"""Background jobs in a real SQLite database: created queued, advanced, failed when their process died."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import NotFoundError
from assistant.records.db import Database
from assistant.records.jobs import JobStore


@pytest.fixture
def jobs(tmp_path: Path) -> JobStore:
    database = Database(f"sqlite:///{tmp_path / 'app.db'}")
    database.create_all()
    return JobStore(database)


def test_a_new_job_is_queued_with_nothing_done(jobs: JobStore) -> None:
    job = jobs.create("upload", document_id="werkfit")
    assert (job.kind, job.document_id, job.state, job.done, job.total) == ("upload", "werkfit", "queued", 0, 0)
    assert job.result is None and job.message is None and job.stage is None
    assert job.created == job.updated and job.created.tzinfo is not None
    assert jobs.get(job.id) == job


def test_job_ids_are_unique(jobs: JobStore) -> None:
    assert jobs.create("upload").id != jobs.create("upload").id


def test_progress_changes_only_the_fields_given(jobs: JobStore) -> None:
    job = jobs.create("upload")
    jobs.update(job.id, state="running", stage="embedding", total=10)
    jobs.update(job.id, done=4)
    now = jobs.get(job.id)
    assert (now.state, now.stage, now.done, now.total) == ("running", "embedding", 4, 10)
    assert now.updated >= job.updated


def test_a_result_is_stored_as_json_and_read_back(jobs: JobStore) -> None:
    job = jobs.create("upload")
    jobs.update(job.id, state="done", result={"document": "werkfit", "passages": 12, "titel": "Cliënten"})
    assert jobs.get(job.id).result == {"document": "werkfit", "passages": 12, "titel": "Cliënten"}


def test_a_long_failure_message_is_cut(jobs: JobStore) -> None:
    job = jobs.create("upload")
    jobs.update(job.id, state="failed", message="x" * 5000)
    message = jobs.get(job.id).message
    assert message is not None and 0 < len(message) < 5000


def test_unfinished_jobs_of_a_document_fail_and_others_are_left(jobs: JobStore) -> None:
    queued = jobs.create("upload", document_id="werkfit")
    running = jobs.create("upload", document_id="werkfit")
    done = jobs.create("upload", document_id="werkfit")
    other = jobs.create("upload", document_id="oss")
    jobs.update(running.id, state="running")
    jobs.update(done.id, state="done")
    jobs.fail_unfinished("werkfit", "the server restarted")
    assert jobs.get(queued.id).state == jobs.get(running.id).state == "failed"
    assert jobs.get(running.id).message == "the server restarted"
    assert jobs.get(done.id).state == "done"
    assert jobs.get(other.id).state == "queued"


def test_an_unknown_job_says_where_ids_come_from(jobs: JobStore) -> None:
    with pytest.raises(NotFoundError, match="POST /api/admin/documents"):
        jobs.get("nope")
