"""Upload checks and files on hand-made bytes in a temp dir: kinds, names, limits, locks, recovery."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from assistant.errors import InvalidInputError, TooLargeError
from assistant.records.uploads import (
    LOCKS_DIR,
    PENDING_DIR,
    REJECTED_DIR,
    check_upload,
    manifest_entry,
    mark_pending,
    open_document_lock,
    recover_interrupted,
    safe_stem,
    sniff,
    update_manifest,
    write_atomically,
)

TEXT = b"De jobcoach blijft een half jaar betrokken bij de kandidaat."


def docx_bytes(*, extra: bytes = b"", main: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if main:
            archive.writestr("word/document.xml", "<w:document/>")
        if extra:
            archive.writestr("word/media/big.bin", extra)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "stem"),
    [("Werkfit Rapport 2019.pdf", "werkfit-rapport-2019"), ("../../etc/passwd", "passwd"),
     ("C:\\Users\\jan\\Cliënten.docx", "clienten"), ("notitie", "notitie"), ("---.txt", ""),
     ("a" * 100 + ".md", "a" * 80), ("verslag.v2.final.txt", "verslag-v2-final")],
)
def test_a_file_name_becomes_a_safe_document_id(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


def test_the_kind_is_judged_by_the_bytes() -> None:
    assert sniff(b"%PDF-1.7 rest") == "pdf"
    assert sniff(docx_bytes()) == "docx"
    assert sniff(TEXT) == "text"


@pytest.mark.parametrize(
    ("data", "says"),
    [(b"PK\x03\x04 kapot", "damaged"), (docx_bytes(main=False, extra=b"x"), "not a Word"),
     ("Cliënten".encode("latin-1") * 5, "not a PDF, a Word"), (b"tekst\x00" * 10, "binary data"),
     (b"   kort  ", "nearly\\) empty")],
)
def test_unusable_bytes_are_refused_with_what_to_do(data: bytes, says: str) -> None:
    with pytest.raises(InvalidInputError, match=says):
        sniff(data)


def test_a_word_file_that_unpacks_past_the_cap_is_too_large() -> None:
    data = docx_bytes(extra=b"0" * (3 * 1024 * 1024))
    with pytest.raises(TooLargeError, match="WERKWIJZER_MAX_DOCX_UNCOMPRESSED_MB"):
        sniff(data, max_docx_bytes=1024 * 1024)
    assert sniff(data, max_docx_bytes=10 * 1024 * 1024) == "docx"


def test_a_checked_upload_gets_its_extension_from_its_content() -> None:
    assert check_upload(TEXT, "Notities.md", max_bytes=10_000).file_name == "notities.md"
    assert check_upload(TEXT, "rapport.pdf", max_bytes=10_000).file_name == "rapport.txt"  # text is text
    checked = check_upload(b"%PDF-1.7 x", "Rapport", max_bytes=10_000)
    assert (checked.file_name, checked.document_id, checked.kind, checked.size) == ("rapport.pdf", "rapport",
                                                                                     "pdf", 10)


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [(b"", "a.txt", "empty"), (TEXT * 100, "a.txt", "the limit is 0 MB"), (TEXT, "!!!.txt", "no usable letters"),
     (TEXT, "manifest.json", "reserved")],
)
def test_bad_uploads_are_refused(data: bytes, name: str, says: str) -> None:
    with pytest.raises(InvalidInputError, match=says):
        check_upload(data, name, max_bytes=len(TEXT) * 10)


def test_a_text_over_the_character_limit_is_too_large() -> None:
    with pytest.raises(TooLargeError, match="WERKWIJZER_MAX_DOCUMENT_CHARS"):
        check_upload(TEXT, "a.txt", max_bytes=10_000, max_chars=10)


def test_an_atomic_write_leaves_no_part_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "werkfit.txt"
    write_atomically(target, TEXT)
    write_atomically(target, b"nieuw")
    assert target.read_bytes() == b"nieuw"
    assert [p.name for p in target.parent.iterdir()] == ["werkfit.txt"]


def test_the_manifest_holds_one_entry_per_document(tmp_path: Path) -> None:
    update_manifest(tmp_path, "werkfit.txt", {"title": "Werkfit", "year": None})
    update_manifest(tmp_path, "oss.pdf", {"title": "Oss"})
    update_manifest(tmp_path, "werkfit.pdf", {"title": "Werkfit 2"})  # same document, another file
    assert manifest_entry(tmp_path, "werkfit.pdf") == {"title": "Werkfit 2"}
    assert manifest_entry(tmp_path, "werkfit.txt") == {"title": "Werkfit 2"}  # by document, not file
    update_manifest(tmp_path, "oss.pdf", None)
    assert manifest_entry(tmp_path, "oss.pdf") is None
    assert manifest_entry(tmp_path / "leeg", "x.txt") is None


def test_a_document_lock_is_exclusive(tmp_path: Path) -> None:
    held = open_document_lock(tmp_path, "werkfit")
    try:
        with pytest.raises(BlockingIOError):
            open_document_lock(tmp_path, "werkfit", wait=False)
        open_document_lock(tmp_path, "oss", wait=False).close()  # other names are free
    finally:
        held.close()
    open_document_lock(tmp_path, "werkfit", wait=False).close()
    assert (tmp_path / LOCKS_DIR / "werkfit.lock").exists()


def test_an_upload_whose_ingest_was_killed_is_set_aside_at_start(tmp_path: Path) -> None:
    write_atomically(tmp_path / "werkfit.txt", TEXT)
    update_manifest(tmp_path, "werkfit.txt", {"title": "Werkfit"})
    mark_pending(tmp_path, "werkfit.txt", "job-1")
    assert recover_interrupted(tmp_path) == [("werkfit.txt", "job-1")]
    assert (tmp_path / REJECTED_DIR / "werkfit.txt").read_bytes() == TEXT
    assert not (tmp_path / "werkfit.txt").exists() and manifest_entry(tmp_path, "werkfit.txt") is None
    assert not any((tmp_path / PENDING_DIR).iterdir())
    assert recover_interrupted(tmp_path) == [] and recover_interrupted(tmp_path / "leeg") == []


def test_an_upload_being_ingested_right_now_is_left_alone(tmp_path: Path) -> None:
    write_atomically(tmp_path / "werkfit.txt", TEXT)
    mark_pending(tmp_path, "werkfit.txt", "job-2")
    held = open_document_lock(tmp_path, "werkfit")
    try:
        assert recover_interrupted(tmp_path) == []
    finally:
        held.close()
    assert (tmp_path / "werkfit.txt").exists()


def test_a_marker_being_written_is_not_a_killed_ingest(tmp_path: Path) -> None:
    # write_atomically's temporary file of a live job's marker, caught between write and rename
    write_atomically(tmp_path / "werkfit.txt", TEXT)
    (tmp_path / PENDING_DIR).mkdir()
    part = tmp_path / PENDING_DIR / ".werkfit.txt.k3j2.part"
    part.write_text("job-3", encoding="utf-8")
    assert recover_interrupted(tmp_path) == []
    assert part.exists() and (tmp_path / "werkfit.txt").exists()
