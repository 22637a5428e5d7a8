"""Structure: split loaded text into blocks (headings, paragraphs, lists, tables) with section paths.

The publications are plain-text extractions: headings are bare lines, lists start with a bullet,
tables are tab-separated rows. The rules here are general, in this order of trust:

1. the document's own table of contents (its lines name the headings, in order, with their level);
2. typography: numbered headings ("2 Werkfit-trajecten in beeld", "2.1 ..."), ALL-CAPS lines,
   short lines without closing punctuation, arrow-marked titles ("› Regio Achterhoek");
3. repetition: headings that recur in the TOC under several entries ("Resultaten") sit one level
   below the entries they recur under (the cases of a chapter).

Blocks keep exact source offsets: ``segments`` maps every character of ``Block.text`` that came
from the source to its position in ``LoadedFile.text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from assistant.language.backmatter import is_colophon_heading, is_contact_line
from assistant.language.sentences import BULLET
from assistant.types import BlockKind
from ingest.loaders import PAGE_JOINT, LoadedFile

#: (position in block text, position in source text, length) of a verbatim piece.
Segment = tuple[int, int, int]

_MAX_HEADING_CHARS = 100
_MAX_TOC_HEADING_CHARS = 200
_MAX_HEADING_WORDS = 14
_MAX_PLAIN_HEADING_WORDS = 9  # longer lines that are no question, caps or TOC line are sentences
_MIN_LEAD_WORDS = 6  # a line this long right before a list introduces it
_MAX_CAPS_HEADING_LINES = 3
_CAPS_SHARE = 0.85  # share of upper-case letters that makes a line an ALL-CAPS heading
_MIN_CAPS_LETTERS = 4
_FUZZY_MATCH = 0.88  # similarity at which a body heading is taken to be a TOC line with a typo
_MIN_PREFIX_MATCH_CHARS = 5
_TOC_LINE_SHARE = 0.5  # share of lines that must look like "title<TAB>page" in a TOC paragraph
_AUTO_TOC_MIN_LINES = 3
_AUTO_TOC_REGION = 0.2  # a TOC without a heading is only looked for in the first fifth of a text
_MAX_LEVEL = 6

#: Bullets: dashes, dots, private-use glyphs from symbol fonts, "1)" / "1." enumerations.
#: A line whose bullet glyph was lost in extraction: one leading space, then text.
_LOST_BULLET = re.compile(r"^ (?! )\S")
#: Arrows and markers that typeset a title ("➔ Inleiding", "› Regio Achterhoek").
_TITLE_MARK = re.compile(r"^\s*(?:[›»➔➜→⇒▶►]|•(?=\s+\S.*\t))\s*")
_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?(?:\s+|\t)(?=\S)")
_TOC_LINE = re.compile(
    r"^(?P<title>\S.*?)(?:\s+>|\s*\.{2,}|\s*…+)?\s*(?:\t| {2,})\s*(?P<page>\d{1,3})\s*$"
)
_TOC_HEADING = re.compile(r"^(?:inhoudsopgave|inhoud|contents|table of contents)$", re.IGNORECASE)
_CAPTION = re.compile(
    r"^(?:figuur|figure|fig\.|tabel|table|foto|bron|grafiek|afbeelding|bijlage)\b", re.IGNORECASE
)
_ITALIC = re.compile(r"</?i>", re.IGNORECASE)
_SUBTITLE = re.compile(r"^(?P<title>.*?)\s*<i>(?P<subtitle>.*?)</i>\s*$", re.IGNORECASE)
_CLOSING = (".", ",", ";", ":")
_SENTENCE_END = (".", "!", "?", ":", ";", ")", "”", '"', "'", "…")


@dataclass(frozen=True)
class Block:
    """A unit of text that chunking never splits inside a list item or table row."""

    kind: BlockKind
    text: str
    section: tuple[str, ...]
    page: int | None
    start: int
    end: int
    segments: tuple[Segment, ...] = ()

    def source_span(self, a: int, b: int) -> tuple[int, int]:
        """Source offsets of ``text[a:b]`` (the nearest verbatim characters at either end)."""
        return _map(self.segments, a, start=True, fallback=self.start), _map(
            self.segments, b, start=False, fallback=self.end
        )


def _map(segments: Sequence[Segment], pos: int, *, start: bool, fallback: int) -> int:
    if not segments:
        return fallback
    keys = [s[0] for s in segments]
    i = max(0, bisect_right(keys, pos) - 1)
    block_pos, source_pos, length = segments[i]
    if pos <= block_pos + length:
        return source_pos + max(0, pos - block_pos)
    # ``pos`` falls in a joint inserted between two pieces (a space or newline).
    if start and i + 1 < len(segments):
        return segments[i + 1][1]
    return source_pos + length


@dataclass
class _Para:
    """A blank-line-separated paragraph: its lines with their source offsets."""

    lines: list[tuple[str, int]]
    page: int | None

    @property
    def text(self) -> str:
        return "\n".join(t.strip() for t, _ in self.lines)

    @property
    def start(self) -> int:
        text, offset = self.lines[0]
        return offset + len(text) - len(text.lstrip())

    @property
    def end(self) -> int:
        text, offset = self.lines[-1]
        return offset + len(text.rstrip())


@dataclass
class _Piece:
    """A paragraph (or merged paragraphs) on its way to becoming a block."""

    kind: BlockKind
    text: str
    page: int | None
    segments: list[Segment] = field(default_factory=list)
    heading: str | None = None  # normalised heading text when kind == "heading"
    style: str = ""  # how the heading is set: "num1", "num2", "caps", "mark:›", "plain"

    @property
    def start(self) -> int:
        return self.segments[0][1]

    @property
    def end(self) -> int:
        pos, source, length = self.segments[-1]
        return source + length

    def append(self, other: _Piece, joint: str) -> None:
        """Add ``other`` after ``joint`` (a space or newline that is not in the source)."""
        base = len(self.text) + len(joint)
        self.text += joint + other.text
        self.segments.extend((pos + base, source, length) for pos, source, length in other.segments)


# --- paragraphs and line kinds -------------------------------------------------------------


def _paragraphs(loaded: LoadedFile) -> Iterator[_Para]:
    """Blank-line-separated paragraphs of every page, lines with offsets in ``loaded.text``."""
    offset = 0
    for i, page in enumerate(loaded.pages):
        if i:
            offset += len(PAGE_JOINT)
        lines: list[tuple[str, int]] = []
        pos = 0
        for line in page.text.split("\n"):
            if line.strip():
                lines.append((line, offset + pos))
            elif lines:
                yield _Para(lines, page.number)
                lines = []
            pos += len(line) + 1
        if lines:
            yield _Para(lines, page.number)
        offset += len(page.text)


def _piece_of(para: _Para, kind: BlockKind) -> _Piece:
    segments: list[Segment] = []
    parts: list[str] = []
    pos = 0
    for raw, offset in para.lines:
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if parts:
            pos += 1  # the "\n" between lines
        segments.append((pos, offset + lead, len(text)))
        parts.append(text)
        pos += len(text)
    return _Piece(kind, "\n".join(parts), para.page, segments)


def _is_bullet(line: str) -> bool:
    return bool(BULLET.match(line) or _LOST_BULLET.match(line))


def is_caps(text: str) -> bool:
    """Whether ``text`` is set in capitals (an ALL-CAPS heading)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < _MIN_CAPS_LETTERS:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= _CAPS_SHARE


