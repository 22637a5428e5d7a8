"""Chunking: pack blocks into passages sized to the embedding model's window, never splitting list items or table rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.types import BlockKind
from ingest.structure import Block

#: Bump whenever chunking or structure detection changes how text is cut: it forces a rebuild.
CHUNKER_VERSION = "structure-1"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(])")


@dataclass(frozen=True)
class Chunk:
    """A passage before it gets its id: text, section path, page and source offsets."""

    text: str
    section: tuple[str, ...]
    page: int | None
    start: int
    end: int
    kind: BlockKind


def _units(block: Block) -> list[str]:
    """The smallest pieces a block may be split into: sentences, list items or table rows."""
    if block.kind in ("list", "table"):
        return [ln for ln in block.text.split("\n") if ln.strip()]
    return [s for s in _SENTENCE_END.split(block.text) if s.strip()]


def chunk(
    blocks: Sequence[Block], *, count_tokens: Callable[[str], int], max_tokens: int, min_tokens: int
) -> list[Chunk]:
    """Pack consecutive blocks of one section into chunks of at most ``max_tokens`` word pieces."""
    chunks: list[Chunk] = []
    current: list[Block] = []
    size = 0

    def flush() -> None:
        nonlocal current, size
        if current:
            kinds = {b.kind for b in current}
            chunks.append(
                Chunk(
                    text="\n\n".join(b.text for b in current),
                    section=current[0].section,
                    page=current[0].page,
                    start=current[0].start,
                    end=current[-1].end,
                    kind=kinds.pop() if len(kinds) == 1 else "text",
                )
            )
        current, size = [], 0

    for block in blocks:
        if block.kind in ("heading", "toc", "colophon"):
            if block.kind == "heading" and size >= min_tokens:
                flush()
            continue
        if current and block.section != current[0].section and size >= min_tokens:
            flush()
        tokens = count_tokens(block.text)
        if tokens > max_tokens:
            flush()
            for piece in _split(block, count_tokens=count_tokens, max_tokens=max_tokens):
                current, size = [piece], max_tokens
                flush()
            continue
        if size + tokens > max_tokens:
            flush()
        current.append(block)
        size += tokens
    flush()
    return chunks


def _split(block: Block, *, count_tokens: Callable[[str], int], max_tokens: int) -> list[Block]:
    """Split an oversized block at unit boundaries; a table's header row is repeated in each piece."""
    units = _units(block)
    header = units[0] if block.kind == "table" and len(units) > 1 else None
    pieces: list[Block] = []
    buf: list[str] = []
    size = 0
    search_from = 0

    def emit() -> None:
        nonlocal buf, size, search_from
        if not buf:
            return
        text = ("\n" if block.kind in ("list", "table") else " ").join(buf)
        first = block.text.find(buf[0], search_from)
        first = max(first, 0)
        last = block.text.find(buf[-1], first)
        end = (last + len(buf[-1])) if last >= 0 else len(block.text)
        search_from = end
        pieces.append(Block(block.kind, text, block.section, block.page, block.start + first, block.start + end))
        buf, size = ([header] if header and pieces else []), (count_tokens(header) if header and pieces else 0)

    for unit in units:
        n = count_tokens(unit)
        if buf and size + n > max_tokens and any(u != header for u in buf):
            emit()
        buf.append(unit)
        size += n
    emit()
    return pieces
