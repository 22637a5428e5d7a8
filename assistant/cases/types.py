"""Value types of practice cases and their comparison (no logic: safe to import from anywhere)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.types import Citation

EvidenceVia = Literal["section", "label", "text"]
CellStatus = Literal["beschreven", "niet beschreven"]


@dataclass(frozen=True)
class AspectDef:
    """A recurring aspect of cases, recognised in headings, labels and (as a last resort) text."""

    key: str
    label: str
    heading: re.Pattern[str]  # matched against folded heading or label text
    text: (
        re.Pattern[str] | None
    )  # matched against folded sentences when no heading names the aspect


@dataclass(frozen=True)
class Evidence:
    """Where a case describes an aspect: a passage, and optionally the span of the words that do."""

    passage_id: str
    via: EvidenceVia  # "section": under a heading naming the aspect; "label": a "Label: ..." line; "text"
    start: int = 0
    end: int | None = None  # None: the whole passage
    heading: str | None = None


@dataclass(frozen=True)
class CaseSource:
    """One publication section that describes a case (a report chapter, a slide deck's slides)."""

    document_id: str
    document_title: str
    section: str
    title: str


@dataclass(frozen=True)
class Case:
    """A practice case or region: one organisation or project, with every section describing it.

    ``document_id``, ``document_title`` and ``section`` are those of its fullest description;
    ``sources`` lists all of them (a report and its slide deck are one case).
    """

    id: str
    name: str
    title: str  # the section title as printed
    document_id: str
    document_title: str
    section: str  # section path of the case inside its publication
    aliases: tuple[str, ...]
    passage_ids: tuple[str, ...]
    aspects: tuple[tuple[str, tuple[Evidence, ...]], ...] = field(default=())
    sources: tuple[CaseSource, ...] = field(default=())

    @property
    def document_ids(self) -> tuple[str, ...]:
        """Every publication that describes the case, the fullest first."""
        return tuple(dict.fromkeys([self.document_id, *(s.document_id for s in self.sources)]))

    def evidence(self, aspect: str) -> tuple[Evidence, ...]:
        """Evidence for one aspect key (empty when the case does not describe it)."""
        return dict(self.aspects).get(aspect, ())

    @property
    def aspect_keys(self) -> tuple[str, ...]:
        """Aspects this case describes, in display order."""
        return tuple(k for k, ev in self.aspects if ev)


@dataclass(frozen=True)
class ScoredStatement:
    """A statement (sentence, list item, table row) of a passage with the unit model's probability."""

    passage_id: str
    start: int  # offsets in the passage's text
    end: int
    text: str
    kind: str  # "sentence", "item" or "row"
    index: int  # position among its passage's statements
    count: int  # statements in its passage
    probability: float  # the chat's unit model: P(the statement belongs to the answer)


@dataclass(frozen=True)
class Cell:
    """One case × aspect cell: the excerpt and its citation, or "niet beschreven"."""

    case_id: str
    aspect: str
    status: CellStatus
    text: str | None = None
    citation: Citation | None = None
    via: str | None = None  # how the aspect was found: "section", "label" or "text"


@dataclass(frozen=True)
class Comparison:
    """A comparison table with the citations its cells carry, numbered from 1."""

    cases: tuple[Case, ...]
    aspects: tuple[AspectDef, ...]
    rows: tuple[tuple[Cell, ...], ...]  # one row per case, one cell per aspect
    citations: tuple[Citation, ...]