def _clean_heading(text: str) -> str:
    """Heading text without title marks and line breaks ("WERKFIT-\\n(TRAJECTEN)" joined)."""
    lines = [_TITLE_MARK.sub("", ln).strip() for ln in text.split("\n")]
    out = ""
    for ln in lines:
        if not ln:
            continue
        out = out + ln if out.endswith("-") or not out else out + " " + ln
    return re.sub(r"\s+", " ", _ITALIC.sub("", out)).strip()


def _norm(text: str) -> str:
    """Comparison key for headings: lower case letters and digits, single spaces."""
    text = _ITALIC.sub(" ", text).lower().replace("-", "")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _heading_candidate(para: _Para) -> str | None:
    """The heading text when ``para`` looks like a heading by typography alone, else None."""
    raw_lines = [t for t, _ in para.lines]
    text = _clean_heading(para.text)
    if not text or len(text) > _MAX_HEADING_CHARS or len(text.split()) > _MAX_HEADING_WORDS:
        return None
    if len(raw_lines) > 1:
        caps = len(raw_lines) <= _MAX_CAPS_HEADING_LINES and is_caps(text)
        return text if caps and not any("\t" in ln for ln in raw_lines) else None
    line = raw_lines[0]
    if "\t" in line or is_contact_line(line) or _CAPTION.match(text):
        return None
    if is_caps(text):
        return text
    if BULLET.match(line) and not _NUMBERED.match(line.strip()):
        return None
    if _LOST_BULLET.match(line) and not _TITLE_MARK.match(line):
        return None
    first = text[0]
    if not (first.isupper() or first.isdigit()):
        return None
    if first.isdigit() and not _NUMBERED.match(text):
        return None
    if text.endswith(_CLOSING) or text.endswith(")"):
        return None
    if ("," in text or ": " in text) and not _TITLE_MARK.match(line):
        return None  # "Deelnemende bedrijven: A, B" is a line of text, not a title
    if not text.endswith("?") and len(text.split()) > _MAX_PLAIN_HEADING_WORDS:
        return None
    return text


