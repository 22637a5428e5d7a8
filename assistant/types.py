"""Value types shared by ingest, retrieval, answering and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: What a block of text is, as recognised by the structure step.
BlockKind = Literal["text", "list", "table", "heading", "toc", "colophon"]
AnswerStatus = Literal["answered", "not_found"]

#: Separator between the parts of a section path, e.g. "4 Casussen › Cycloon › Resultaten".
SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class DocumentInfo:
    """A publication in the corpus; ``id`` is its file name without extension."""

    id: str
    title: str
    publisher: str | None = None
    year: int | None = None
    kind: str | None = None
    source: str | None = None  # file name in corpus/ (or upload name)


@dataclass(frozen=True)
class Passage:
    """One retrievable chunk of a publication, with where it stands in the source."""

    id: str
    document_id: str
    document_title: str
    section: str | None  # section path inside the publication, parts joined by SECTION_SEPARATOR
    page: int | None
    text: str
    ordinal: int  # position of the passage within its document, 0-based
    start: int = 0  # character offsets of the passage in the loaded source text
    end: int = 0
    kind: BlockKind = "text"

    @property
    def section_parts(self) -> tuple[str, ...]:
        """The section path as a tuple of headings, outermost first."""
        return tuple(self.section.split(SECTION_SEPARATOR)) if self.section else ()


@dataclass(frozen=True)
class Hit:
    """A passage with a retrieval score (higher is better)."""

    passage: Passage
    score: float


@dataclass(frozen=True)
class Citation:
    """A verified pointer from an answer statement to the verbatim words of one passage."""

    n: int
    passage_id: str
    document_id: str
    document_title: str
    section: str | None
    page: int | None
    quote: str

    @classmethod
    def of(cls, n: int, passage: Passage, quote: str) -> Citation:
        """Build a citation for ``quote``, which must occur verbatim in ``passage.text``."""
        if quote not in passage.text:
            raise ValueError(f"quote does not occur verbatim in passage {passage.id}")
        return cls(
            n=n,
            passage_id=passage.id,
            document_id=passage.document_id,
            document_title=passage.document_title,
            section=passage.section,
            page=passage.page,
            quote=quote,
        )


@dataclass(frozen=True)
class Turn:
    """One exchange in a conversation."""

    question: str
    answer: str
    standalone_question: str | None = None
    status: AnswerStatus = "answered"
    passage_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """The outcome of answering one question."""

    status: AnswerStatus
    text: str
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    notice: str | None = None  # e.g. "LLM unavailable, extractive answer shown"
    standalone_question: str | None = None
    meta: dict[str, object] = field(default_factory=dict)
