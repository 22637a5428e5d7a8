"""Loaders: turn .txt/.md, .pdf and .docx files into page texts, or say clearly why a file is skipped."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InvalidInputError
from assistant.language.sentences import BULLET
from assistant.records.uploads import check_unpacked_size

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx"})
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_MIN_TEXT_CHARS = 20  # less than this in a whole file means there is nothing to search
_RUNNING_LINE_SHARE = 0.5  # a line on at least half of the pages is a running header or footer
_MIN_PAGES_FOR_RUNNING = 3
_FULL_LINE_QUANTILE = 0.8  # a "full" line is as long as the 80th percentile of a page's lines
_SHORT_LINE = 0.6  # shorter than this share of a full line, without closing punctuation: a heading
_PARAGRAPH_END_LINE = 0.85  # a sentence-closing line shorter than this share ends its paragraph
_COLUMN_GAP = re.compile(r"(?<=\S) {4,}(?=\S)")
#: What separates pages in ``LoadedFile.text`` (a paragraph break).
PAGE_JOINT = "\n\n"


class SkipFile(Exception):
    """The file cannot be ingested; the message says why in words a person can act on."""


@dataclass(frozen=True)
class Page:
    """Text of one page (``number`` is None for formats without pages)."""

    number: int | None
    text: str


@dataclass(frozen=True)
class LoadedFile:
    """A loaded file: its pages in order."""

    path: Path
    pages: tuple[Page, ...]

    @property
    def text(self) -> str:
        """All page texts joined by blank lines."""
        return PAGE_JOINT.join(p.text for p in self.pages)

    def page_at(self, offset: int) -> int | None:
        """Number of the page that holds character ``offset`` of ``text`` (None without pages)."""
        end = 0
        for page in self.pages:
            end += len(page.text) + len(PAGE_JOINT)
            if offset < end:
                return page.number
        return self.pages[-1].number if self.pages else None


def load(path: Path, *, max_docx_bytes: int | None = None) -> LoadedFile:
    """Load a supported file, raising SkipFile with a reason when it cannot be used.

    ``max_docx_bytes`` caps a .docx's unpacked size, checked from the zip directory before reading.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SkipFile(f"unsupported file type {suffix or '(none)'}; use .txt, .md, .pdf or .docx")
    if path.stat().st_size == 0:
        raise SkipFile("the file is empty")
    pages: tuple[Page, ...]
    if suffix in (".txt", ".md"):
        pages = (Page(None, _load_text(path)),)
    elif suffix == ".pdf":
        pages = _load_pdf(path)
    else:
        pages = (Page(None, _load_docx(path, max_bytes=max_docx_bytes)),)
    if sum(len(p.text.strip()) for p in pages) < _MIN_TEXT_CHARS:
        if suffix == ".pdf":
            raise SkipFile(
                "no text could be extracted; the PDF is probably scanned images (run OCR first)"
            )
        raise SkipFile("the file contains no text")
    return LoadedFile(path, pages)


