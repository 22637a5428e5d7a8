"""Request and response models of the trainer endpoints: cases and comparisons (packs: briefing_schemas)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.schemas import CitationOut
from assistant.cases.catalogue import ASPECTS
from assistant.cases.types import AspectDef, Case, Cell, Comparison

MAX_NAMES = 20
#: A comparison a person can read: at most this many cases side by side.
MAX_COMPARE_CASES = 6


class AspectOut(BaseModel):
    """An aspect cases can be compared on."""

    key: str
    label: str

    @classmethod
    def of(cls, aspect: AspectDef) -> AspectOut:
        """From the domain definition."""
        return cls(key=aspect.key, label=aspect.label)


class CaseOut(BaseModel):
    """A practice case or region with its publication and the aspects it describes."""

    id: str
    name: str
    title: str
    document_id: str
    document_title: str
    section: str
    document_ids: list[str] = Field(
        description="Every publication that describes the case (a report and its slides are one case)."
    )
    aliases: list[str]
    aspects: list[str] = Field(description="Keys of the aspects this case describes.")
    passages: int

    @classmethod
    def of(cls, case: Case) -> CaseOut:
        """From a domain case."""
        return cls(
            id=case.id,
            name=case.name,
            title=case.title,
            document_id=case.document_id,
            document_title=case.document_title,
            section=case.section,
            document_ids=list(case.document_ids),
            aliases=list(case.aliases),
            aspects=list(case.aspect_keys),
            passages=len(case.passage_ids),
        )


class CasesResponse(BaseModel):
    """GET /api/cases result."""

    cases: list[CaseOut]
    aspects: list[AspectOut]

    @classmethod
    def of(cls, cases: list[Case]) -> CasesResponse:
        """From domain cases."""
        return cls(cases=[CaseOut.of(c) for c in cases], aspects=[AspectOut.of(a) for a in ASPECTS])


def _names(value: list[str] | None, *, what: str) -> list[str] | None:
    if value is None:
        return None
    cleaned = [v.strip() for v in value if v and v.strip()]
    if len(cleaned) > MAX_NAMES:
        raise ValueError(f"at most {MAX_NAMES} {what} per request")
    return cleaned


class CompareRequest(BaseModel):
    """POST /api/compare body."""

    model_config = ConfigDict(extra="forbid")

    cases: list[str] = Field(
        ..., min_length=1, description="Case ids (or names) from GET /api/cases."
    )
    aspects: list[str] | None = Field(
        None, description="Aspect keys or labels; null: every aspect the cases describe."
    )

    @field_validator("cases")
    @classmethod
    def _cases(cls, value: list[str]) -> list[str]:
        cleaned = _names(value, what="cases") or []
        if not cleaned:
            raise ValueError("name at least one case; GET /api/cases lists them")
        if len(cleaned) > MAX_COMPARE_CASES:
            raise ValueError(
                f"compare at most {MAX_COMPARE_CASES} cases side by side ({len(cleaned)} given); "
                "make two comparisons instead"
            )
        return cleaned

    @field_validator("aspects")
    @classmethod
    def _aspects(cls, value: list[str] | None) -> list[str] | None:
        return _names(value, what="aspects")


class CellOut(BaseModel):
    """One case × aspect cell: the verbatim excerpt and its citation, or "niet beschreven"."""

    aspect: str
    status: Literal["beschreven", "niet beschreven"]
    text: str | None
    citation: CitationOut | None
    via: str | None = Field(
        None, description='How the aspect was found: "section", "label" or "text".'
    )

    @classmethod
    def of(cls, cell: Cell) -> CellOut:
        """From a domain cell."""
        return cls(
            aspect=cell.aspect,
            status=cell.status,
            text=cell.text,
            citation=CitationOut.of(cell.citation) if cell.citation else None,
            via=cell.via,
        )


class RowOut(BaseModel):
    """One case's cells, in the order of ``aspects``."""

    case: CaseOut
    cells: list[CellOut]


class CompareResponse(BaseModel):
    """POST /api/compare result."""

    aspects: list[AspectOut]
    rows: list[RowOut]
    citations: list[CitationOut]

    @classmethod
    def of(cls, comparison: Comparison) -> CompareResponse:
        """From a domain comparison."""
        return cls(
            aspects=[AspectOut.of(a) for a in comparison.aspects],
            rows=[
                RowOut(case=CaseOut.of(case), cells=[CellOut.of(c) for c in row])
                for case, row in zip(comparison.cases, comparison.rows, strict=True)
            ],
            citations=[CitationOut.of(c) for c in comparison.citations],
        )
