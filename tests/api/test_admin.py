"""Admin endpoints: uploads checked by content, size and name; delete; rebuild; 409 while ingesting."""

from __future__ import annotations

import fcntl
import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.conftest import CORPUS, admin_headers_for, make_settings
from werkwijzer.compose import build_core

CORPUS_DOC = "werkfit-trajecten-presentatie"
TEXT = (
    "# Jobcoaching in de regio Zuidwaard\n\n"
    "De gemeente Zuidwaard zet sinds 2024 jobcoaches in bij kleine werkgevers. "
    "Een jobcoach begeleidt de werknemer het eerste halfjaar wekelijks op de werkvloer.\n"
)


@pytest.fixture
def admin(tmp_path: Path, embedder) -> Iterator[tuple[TestClient, object]]:  # noqa: ANN001
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / f"{CORPUS_DOC}.txt", corpus)
    settings = make_settings(tmp_path / "data", corpus_dir=corpus, max_upload_mb=1)
    core = build_core(settings, embedder=embedder)
    core.indexer.ingest()
    app = create_app(core)
    with TestClient(app, base_url="http://localhost", headers=admin_headers_for(core)) as client:
        yield client, core


def _upload(client: TestClient, name: str, data: bytes, **form: str):  # noqa: ANN202
    """Upload and wait for the ingest (?wait=true: 201 as before jobs existed)."""
    return client.post(
        "/api/admin/documents",
        params={"wait": "true"},
        files={"file": (name, data, "application/octet-stream")},
        data=form,
    )


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def test_text_upload_is_typed_by_content_and_searchable(admin) -> None:  # noqa: ANN001
    client, core = admin
    r = _upload(
        client,
        "Zuidwaard Jobcoaching.pdf",
        TEXT.encode(),
        title="Jobcoaching Zuidwaard",
        year="2025",
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["document"]["id"] == "zuidwaard-jobcoaching"
    assert body["document"]["title"] == "Jobcoaching Zuidwaard" and body["document"]["year"] == 2025
    assert body["ingest"]["documents"]["zuidwaard-jobcoaching"] >= 1
    stored = sorted(p.name for p in core.settings.uploads_dir.iterdir())
    assert "zuidwaard-jobcoaching.txt" in stored  # named by its content, not its claimed .pdf
    hits = client.post("/api/search", json={"query": "jobcoach Zuidwaard", "k": 3}).json()[
        "results"
    ]
    assert hits[0]["document_id"] == "zuidwaard-jobcoaching"


def test_pdf_and_docx_uploads(admin) -> None:  # noqa: ANN001
    client, _ = admin
    r = _upload(
        client,
        "notitie",
        _pdf("Het loonkostensubsidiebeleid van de gemeente Noordveld in het kort."),
    )
    assert r.status_code == 201, r.text
    assert r.json()["document"]["id"] == "notitie"

    from docx import Document

    doc = Document()
    doc.add_heading("Beschut werk in Oostmark", level=1)
    doc.add_paragraph("Oostmark biedt beschut werk aan inwoners die veel begeleiding nodig hebben.")
    buffer = io.BytesIO()
    doc.save(buffer)
    r = _upload(client, "beschut.txt", buffer.getvalue())
    assert r.status_code == 201, r.text
    ids = {d["id"] for d in client.get("/api/documents").json()["documents"]}
    assert {"notitie", "beschut", CORPUS_DOC} <= ids


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("leeg.txt", b"", "empty"),
        ("plaatje.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not a PDF"),
        ("archief.docx", b"PK\x03\x04" + b"\x00" * 40, "damaged"),
        ("kort.txt", b"hallo", "nearly) empty"),
        ("....txt", TEXT.encode(), "no usable letters"),
    ],
)
def test_bad_uploads_are_422_and_leave_nothing(admin, name: str, data: bytes, message: str) -> None:  # noqa: ANN001
    client, core = admin
    r = _upload(client, name, data)
    assert r.status_code == 422, r.text
    assert message in r.json()["error"]["message"]
    uploads = core.settings.uploads_dir
    assert not uploads.exists() or not [p for p in uploads.iterdir() if p.name != "manifest.json"]


def test_zip_that_is_not_docx_is_refused(admin) -> None:  # noqa: ANN001
    client, _ = admin
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    r = _upload(client, "stukken.docx", buffer.getvalue())
    assert r.status_code == 422 and "not a Word" in r.json()["error"]["message"]