def _load_text(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise SkipFile("this is a binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SkipFile(
            f"the text is not UTF-8 (invalid byte at position {e.start}); save it as UTF-8 and ingest again"
        ) from e
    return strip_html(clean_text(text))


# Every tag but <i>: structure detection reads a table of contents' italic subtitles ("Startbaan
# naar werk <i>Aan de slag in de thuiszorg</i>") as case names, and strips them from what it keeps.
_HTML_TAG = re.compile(r"</?(?!i>)[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")


def strip_html(text: str) -> str:
    """Remove HTML tags left in an extracted text (``<ul style=…>``, ``<b>``); an autolink keeps its
    address. Markdown emphasis stays: it is part of the source's wording that quotes carry, and
    answers drop it when they show a quote."""
    return _HTML_TAG.sub("", _AUTOLINK.sub(r"\1", text))


def clean_text(text: str) -> str:
    """Normalise line ends, ligatures and non-breaking spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    for ligature, plain in _LIGATURES.items():
        text = text.replace(ligature, plain)
    return text


def _load_pdf(path: Path) -> tuple[Page, ...]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                # Many "encrypted" PDFs only restrict printing and open with an empty password.
                if not reader.decrypt(""):
                    raise SkipFile(
                        "the PDF is password-protected; remove the password and ingest again"
                    )
            except SkipFile:
                raise
            except Exception as e:
                raise SkipFile(f"the PDF is encrypted and cannot be opened ({e})") from e
        texts = [_page_text(page) for page in reader.pages]
    except SkipFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise SkipFile(f"the PDF is damaged or not a PDF ({e.__class__.__name__}: {e})") from e
    except Exception as e:  # pypdf raises assorted errors on broken files
        raise SkipFile(f"the PDF could not be read ({e.__class__.__name__}: {e})") from e
    texts = [clean_text(t) for t in texts]
    vocabulary = hyphenated_words(texts)
    cleaned = [clean_pdf_page(t, vocabulary=vocabulary) for t in texts]
    cleaned = strip_running_lines(cleaned)
    return tuple(Page(i + 1, pdf_paragraphs(t)) for i, t in enumerate(cleaned))


def _page_text(page: object) -> str:
    """A page's text in layout mode (keeps column gaps and vertical space), else plain mode."""
    try:
        text = page.extract_text(extraction_mode="layout") or ""  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - layout mode fails on some fonts; plain mode still works
        text = page.extract_text() or ""  # type: ignore[attr-defined]
    lines = [ln.strip() for ln in text.split("\n")]
    # A wide gap between two pieces of text on one line separates table cells.
    return "\n".join(_COLUMN_GAP.sub("\t", ln) for ln in lines)


def clean_pdf_page(text: str, *, vocabulary: frozenset[str] = frozenset()) -> str:
    """Undo end-of-line hyphenation and trailing spaces.

    "begelei-\\nding" becomes "begeleiding"; a hyphen that belongs to the word stays: before a
    capital ("Noord-\\nHolland") or when the document spells the word with it elsewhere
    ("werkfit-\\ntrajecten", given "werkfit-trajecten" in ``vocabulary``).
    """

    def join(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if right[0].isupper() or f"{left}-{right}".lower() in vocabulary:
            return f"{left}-{right}"
        return left + right

    text = re.sub(r"(\w+)-\n[ \t]*(\w+)", join, text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def hyphenated_words(texts: list[str]) -> frozenset[str]:
    """Words written with a hyphen inside a line somewhere in the texts (lower case)."""
    return frozenset(w.lower() for t in texts for w in re.findall(r"\w+-\w+", t))


def pdf_paragraphs(text: str) -> str:
    """Rebuild paragraphs from a PDF page's visual lines.

    PDF text comes as one line per printed line with no blank lines between paragraphs. Wrapped
    lines are joined with a space; a paragraph ends after a short line that closes a sentence;
    headings (short lines without closing punctuation, followed by more text) and list items
    stand on their own lines.
    """
    lines = [ln.strip() for ln in text.split("\n")]
    lengths = sorted(len(ln) for ln in lines if ln)
    if not lengths:
        return ""
    full = lengths[int(len(lengths) * _FULL_LINE_QUANTILE)]
    paragraphs: list[list[str]] = []
    current: list[str] = []
    in_list = in_table = False

    def close() -> None:
        nonlocal current
        if current:
            paragraphs.append(current)
        current = []

    for i, line in enumerate(lines):
        if not line:
            if not in_table:  # layout mode pads table rows with blank lines
                close()
                in_list = False
            continue
        nxt = next((x for x in lines[i + 1 :] if x), "")
        if "\t" in line:  # a table row: rows stay together, apart from the text around them
            if not in_table:
                close()
            in_table, in_list = True, False
            current.append("\n" + line if current else line)
            continue
        if in_table:
            close()
            in_table = False
        bullet = bool(BULLET.match(line))  # the one bullet pattern of ingest and answers
        heading = (
            not bullet
            and len(line) < full * _SHORT_LINE
            and not line.endswith((".", ",", ";", ":"))
            and (line[0].isupper() or line[0].isdigit())
            and bool(nxt)
            and not (current and not current[-1].endswith((".", "!", "?", ":")))
        )
        if heading:
            close()
            paragraphs.append([line])
            in_list = False
            continue
        if bullet:
            if not in_list:
                close()
            in_list = True
            current.append("\n" + line if current else line)
            continue
        if current:
            current.append(" " + line)
        else:
            current.append(line)
        ends_paragraph = (
            line.endswith((".", "!", "?", ":")) and len(line) < full * _PARAGRAPH_END_LINE
        )
        if ends_paragraph:
            close()
            in_list = False
    close()
    return "\n\n".join("".join(p) for p in paragraphs)


def strip_running_lines(pages: list[str]) -> list[str]:
    """Drop running headers and footers: lines (digits ignored) that recur on most pages."""
    if len(pages) < _MIN_PAGES_FOR_RUNNING:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    counts: Counter[str] = Counter()
    for page in pages:
        lines = [ln for ln in page.split("\n") if ln.strip()]
        edge = lines[:2] + lines[-2:]
        counts.update({key(ln) for ln in edge})
    threshold = max(2, int(len(pages) * _RUNNING_LINE_SHARE))
    running = {k for k, c in counts.items() if c >= threshold and k}
    out = []
    for page in pages:
        lines = page.split("\n")
        out.append("\n".join(ln for ln in lines if key(ln) not in running or not ln.strip()))
    return out


def _load_docx(path: Path, *, max_bytes: int | None = None) -> str:
    """Paragraphs and tables of a Word file in document order; list items get a "- " bullet."""
    import zipfile

    if max_bytes is not None:
        try:
            with zipfile.ZipFile(path) as archive:
                check_unpacked_size(archive, max_bytes)
        except zipfile.BadZipFile as e:
            raise SkipFile(f"the Word file is damaged or not a .docx ({e})") from e
        except InvalidInputError as e:
            raise SkipFile(str(e)) from e
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
        items = list(document.iter_inner_content())
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise SkipFile(f"the Word file is damaged or not a .docx ({e})") from e
    except Exception as e:  # python-docx raises assorted errors on broken files
        raise SkipFile(f"the Word file could not be read ({e.__class__.__name__}: {e})") from e
    parts: list[str] = []
    for item in items:
        if isinstance(item, Table):
            rows = [
                "\t".join(cell.text.strip().replace("\n", " ") for cell in row.cells)
                for row in item.rows
            ]
            parts.append("\n".join(rows))
            continue
        if not isinstance(item, Paragraph):
            continue
        style = (item.style.name if item.style is not None else "") or ""
        text = item.text.strip()
        if not text:
            continue
        is_list = (
            style.lower().startswith("list")
            or item._p.pPr is not None
            and item._p.pPr.numPr is not None
        )
        if is_list and parts and parts[-1].startswith("- "):
            parts[-1] += "\n- " + text  # consecutive items form one list
        else:
            parts.append("- " + text if is_list else text)
    return clean_text("\n\n".join(parts))
