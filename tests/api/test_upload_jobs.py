"""Uploads as jobs, bounded ingest, set-aside files, and concurrent uploads over real HTTP."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from api.main import create_app
from assistant.records.uploads import INTERRUPTED_REASON, PENDING_DIR, REJECTED_DIR
from tests.conftest import CORPUS, admin_headers_for, make_settings
from tests.live import serve_app
from werkwijzer.compose import Core, build_core

CORPUS_DOC = "werkfit-trajecten-presentatie"
TEXT = (
    "# Jobcoaching in {place}\n\n"
    "De gemeente {place} zet sinds 2024 jobcoaches in bij kleine werkgevers. "
    "Een jobcoach begeleidt de werknemer het eerste halfjaar wekelijks op de werkvloer.\n"
)
_POLL_SECONDS = 0.2
_http: httpx.Client  # the admin client of the running test's server (set by the fixture)
_JOB_DEADLINE_SECONDS = 300


@pytest.fixture
def server(tmp_path: Path, embedder) -> Iterator[tuple[str, Core]]:  # noqa: ANN001
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / f"{CORPUS_DOC}.txt", corpus)
    settings = make_settings(
        tmp_path / "data",
        corpus_dir=corpus,
        max_document_passages=40,
        max_document_chars=60_000,
        max_docx_uncompressed_mb=1,
    )
    core = build_core(settings, embedder=embedder)
    core.indexer.ingest()
    # Admin endpoints need an admin key also on localhost: every request of these tests sends one.
    global _http
    with serve_app(create_app(core)) as base, httpx.Client(headers=admin_headers_for(core)) as _http:
        yield base, core


def _post(base: str, name: str, data: bytes, *, wait: bool = False, **form: str) -> httpx.Response:
    return _http.post(
        f"{base}/api/admin/documents",
        params={"wait": "true"} if wait else None,
        files={"file": (name, data, "application/octet-stream")},
        data=form,
        timeout=_JOB_DEADLINE_SECONDS,
    )


def _finished(base: str, response: httpx.Response) -> dict:
    assert response.status_code == 202, response.text
    url = base + response.json()["status_url"]
    assert response.headers["location"] == response.json()["status_url"]
    deadline = time.monotonic() + _JOB_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        job = _http.get(url).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(_POLL_SECONDS)
    raise AssertionError(f"job did not finish: {job}")


def _documents(base: str) -> set[str]:
    return {d["id"] for d in _http.get(f"{base}/api/documents").json()["documents"]}


def test_upload_is_a_job_with_progress_and_result(server) -> None:  # noqa: ANN001
    base, _ = server
    r = _post(base, "zuidwaard.md", TEXT.format(place="Zuidwaard").encode(), title="Zuidwaard")
    assert r.json()["job"]["state"] in ("queued", "running", "done")
    job = _finished(base, r)
    assert job["state"] == "done", job
    assert job["result"]["document"]["id"] == "zuidwaard"
    assert job["total"] >= 1 and job["done"] == job["total"]
    assert "zuidwaard" in _documents(base)
    assert _http.get(f"{base}/api/admin/jobs/nope").status_code == 404


def test_text_over_the_character_cap_is_413_and_stores_nothing(server) -> None:  # noqa: ANN001
    base, core = server
    r = _post(base, "lang.txt", ("werk en inkomen " * 4000).encode())  # 64,000 characters
    assert r.status_code == 413, r.text
    assert "WERKWIJZER_MAX_DOCUMENT_CHARS" in r.json()["error"]["message"]
    assert not (core.settings.uploads_dir / "lang.txt").exists()


def _docx(extra: bytes = b"") -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Beschut werk in Oostmark voor inwoners die veel begeleiding nodig hebben.")
    buffer = io.BytesIO()
    doc.save(buffer)
    if not extra:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/opvulling.xml", extra)
    return buffer.getvalue()


def test_docx_that_unpacks_past_the_cap_is_413_before_reading(server) -> None:  # noqa: ANN001
    base, _ = server
    bomb = _docx(b" " * (3 * 1024 * 1024))  # a few KB on the wire, 3 MB unpacked
    assert len(bomb) < 100_000
    r = _post(base, "bom.docx", bomb)
    assert r.status_code == 413, r.text
    assert "unpacks to" in r.json()["error"]["message"]
    assert _post(base, "klein.docx", _docx(), wait=True).status_code == 201


def test_too_many_passages_fails_the_job_and_sets_the_file_aside(server) -> None:  # noqa: ANN001
    base, core = server
    sections = "".join(
        f"## Onderdeel {n}\n\n"
        + f"In onderdeel {n} bespreekt de gemeente de begeleiding van werkzoekenden naar betaald werk. " * 6
        + "\n\n"
        for n in range(60)
    )
    job = _finished(base, _post(base, "veel.md", sections.encode()))
    assert job["state"] == "failed" and "too many passages" in job["message"], job
    uploads = core.settings.uploads_dir
    assert not (uploads / "veel.md").exists()
    assert (uploads / REJECTED_DIR / "veel.md").read_bytes() == sections.encode()
    assert "too many passages" in (uploads / REJECTED_DIR / "veel.md.reason.txt").read_text()
    assert "veel" not in _documents(base)
    # The same file with wait=true: the same reason as a 413.
    r = _post(base, "veel.md", sections.encode(), wait=True)
    assert r.status_code == 413 and "too many passages" in r.json()["error"]["message"]


def test_a_killed_ingest_is_set_aside_not_retried(server) -> None:  # noqa: ANN001
    base, core = server
    uploads = core.settings.uploads_dir
    job = core.jobs.create("upload", document_id="gestorven")
    # What a kill -9 mid-ingest leaves: the stored file and its pending marker, no lock holder.
    (uploads / PENDING_DIR).mkdir(parents=True, exist_ok=True)
    (uploads / "gestorven.txt").write_text(TEXT.format(place="Westmark"))
    (uploads / PENDING_DIR / "gestorven.txt").write_text(job.id)
    report = core.indexer.ingest()
    assert (str(uploads / "gestorven.txt"), INTERRUPTED_REASON) in report.skipped
    assert not (uploads / "gestorven.txt").exists()
    assert (uploads / REJECTED_DIR / "gestorven.txt").exists()
    assert "gestorven" not in _documents(base)
    failed = _http.get(f"{base}/api/admin/jobs/{job.id}").json()
    assert failed["state"] == "failed" and "interrupted" in failed["message"]
    assert core.indexer.ingest().skipped == []  # the next start does not meet it again


def test_the_manifest_is_not_a_document(server) -> None:  # noqa: ANN001
    base, core = server
    assert _post(base, "a.txt", TEXT.format(place="Aastad").encode(), wait=True).status_code == 201
    r = _http.delete(f"{base}/api/admin/documents/manifest")
    assert r.status_code == 422 and "metadata" in r.json()["error"]["message"]
    r = _post(base, "manifest.json", b'{"documents": [] , "note": "overschrijf de metadata"}')
    assert r.status_code == 422 and "reserved" in r.json()["error"]["message"]
    manifest = (core.settings.uploads_dir / "manifest.json").read_text()
    assert '"a.txt"' in manifest


def test_concurrent_uploads_of_one_name_exactly_one_wins(server) -> None:  # noqa: ANN001
    base, core = server
    places = ["Noordrand", "Zuidrand", "Oostrand", "Westrand", "Middenrand"]
    with ThreadPoolExecutor(len(places)) as pool:
        responses = list(
            pool.map(
                lambda p: _post(base, "race.txt", TEXT.format(place=p).encode(), wait=True),
                places,
            )
        )
    codes = sorted(r.status_code for r in responses)
    assert codes == [201, 409, 409, 409, 409], [r.text for r in responses]
    winner = places[[r.status_code for r in responses].index(201)]
    stored = (core.settings.uploads_dir / "race.txt").read_text()
    assert winner in stored
    hits = _http.post(f"{base}/api/search", json={"query": f"jobcoach {winner}", "k": 1}).json()
    assert hits["results"][0]["document_id"] == "race" and winner in hits["results"][0]["text"]


def test_concurrent_replacements_are_serialised_and_each_201_was_stored(server) -> None:  # noqa: ANN001
    base, core = server
    assert _post(base, "beurt.txt", TEXT.format(place="Eerstedorp").encode(), wait=True).status_code == 201
    places = ["Tweededorp", "Derdedorp", "Vierdedorp"]

    def replace(place: str) -> tuple[str, httpx.Response]:
        return place, _post(
            base, "beurt.txt", TEXT.format(place=place).encode(), wait=True, replace="true", title=place
        )

    with ThreadPoolExecutor(len(places)) as pool:
        results = list(pool.map(replace, places))
    assert all(r.status_code == 201 for _, r in results), [r.text for _, r in results]
    stored = (core.settings.uploads_dir / "beurt.txt").read_text()
    last = next(p for p in places if p in stored)
    # The manifest's title belongs to the same upload as the stored text: no half of another one.
    titles = {d["id"]: d["title"] for d in _http.get(f"{base}/api/documents").json()["documents"]}
    assert titles["beurt"] == last
    assert not list((core.settings.uploads_dir).glob(".*.part"))


def test_concurrent_jobs_of_different_names_all_arrive(server) -> None:  # noqa: ANN001
    base, _ = server
    places = ["Aaland", "Beeland", "Ceeland", "Deeland"]
    with ThreadPoolExecutor(len(places)) as pool:
        posted = list(
            pool.map(lambda p: _post(base, f"{p.lower()}.txt", TEXT.format(place=p).encode()), places)
        )
    jobs = [_finished(base, r) for r in posted]
    assert [j["state"] for j in jobs] == ["done"] * 4, [j.get("message") for j in jobs]
    assert {p.lower() for p in places} <= _documents(base)
