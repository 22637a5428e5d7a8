"""Question expansions (doc2query) stored beside the publications: ``<folder>/expansions/<doc id>.jsonl``.

Each line ``{"anchor": str, "questions": [str, ...]}`` names its passage by an anchor, a verbatim
stretch of the passage's text (its opening words), so the data survives a re-chunking that keeps
the passage's start, and a passage whose text changed simply loses its questions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from assistant.types import Passage
from ingest.loaders import strip_html

EXPANSIONS_DIR = "expansions"


def expansion_file(publication: Path) -> Path:
    """Where a publication's expansion questions are kept."""
    return publication.parent / EXPANSIONS_DIR / f"{publication.stem}.jsonl"


def load_expansions(publication: Path, passages: Sequence[Passage]) -> dict[str, list[str]]:
    """Passage id → its expansion questions, for the passages whose text holds an entry's anchor."""
    path = expansion_file(publication)
    if not path.is_file():
        return {}
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        # Anchors were taken from the text as loaded; markup the loader now strips is not in it.
        anchor = strip_html(str(entry.get("anchor") or ""))
        questions = [str(q) for q in entry.get("questions") or []]
        if not anchor or not questions:
            continue
        for p in passages:
            if p.text.startswith(anchor):
                out.setdefault(p.id, []).extend(questions)
                break
    return out


def fingerprint_part(publication: Path) -> bytes:
    """The expansion file's bytes (empty without one): a change re-indexes the publication."""
    path = expansion_file(publication)
    return path.read_bytes() if path.is_file() else b""
