"""Uploaded publications: type by content (not by name), safe file names, and the uploads manifest."""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import tempfile
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from assistant.errors import InvalidInputError, TooLargeError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_MAIN_PART = "word/document.xml"
MANIFEST_NAME = "manifest.json"  # same name and shape the ingest step reads in every source folder
_MAX_STEM = 80
_MIB = 1024 * 1024
_MIN_TEXT_CHARS = 20
_SAFE = re.compile(r"[^a-z0-9]+")
_TEXT_SUFFIXES = (".md", ".txt")
_manifest_lock = threading.Lock()
#: Folders inside the uploads folder (dot names: ingest never reads them as publications).
LOCKS_DIR = ".locks"
PENDING_DIR = ".pending"
REJECTED_DIR = ".rejected"
MANIFEST_LOCK = ".manifest"
RESERVED_IDS = frozenset({Path(MANIFEST_NAME).stem})
INTERRUPTED_REASON = (
    "its ingest was interrupted (the process was killed or crashed, e.g. out of memory); "
    "it is set aside and not retried. Check the file, split it if it is very large, and upload it again."
)


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks: its content kind and the file name it will be stored as."""

    file_name: str
    document_id: str
    kind: str  # "pdf", "docx" or "text"
    size: int


def safe_stem(name: str) -> str:
    """A file-name stem that is safe on every file system and usable as a document id."""
    stem = Path(name.replace("\\", "/")).name  # never a directory part: no ../ tricks
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    return _SAFE.sub("-", ascii_text.lower()).strip("-")[:_MAX_STEM].strip("-")


def check_unpacked_size(archive: zipfile.ZipFile, max_bytes: int) -> None:
    """Refuse a zip whose members unpack to more than ``max_bytes`` (read from its directory, nothing inflated).

    The sizes in the directory cannot lie to the reader: zipfile stops at the declared size.
    """
    total = sum(info.file_size for info in archive.infolist())
    if total > max_bytes:
        raise TooLargeError(
            f"The Word file unpacks to {total // _MIB} MB of content; the limit is {max_bytes // _MIB} MB "
            "(WERKWIJZER_MAX_DOCX_UNCOMPRESSED_MB). Split the document or remove embedded media."
        )


def sniff(data: bytes, *, max_docx_bytes: int | None = None) -> str:
    """The kind of a file judged by its bytes: 'pdf', 'docx' or 'text'; InvalidInputError otherwise."""
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if DOCX_MAIN_PART in archive.namelist():
                    if max_docx_bytes is not None:
                        check_unpacked_size(archive, max_docx_bytes)
                    return "docx"
        except zipfile.BadZipFile as e:
            raise InvalidInputError("The file looks like a ZIP archive but is damaged.") from e
        raise InvalidInputError("The file is a ZIP archive but not a Word (.docx) document.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidInputError(
            "The file is not a PDF, a Word (.docx) document or UTF-8 text; convert it to one of those."
        ) from e
    if "\x00" in text:
        raise InvalidInputError("The file contains binary data; upload a PDF, .docx or UTF-8 text.")
    if len(text.strip()) < _MIN_TEXT_CHARS:
        raise InvalidInputError(
            "The text file is (nearly) empty; there is nothing to search in it."
        )
    return "text"


def check_upload(
    data: bytes,
    file_name: str,
    *,
    max_bytes: int,
    max_docx_bytes: int | None = None,
    max_chars: int | None = None,
) -> CheckedUpload:
    """Check an upload's size and content and choose its stored name (extension from the content)."""
    if not data:
        raise InvalidInputError("The uploaded file is empty.")
    if len(data) > max_bytes:
        raise InvalidInputError(
            f"The file is {len(data) // (1024 * 1024)} MB; the limit is {max_bytes // (1024 * 1024)} MB."
        )
    kind = sniff(data, max_docx_bytes=max_docx_bytes)
    if kind == "text" and max_chars is not None:
        chars = len(data.decode("utf-8"))
        if chars > max_chars:
            raise TooLargeError(
                f"The text has {chars} characters; the limit is {max_chars} per document "
                "(WERKWIJZER_MAX_DOCUMENT_CHARS). Split it into several files."
            )
    stem = safe_stem(file_name or "")
    if not stem:
        raise InvalidInputError(
            "The file name has no usable letters or digits; give the file a descriptive name."
        )
    if stem in RESERVED_IDS:
        raise InvalidInputError(
            f"The name {stem!r} is reserved for the uploads' metadata; rename the file."
        )
    if kind == "text":  # noqa: SIM108
        # Markdown keeps its headings as structure; any other text is plain text.
        suffix = ".md" if file_name.lower().endswith(_TEXT_SUFFIXES[0]) else ".txt"
    else:
        suffix = f".{kind}"
    return CheckedUpload(file_name=stem + suffix, document_id=stem, kind=kind, size=len(data))


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so readers see either nothing or all of it, and it is on disk when this returns.

    A temporary file of its own (two writers never share one), fsync, rename, fsync of the folder.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the rename itself survives a power cut
    finally:
        os.close(folder)


