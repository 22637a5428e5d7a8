"""Uploaded publications: type by content (not by name), safe file names, and the uploads manifest."""

from __future__ import annotations

import io
import json
import os
import re
import threading
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import InvalidInputError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_MAIN_PART = "word/document.xml"
MANIFEST_NAME = "manifest.json"  # same name and shape the ingest step reads in every source folder
_MAX_STEM = 80
_MIN_TEXT_CHARS = 20
_SAFE = re.compile(r"[^a-z0-9]+")
_TEXT_SUFFIXES = (".md", ".txt")
_manifest_lock = threading.Lock()


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


def sniff(data: bytes) -> str:
    """The kind of a file judged by its bytes: 'pdf', 'docx' or 'text'; InvalidInputError otherwise."""
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if DOCX_MAIN_PART in archive.namelist():
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


def check_upload(data: bytes, file_name: str, *, max_bytes: int) -> CheckedUpload:
    """Check an upload's size and content and choose its stored name (extension from the content)."""
    if not data:
        raise InvalidInputError("The uploaded file is empty.")
    if len(data) > max_bytes:
        raise InvalidInputError(
            f"The file is {len(data) // (1024 * 1024)} MB; the limit is {max_bytes // (1024 * 1024)} MB."
        )
    kind = sniff(data)
    stem = safe_stem(file_name or "")
    if not stem:
        raise InvalidInputError(
            "The file name has no usable letters or digits; give the file a descriptive name."
        )
    if kind == "text":  # noqa: SIM108
        # Markdown keeps its headings as structure; any other text is plain text.
        suffix = ".md" if file_name.lower().endswith(_TEXT_SUFFIXES[0]) else ".txt"
    else:
        suffix = f".{kind}"
    return CheckedUpload(file_name=stem + suffix, document_id=stem, kind=kind, size=len(data))


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so readers see either nothing or all of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def update_manifest(folder: Path, file_name: str, entry: dict[str, Any] | None) -> None:
    """Set (or with ``entry`` None, remove) the manifest entry of ``file_name`` in ``folder``."""
    with _manifest_lock:
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
