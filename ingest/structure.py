"""Structure: split loaded text into blocks (headings, paragraphs, lists, tables) with section paths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.types import BlockKind
from ingest.loaders import LoadedFile

_MAX_HEADING_CHARS = 90
_BULLET = re.compile(r"^\s*(?:[-•▪◦●·*]|[\ue000-\uf8ff]|\d{1,2}[.)])\s+")
_TOC_LINE = re.compile(r"(?:\t|\s{2,}|>\s*\t?)\s*\d{1,3}\s*$")
_NUMBERED_CHAPTER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\S")


@dataclass(frozen=True)
class Block:
    """A unit of text that chunking never splits inside a list item or table row."""

    kind: BlockKind
    text: str
    section: tuple[str, ...]
    page: int | None
    start: int
    end: int


def _paragraphs(loaded: LoadedFile) -> Iterator[tuple[str, int | None, int]]:
    """Yield (paragraph text, page, offset in loaded.text) for each blank-line-separated paragraph."""
    offset = 0
    for i, page in enumerate(loaded.pages):
        if i:
            offset += 2  # the "\n\n" that LoadedFile.text puts between pages
        for match in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", page.text):
            text = match.group(0).strip()
            if text:
                yield text, page.number, offset + match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        offset += len(page.text)


def _is_heading(text: str) -> bool:
    if "\n" in text or len(text) > _MAX_HEADING_CHARS or "\t" in text:
        return False
    if _BULLET.match(text):
        return False
    return not text.rstrip().endswith((".", ",", ";", ":", "?")) or text.endswith("?") and len(text) < 70


def _kind(text: str) -> BlockKind:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if lines and sum(bool(_TOC_LINE.search(ln)) for ln in lines) >= max(2, len(lines) // 2):
        return "toc"
    if sum("\t" in ln for ln in lines) >= max(1, len(lines) // 2):
        return "table"
    if any(_BULLET.match(ln) for ln in lines):
        return "list"
    return "text"


def parse(loaded: LoadedFile) -> list[Block]:
    """Blocks of the file in reading order, each with the section path it stands under."""
    blocks: list[Block] = []
    chapter: str | None = None
    sub: str | None = None
    for text, page, start in _paragraphs(loaded):
        end = start + len(text)
        kind = _kind(text)
        if kind == "text" and _is_heading(text):
            if _NUMBERED_CHAPTER.match(text) or text.isupper():
                chapter, sub = text, None
            else:
                sub = text
            section = tuple(x for x in (chapter, sub) if x)
            blocks.append(Block("heading", text, section, page, start, end))
            continue
        section = tuple(x for x in (chapter, sub) if x)
        blocks.append(Block(kind, text, section, page, start, end))
    return blocks
