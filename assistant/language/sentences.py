"""Split passage text into quotable units (sentences, list items, table rows) with exact offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before white space and
# a capital, digit, bullet or opening quote; abbreviations such as "o.a." or "bijv." are not ends.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9À-Þ“\"'(•\-–])")
_ABBREVIATIONS = re.compile(r"(?:\b(?:o\.a|e\.d|bijv|m\.n|d\.w\.z|i\.p\.v|t\.o\.v|ca|nr|resp|incl|excl|mln|mld|dhr|mevr|drs|ir|dr|prof|zgn|enz|max|min|gem|evt|bv|nl|jr|mnd|tel|vgl|zie|art)\.|\b[A-Z]\.)$", re.IGNORECASE)  # noqa: E501
#: A list item's bullet or number: the one pattern ingest, answers and LLM replies share.
BULLET = re.compile(r"^\s*(?:[-•▪◦●·*–○■□✓✔]|[\ue000-\uf8ff]|\d{1,2}[.)])\s+")


def ends_in_abbreviation(text: str) -> bool:
    """Whether ``text`` ends in an abbreviation ("o.a.", "max.", "B.V."), so its full stop ends nothing."""
    return bool(_ABBREVIATIONS.search(text.rstrip()))


@dataclass(frozen=True)
class Unit:
    """A quotable piece of a passage: ``text == passage_text[start:end]`` always holds."""

    text: str
    start: int
    end: int
    kind: str  # "sentence", "item" (list item) or "row" (table row)


def split_units(text: str) -> list[Unit]:
    """Units of ``text`` in order: list items and table rows whole, prose cut into sentences."""
    units: list[Unit] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        offset = line_start + (len(line) - len(line.lstrip()))
        if "\t" in stripped or BULLET.match(line):
            kind = "row" if "\t" in stripped else "item"
            units.append(Unit(stripped, offset, offset + len(stripped), kind))
            continue
        units.extend(_sentences(stripped, offset))
    return units


def _sentences(line: str, offset: int) -> list[Unit]:
    out: list[Unit] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        # The sentence keeps its closing quote or bracket ("... maken.\"", "(zie tabel 3.)").
        closer = len(match.group(0)) - len(match.group(0).lstrip("\"')]"))
        candidate = line[start : match.start() + closer].rstrip()
        if _ABBREVIATIONS.search(line[start : match.start()]):
            continue
        piece = candidate.strip()
        if piece:
            s = start + (len(line[start:]) - len(line[start:].lstrip()))
            out.append(Unit(piece, offset + s, offset + s + len(piece), "sentence"))
        start = match.end()
    tail = line[start:].strip()
    if tail:
        s = start + (len(line[start:]) - len(line[start:].lstrip()))
        out.append(Unit(tail, offset + s, offset + s + len(tail), "sentence"))
    return out
