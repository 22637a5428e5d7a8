"""The corpus manifest: title, publisher, year and kind of each publication, keyed by file name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.types import DocumentInfo

MANIFEST_NAME = "manifest.json"
#: Files in a corpus folder that describe the corpus rather than belong to it.
NOT_PUBLICATIONS = frozenset({MANIFEST_NAME, "README.md", "readme.md", "README.txt"})


def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """Manifest entries by document id; empty when the folder has no manifest."""
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {Path(entry["file"]).stem: entry for entry in data.get("documents", [])}


def document_info(path: Path, entry: dict[str, Any] | None) -> DocumentInfo:
    """Describe a file: from its manifest entry when there is one, else from its name."""
    doc_id = path.stem
    entry = entry or {}
    title = entry.get("title") or doc_id.replace("-", " ").replace("_", " ").strip().capitalize()
    return DocumentInfo(
        id=doc_id,
        title=title,
        publisher=entry.get("publisher"),
        year=entry.get("year"),
        kind=entry.get("kind"),
        source=path.name,
    )