# --- table of contents ---------------------------------------------------------------------


@dataclass
class TocEntry:
    """One line of the document's table of contents."""

    title: str
    level: int
    key: str
    parent: TocEntry | None = None

    @property
    def path(self) -> tuple[str, ...]:
        """Titles from the outermost entry down to this one."""
        return (self.parent.path if self.parent else ()) + (self.title,)


def _toc_line(line: str) -> tuple[str, str | None, bool] | None:
    """(title, subtitle, numbered) of a TOC line such as "3\\tStartbaan <i>Aan de slag</i>\\t11"."""
    match = _TOC_LINE.match(_TITLE_MARK.sub("", line.strip()))
    if not match:
        return None
    title = match.group("title").strip()
    title = BULLET.sub("", title) if not _NUMBERED.match(title) else title
    numbered = bool(_NUMBERED.match(title))
    if numbered:
        title = re.sub(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\t+", r"\1 ", title)
    subtitle = None
    sub = _SUBTITLE.match(title)
    if sub:
        title, subtitle = sub.group("title").strip(), _ITALIC.sub("", sub.group("subtitle")).strip()
    title = re.sub(r"\s+", " ", _ITALIC.sub("", title)).strip()
    return (title, subtitle, numbered) if title else None


def _toc_share(para: _Para) -> float:
    lines = [t for t, _ in para.lines]
    return sum(_toc_line(t) is not None for t in lines) / len(lines)


def toc_entries(lines: Sequence[str]) -> list[TocEntry]:
    """Entries with levels: numbered lines are chapters; recurring titles sit below their case."""
    parsed = [p for p in (_toc_line(ln) for ln in lines) if p]
    any_numbered = any(numbered for _, _, numbered in parsed)
    entries: list[TocEntry] = []
    for title, subtitle, numbered in parsed:
        number = _NUMBERED.match(title)
        depth = number.group("num").count(".") + 1 if number else 1
        level = depth if numbered or not any_numbered else 2
        entries.append(TocEntry(title, level, _norm(title)))
        if subtitle:
            entries.append(TocEntry(subtitle, level + 1, _norm(subtitle)))
    _levels_from_repetition(entries)
    stack: list[TocEntry] = []
    for entry in entries:
        while stack and stack[-1].level >= entry.level:
            stack.pop()
        entry.parent = stack[-1] if stack else None
        stack.append(entry)
    return entries


def _levels_from_repetition(entries: list[TocEntry]) -> None:
    """Within a chapter, a title that recurs under several entries (a case) sits below them."""
    counts = Counter(e.key for e in entries)
    chapters: list[list[TocEntry]] = [[]]
    for e in entries:
        if e.level == 1:
            chapters.append([])
        else:
            chapters[-1].append(e)
    for members in chapters:
        groups: list[list[TocEntry]] = []
        for e in members:
            recurring = counts[e.key] > 1
            if not groups or (not recurring and any(counts[x.key] > 1 for x in groups[-1])):
                groups.append([])
            groups[-1].append(e)
        patterned = [g for g in groups if sum(counts[x.key] > 1 for x in g) >= 2]
        if len(patterned) < 2:
            continue
        last = groups.index(patterned[-1])
        for gi, g in enumerate(groups):
            if gi > last and not any(counts[x.key] > 1 for x in g):
                for e in g:  # back matter after the cases (literature, contributors)
                    e.level = 1
                continue
            for j, e in enumerate(g):
                e.level = g[0].level if j == 0 else g[0].level + 1


class _TocCursor:
    """Matches body headings to TOC entries in reading order."""

    def __init__(self, entries: Sequence[TocEntry]) -> None:
        self.entries = list(entries)
        self.next = 0

    def match(self, heading: str) -> TocEntry | None:
        """The first entry from the cursor on that names ``heading``; advances the cursor."""
        key = _norm(heading)
        for i in range(self.next, len(self.entries)):
            if _same(key, self.entries[i].key):
                self.next = i + 1
                return self.entries[i]
        return None

    def seen(self, heading: str) -> bool:
        """Whether ``heading`` names an entry already passed (a title repeated out of place)."""
        key = _norm(heading)
        return any(_same(key, e.key) for e in self.entries[: self.next])


def _same(key: str, entry: str) -> bool:
    if not key:
        return False
    if key == entry:
        return True
    if key[-1].isdigit() and entry.startswith(key + " "):
        return True  # a numbered label ("Thema 1") for the TOC line "Thema 1 Plannen om ..."
    short, long = sorted((key, entry), key=len)
    if len(short) < 2 * _MIN_PREFIX_MATCH_CHARS or len(short) < 0.8 * len(long):
        return False
    matcher = SequenceMatcher(None, key, entry)
    return matcher.real_quick_ratio() >= _FUZZY_MATCH and matcher.ratio() >= _FUZZY_MATCH


# --- the parse -----------------------------------------------------------------------------


def _classify(para: _Para) -> BlockKind:
    lines = [t for t, _ in para.lines]
    if sum("\t" in ln.strip() for ln in lines) >= max(1, (len(lines) + 1) // 2):
        return "table"
    if any(_is_bullet(ln) for ln in lines):
        return "list"
    return "text"


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END)


def _pieces(paras: Sequence[_Para], toc_keys: set[str]) -> list[_Piece]:
    """Classify paragraphs and merge what belongs together (continuations, leads, split lists)."""
    out: list[_Piece] = []
    for para in paras:
        kind = _classify(para)
        heading = _heading_candidate(para) if kind != "table" else None
        if heading is None and kind != "table" and len(para.lines) == 1:
            cleaned = _clean_heading(para.text)
            if len(cleaned) <= _MAX_TOC_HEADING_CHARS and _norm(cleaned) in toc_keys:
                heading = cleaned  # a TOC line names it, whatever its punctuation
        prev = out[-1] if out else None
        first_char = para.text.lstrip()[:1]
        if (
            prev is not None
            and prev.kind == "heading"
            and first_char.islower()
            and not any(_same(_norm(prev.heading or ""), k) for k in toc_keys)
        ):
            prev.kind, prev.heading = "text", None  # it was the first half of a broken sentence
        if (
            prev is not None
            and prev.kind in ("text", "list")
            and first_char.islower()
            and not _ends_sentence(prev.text)
        ):
            prev.append(_piece_of(para, kind), " ")  # a sentence broken by a page or column break
            continue
        if heading is not None and (kind != "list" or is_caps(heading)):
            piece = _piece_of(para, "heading")
            piece.heading, piece.style = heading, heading_style(para.text)
            out.append(piece)
            continue
        if heading is not None and kind == "list" and _NUMBERED.match(para.text.strip()):
            piece = _piece_of(para, "heading")  # "1. Wanneer is het project geslaagd?" on its own
            piece.heading, piece.style = heading, heading_style(para.text)
            out.append(piece)
            continue
        piece = _piece_of(para, kind)
        if (
            prev is not None
            and kind == "list"
            and prev.kind == "heading"
            and _is_plain_lead(prev.heading or "", toc_keys)
        ):
            prev.kind, prev.heading = "text", None  # "We ontvingen reacties van:" without its colon
        if prev is not None and kind in ("list", "table"):
            if prev.kind == kind:
                prev.append(piece, "\n")  # a list or table broken by a blank line or page break
                continue
            if prev.kind == "text" and prev.text.rstrip().endswith(":") and "\n" not in prev.text:
                prev.kind = kind  # the lead sentence stays with its list or table
                prev.append(piece, "\n")
                continue
        out.append(piece)
    return out


def _is_plain_lead(heading: str, toc_keys: set[str]) -> bool:
    """Whether a heading-like line is really a sentence that introduces the list after it."""
    if heading.endswith("?") or is_caps(heading) or _NUMBERED.match(heading):
        return False
    if any(_same(_norm(heading), k) for k in toc_keys):
        return False
    return len(heading.split()) >= _MIN_LEAD_WORDS


def _find_toc(paras: Sequence[_Para], total: int) -> tuple[int, int] | None:
    """(first, end) paragraph indexes of the table of contents, heading included."""
    for i, para in enumerate(paras):
        if len(para.lines) == 1 and _TOC_HEADING.match(_clean_heading(para.text)):
            j = i + 1
            while j < len(paras) and _toc_share(paras[j]) >= _TOC_LINE_SHARE:
                j += 1
            return (i, j) if j > i + 1 else None
    for i, para in enumerate(paras):
        if para.start > total * _AUTO_TOC_REGION:
            break
        if len(para.lines) >= _AUTO_TOC_MIN_LINES and _toc_share(para) >= 1 - _TOC_LINE_SHARE / 2:
            pages = [
                int(m.group("page")) for t, _ in para.lines if (m := _TOC_LINE.match(t.strip()))
            ]
            if pages == sorted(pages):
                j = i + 1
                while j < len(paras) and _toc_share(paras[j]) >= _TOC_LINE_SHARE:
                    j += 1
                return i, j
    return None


def parse(loaded: LoadedFile) -> list[Block]:
    """Blocks of the file in reading order, each with the section path it stands under."""
    paras = list(_paragraphs(loaded))
    toc_span = _find_toc(paras, len(loaded.text))
    entries: list[TocEntry] = []
    blocks: list[Block] = []
    if toc_span:
        first, end = toc_span
        entries = toc_entries([t for para in paras[first:end] for t, _ in para.lines])
        for para in paras[first:end]:
            blocks.append(_block(_piece_of(para, "toc"), "toc", ("Inhoudsopgave",)))
        front, body = paras[:first], paras[end:]
    else:
        front, body = [], paras
    cursor = _TocCursor(entries)
    toc_keys = {e.key for e in entries}

    # Before the table of contents: title page and (sometimes) the colophon.
    colophon = False
    for piece in _pieces(front, set()):
        if piece.kind == "heading" and piece.heading and is_colophon_heading(piece.heading):
            colophon = True
        section = ("Colofon",) if colophon else ()
        blocks.append(_block(piece, "colophon", section))

    styles: list[str] = []  # heading styles in order of first appearance: their levels
    path: tuple[str, ...] = ()  # the current section path
    toc_path: tuple[str, ...] = ()  # the part of it that the TOC (or typography) fixes
    colophon = False
    for piece in _pieces(body, toc_keys):
        if piece.kind != "heading" or not piece.heading:
            kind: BlockKind = "colophon" if colophon else piece.kind
            blocks.append(_block(piece, kind, ("Colofon",) if colophon else path))
            continue
        heading = piece.heading
        entry = cursor.match(heading) if entries else None
        if entry is not None:
            colophon = False
            entry.title = heading  # the body's wording (the TOC may abbreviate or misspell)
            toc_path = path = entry.path
        elif is_colophon_heading(heading):
            colophon = True
            path = ("Colofon",)
        elif colophon:
            pass  # headings inside the colophon ("Over Cedris en SBCM") stay in it
        elif entries and cursor.seen(heading):
            pass  # a title repeated out of place (a running head or a displaced case title)
        elif entries:
            path = toc_path + (heading,)  # a heading the TOC does not list sits below the TOC's
        else:
            path = _typographic_path(heading, piece.style, path, styles)
        blocks.append(_block(piece, "heading", ("Colofon",) if colophon else path))
    return blocks


def heading_style(raw: str) -> str:
    """How a heading is set: numbered (with its depth), capitals, a title mark, or plain."""
    text = raw.strip()
    mark = _TITLE_MARK.match(text)
    if mark:
        return "mark:" + mark.group(0).strip()
    number = _NUMBERED.match(text)
    if number:
        return f"num{number.group('num').count('.') + 1}"
    return "caps" if is_caps(_clean_heading(text)) else "plain"


def _typographic_path(
    heading: str, style: str, path: tuple[str, ...], styles: list[str]
) -> tuple[str, ...]:
    """The section path after ``heading`` in a document without a TOC.

    Each way of setting a heading gets the next level when it first appears (as in Markdown's
    setext headings): chapters "1 Casus" then plain "Resultaten" below them, or plain
    "Resultaten per regio" then "› Regio Achterhoek" below that.
    """
    if style not in styles:
        styles.append(style)
    level = min(styles.index(style) + 1, len(path) + 1, _MAX_LEVEL)
    return path[: level - 1] + (heading,)


def _block(piece: _Piece, kind: BlockKind, section: tuple[str, ...]) -> Block:
    text = piece.heading if kind == "heading" and piece.heading else piece.text
    segments = tuple(piece.segments) if text == piece.text else ()
    return Block(kind, text, section, piece.page, piece.start, piece.end, segments)
