"""Chunking: pack blocks into passages sized to the embedding model's window.

Rules: a passage never crosses a section boundary; a list item or table row is never split; a list
keeps its lead sentence and a table its header row (both repeated when the block is split over
several passages); prose is cut between sentences. Sections are cut into evenly sized passages
rather than one full passage plus a scrap.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.language.sentences import BULLET, split_units
from assistant.types import BlockKind
from ingest.structure import Block

#: Bump whenever chunking or structure detection changes how text is cut: it forces a rebuild.
CHUNKER_VERSION = "structure-4"  # 3: HTML stripped at load; 4: but TOC italics kept (case names)

#: Blocks of these kinds are never searchable (the TOC) or only mark boundaries (headings).
_NOT_SEARCHABLE: frozenset[BlockKind] = frozenset({"heading", "toc"})
_MIN_WORD_CHARS = 2  # blocks with fewer letters or digits than this are page furniture
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9À-Þ(“\"'])")
_MAX_HEAD_SHARE = 0.25  # a lead sentence or header row longer than this share is not repeated


@dataclass(frozen=True)
class Chunk:
    """A passage before it gets its id: text, section path, page and source offsets."""

    text: str
    section: tuple[str, ...]
    page: int | None
    start: int
    end: int
    kind: BlockKind


@dataclass(frozen=True)
class _Atom:
    """The smallest piece packing moves around: a whole block, or one unit of a large block."""

    block: int  # index into the group's blocks
    a: int  # span in the block's text
    b: int
    tokens: int


def chunk(
    blocks: Sequence[Block], *, count_tokens: Callable[[str], int], max_tokens: int, min_tokens: int
) -> list[Chunk]:
    """Passages of at most ``max_tokens`` word pieces (a single oversized item or row excepted)."""
    chunks: list[Chunk] = []
    for group in _groups(blocks):
        chunks.extend(
            _pack_group(
                group, count_tokens=count_tokens, max_tokens=max_tokens, min_tokens=min_tokens
            )
        )
    return chunks


def _groups(blocks: Sequence[Block]) -> list[list[Block]]:
    """Runs of searchable blocks that share a section path (and colophon-ness)."""
    groups: list[list[Block]] = []
    key: tuple[object, ...] | None = None
    for block in blocks:
        if block.kind in _NOT_SEARCHABLE:
            continue
        if sum(c.isalnum() for c in block.text) < _MIN_WORD_CHARS:
            continue
        block_key = (block.section, block.kind == "colophon")
        if not groups or block_key != key:
            groups.append([])
            key = block_key
        groups[-1].append(block)
    return groups


def _head_end(block: Block) -> int:
    """End of the part of a list or table that every piece repeats (lead sentence, header row)."""
    if block.kind not in ("list", "table"):
        return 0
    pos = 0
    for line in block.text.split("\n"):
        line_end = pos + len(line)
        if block.kind == "list" and BULLET.match(line):
            return pos - 1 if pos else 0
        if block.kind == "table" and "\t" in line:
            return line_end  # the header row (and any lead sentence above it)
        pos = line_end + 1
    return 0


def _units(block: Block) -> list[tuple[int, int]]:
    """Spans of the pieces a block may be split into: sentences, whole list items, table rows."""
    if block.kind in ("list", "table"):
        spans: list[tuple[int, int]] = []
        pos = 0
        for line in block.text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            if not line.strip():
                continue
            new_unit = block.kind == "table" or BULLET.match(line) or not spans
            if new_unit:
                spans.append((start, end))
            else:
                spans[-1] = (spans[-1][0], end)  # an item's continuation line stays with it
        head = _head_end(block)
        if head and spans and spans[0][1] <= head:
            # the lead sentence or header row is glued to the first item or row
            merged = [s for s in spans if s[1] <= head]
            rest = spans[len(merged) :]
            spans = (
                [(merged[0][0], rest[0][1])] + rest[1:] if rest else [(merged[0][0], merged[-1][1])]
            )
        return spans
    return [(u.start, u.end) for u in split_units(block.text)] or [(0, len(block.text))]


def _sentence_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text[a:b]`` (an oversized list item)."""
    spans: list[tuple[int, int]] = []
    start = a
    for match in _SENTENCE_BREAK.finditer(text, a, b):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, b))
    return [(x, y) for x, y in spans if text[x:y].strip()]


def _pack_group(
    group: Sequence[Block], *, count_tokens: Callable[[str], int], max_tokens: int, min_tokens: int
) -> list[Chunk]:
    atoms: list[_Atom] = []
    head_tokens: dict[int, int] = {}
    for i, block in enumerate(group):
        size = count_tokens(block.text)
        if size <= max_tokens:
            atoms.append(_Atom(i, 0, len(block.text), size))
            continue
        head = _head_end(block)
        if head and count_tokens(block.text[:head]) <= max_tokens * _MAX_HEAD_SHARE:
            head_tokens[i] = count_tokens(block.text[:head])
        for a, b in _units(block):
            tokens = count_tokens(block.text[a:b])
            if tokens <= max_tokens or block.kind != "list":
                atoms.append(_Atom(i, a, b, tokens))
                continue
            # An item longer than the model reads is the one thing cut: between its sentences.
            for sa, sb in _sentence_spans(block.text, a, b):
                atoms.append(_Atom(i, sa, sb, count_tokens(block.text[sa:sb])))
    pieces = _balanced(atoms, head_tokens, max_tokens=max_tokens, min_tokens=min_tokens)
    return [_chunk_of(group, piece, head_tokens) for piece in pieces]


def _balanced(
    atoms: Sequence[_Atom], head_tokens: dict[int, int], *, max_tokens: int, min_tokens: int
) -> list[list[_Atom]]:
    """Cut the atoms into runs of at most ``max_tokens``, as even in size as the atoms allow."""
    total = sum(a.tokens for a in atoms)
    if not atoms:
        return []
    target = max(total / math.ceil(total / max_tokens), float(min_tokens))
    pieces: list[list[_Atom]] = [[]]
    size = 0
    done = 0  # tokens in finished pieces
    for atom in atoms:
        current = pieces[-1]
        repeat = head_tokens.get(atom.block, 0) if current == [] and atom.a > 0 else 0
        cost = atom.tokens + repeat
        over_max = current and size + cost > max_tokens
        past_target = (
            current and size >= min_tokens and done + size + cost / 2 > target * len(pieces)
        )
        if over_max or past_target:
            done += size
            pieces.append([])
            size = head_tokens.get(atom.block, 0) if atom.a > 0 else 0
        pieces[-1].append(atom)
        size += cost
    return [p for p in pieces if p]


def _chunk_of(group: Sequence[Block], atoms: Sequence[_Atom], head_tokens: dict[int, int]) -> Chunk:
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    runs: list[list[_Atom]] = []
    for atom in atoms:
        if runs and runs[-1][-1].block == atom.block:
            runs[-1].append(atom)
        else:
            runs.append([atom])
    for run in runs:
        block = group[run[0].block]
        a, b = run[0].a, run[-1].b
        text = block.text[a:b]
        head = _head_end(block)
        if a > 0 and head and run[0].block in head_tokens:
            text = block.text[:head] + "\n" + text  # repeat the lead sentence or header row
        parts.append(text)
        start, end = block.source_span(a, b)
        starts.append(start)
        ends.append(end)
    first = group[atoms[0].block]
    kinds = {group[r[0].block].kind for r in runs}
    return Chunk(
        text="\n\n".join(parts),
        section=first.section,
        page=first.page,
        start=min(starts),
        end=max(ends),
        kind=kinds.pop() if len(kinds) == 1 else "text",
    )