def test_upload_over_the_cap_is_413(admin) -> None:  # noqa: ANN001
    client, _ = admin
    r = _upload(client, "groot.txt", b"werk " * 300_000)  # 1.5 MB against a 1 MB cap
    assert r.status_code == 413
    assert "1 MB" in r.json()["error"]["message"]


def test_path_in_file_name_is_dropped(admin) -> None:  # noqa: ANN001
    client, core = admin
    r = _upload(client, "../../../etc/Ünïcode Nota.md", TEXT.encode())
    assert r.status_code == 201, r.text
    assert r.json()["document"]["id"] == "unicode-nota"
    assert (core.settings.uploads_dir / "unicode-nota.md").exists()


def test_same_name_needs_replace_and_corpus_ids_are_taken(admin) -> None:  # noqa: ANN001
    client, _ = admin
    assert _upload(client, "nota.txt", TEXT.encode()).status_code == 201
    r = _upload(client, "nota.txt", TEXT.encode())
    assert r.status_code == 409 and "replace=true" in r.json()["error"]["message"]
    assert (
        _upload(
            client,
            "nota.txt",
            (TEXT + "Extra regel over re-integratie.\n").encode(),
            replace="true",
        ).status_code
        == 201
    )
    r = _upload(client, f"{CORPUS_DOC}.txt", TEXT.encode())
    assert r.status_code == 409 and "rename" in r.json()["error"]["message"]


def test_delete_uploaded_document_but_not_a_corpus_one(admin) -> None:  # noqa: ANN001
    client, core = admin
    assert _upload(client, "weg.txt", TEXT.encode()).status_code == 201
    r = client.delete("/api/admin/documents/weg")
    assert r.status_code == 200 and r.json()["deleted"] == "weg"
    assert "weg" not in {d["id"] for d in client.get("/api/documents").json()["documents"]}
    assert not (core.settings.uploads_dir / "weg.txt").exists()
    assert client.delete("/api/admin/documents/weg").status_code == 404
    r = client.delete(f"/api/admin/documents/{CORPUS_DOC}")
    assert r.status_code == 409 and "corpus folder" in r.json()["error"]["message"]


def test_second_ingest_while_one_runs_is_409_and_keeps_state(admin) -> None:  # noqa: ANN001
    from ingest.pipeline import _LOCK_FILE

    client, core = admin
    before = client.get("/api/documents").json()
    # Hold the ingest lock exactly as a running `werkwijzer ingest` in another process does.
    with (core.repository.root / _LOCK_FILE).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            for r in (
                client.post("/api/admin/ingest"),
                client.post("/api/admin/rebuild"),
                _upload(client, "tussendoor.txt", TEXT.encode()),
            ):
                assert r.status_code == 409, r.text
                assert r.json()["error"]["type"] == "conflict"
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    assert not (core.settings.uploads_dir / "tussendoor.txt").exists()
    assert client.get("/api/documents").json() == before


def test_rebuild_and_ingest(admin) -> None:  # noqa: ANN001
    client, _ = admin
    r = client.post("/api/admin/rebuild")
    assert r.status_code == 200 and r.json()["ingest"]["rebuilt"] is True
    r = client.post("/api/admin/ingest")
    assert r.status_code == 200 and r.json()["ingest"]["passages"]["added"] == 0


@pytest.mark.parametrize(
    "part",
    [
        b'Content-Disposition: form-data; name="file"; filename="nota\xed\xa0\x80.txt"\r\n',
        b'Content-Disposition: form-data; name="title"\r\n\r\nTitel \xed\xa0\x80\r\n--XyZ\r\n'
        b'Content-Disposition: form-data; name="file"; filename="nota.txt"\r\n',
    ],
)
def test_invalid_text_in_upload_names_is_422(admin, part: bytes) -> None:  # noqa: ANN001
    client, core = admin
    body = b"--XyZ\r\n" + part + b"Content-Type: text/plain\r\n\r\n" + TEXT.encode() + b"\r\n--XyZ--\r\n"
    r = client.post(
        "/api/admin/documents", content=body, headers={"Content-Type": "multipart/form-data; boundary=XyZ"}
    )
    # Not UTF-8 (a surrogate's bytes), so read as Latin-1: control characters a person never types.
    assert r.status_code == 422, r.text
    assert "binary data" in r.json()["error"]["message"]
    assert not core.settings.uploads_dir.exists() or not any(core.settings.uploads_dir.glob("nota*"))