@contextmanager
def document_lock(folder: Path, document_id: str) -> Iterator[IO[str]]:
    """Hold the lock of one document name (a file lock: it holds across processes); waits its turn."""
    handle = open_document_lock(folder, document_id)
    try:
        yield handle
    finally:
        handle.close()  # closing drops the flock


def open_document_lock(folder: Path, document_id: str, *, wait: bool = True) -> IO[str]:
    """The open, locked lock file of a document; close it to release. BlockingIOError when busy and not ``wait``."""
    locks = folder / LOCKS_DIR
    locks.mkdir(parents=True, exist_ok=True)
    handle = (locks / f"{document_id}.lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BaseException:
        handle.close()
        raise
    return handle


def manifest_entry(folder: Path, file_name: str) -> dict[str, Any] | None:
    """The manifest entry of ``file_name``'s document (without its "file"), or None."""
    path = folder / MANIFEST_NAME
    if not path.exists():
        return None
    stem = Path(file_name).stem
    for d in json.loads(path.read_text(encoding="utf-8")).get("documents", []):
        if Path(d["file"]).stem == stem:
            return {k: v for k, v in d.items() if k != "file"}
    return None


def mark_pending(folder: Path, file_name: str, job_id: str) -> None:
    """Note that ``file_name`` is being ingested (a marker left behind means the ingest was killed)."""
    write_atomically(folder / PENDING_DIR / file_name, job_id.encode())


def clear_pending(folder: Path, file_name: str) -> None:
    """The ingest of ``file_name`` ended (stored or set aside)."""
    (folder / PENDING_DIR / file_name).unlink(missing_ok=True)


def set_aside(folder: Path, file_name: str, reason: str) -> Path:
    """Move an upload that could not be ingested to ``.rejected/`` with its reason; it is not retried."""
    rejected = folder / REJECTED_DIR
    rejected.mkdir(parents=True, exist_ok=True)
    target = rejected / file_name
    source = folder / file_name
    if source.exists():
        os.replace(source, target)
    write_atomically(rejected / f"{file_name}.reason.txt", (reason + "\n").encode("utf-8"))
    update_manifest(folder, file_name, None)
    clear_pending(folder, file_name)
    return target


def recover_interrupted(folder: Path) -> list[tuple[str, str]]:
    """Set aside uploads whose ingest was killed or crashed (a pending marker nobody holds the lock of).

    Returns (file name, job id) of each: such a file would otherwise be ingested, and kill the
    process again, at every start.
    """
    pending = folder / PENDING_DIR
    if not pending.is_dir():
        return []
    found: list[tuple[str, str]] = []
    for marker in sorted(pending.iterdir()):
        if marker.name.startswith("."):
            # A marker being written (write_atomically's ".name.xxxx.part"): its job is alive, and
            # taking it for a killed one failed that job and pulled the file from under its rename.
            continue
        try:
            handle = open_document_lock(folder, Path(marker.name).stem, wait=False)
        except BlockingIOError:
            continue  # a live process is ingesting it right now
        try:
            if not marker.exists():
                continue
            job_id = marker.read_text(encoding="utf-8").strip()
            set_aside(folder, marker.name, INTERRUPTED_REASON)
            found.append((marker.name, job_id))
        finally:
            handle.close()
    return found


def update_manifest(folder: Path, file_name: str, entry: dict[str, Any] | None) -> None:
    """Set (or with ``entry`` None, remove) the manifest entry of ``file_name`` in ``folder``."""
    # A thread lock for this process's threads, a file lock for the other processes.
    with _manifest_lock, document_lock(folder, MANIFEST_LOCK):
        path = folder / MANIFEST_NAME
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"documents": []}
        stem = Path(file_name).stem
        documents = [d for d in data.get("documents", []) if Path(d["file"]).stem != stem]
        if entry is not None:
            documents.append(
                {"file": file_name, **{k: v for k, v in entry.items() if v is not None}}
            )
        data["documents"] = documents
        write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
