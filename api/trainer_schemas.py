"""Request and response models of the trainer endpoints: cases, comparisons and briefing packs."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.schemas import CitationOut, _clean_text
from assistant.briefing.types import DiscussionQuestion, Pack, Point, QuizQuestion, Statement
from assistant.cases.catalogue import ASPECTS
from assistant.cases.types import AspectDef, Case, Cell, Comparison

MAX_THEME_CHARS = 300
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


class BriefingRequest(BaseModel):
    """POST /api/briefing body."""

    model_config = ConfigDict(extra="forbid")

    theme: str = Field(
        ..., description="The subject of the kennisbijeenkomst, e.g. 'nazorg na plaatsing'."
    )
    documents: list[str] | None = Field(None, description="Only draw from these document ids.")

    @field_validator("theme")
    @classmethod
    def _theme(cls, value: str) -> str:
        return _clean_text(value, what="theme", limit=MAX_THEME_CHARS).strip()


class PointOut(BaseModel):
    """A verbatim statement and its citation."""

    text: str
    citation: CitationOut

    @classmethod
    def of(cls, point: Point) -> PointOut:
        """From a domain point."""
        return cls(text=point.text, citation=CitationOut.of(point.citation))


class ExampleOut(BaseModel):
    """A practice example: what they did, and what it yielded (null: not described)."""

    case: CaseOut
    did: PointOut
    yielded: PointOut | None


RefinedBy = Literal["llm"] | None
REFINED_BY_HELP = '"llm" when the language model wrote this (verified), null when extractive.'


def _refined_by(origin: str) -> RefinedBy:
    return "llm" if origin == "llm" else None


class StatementOut(BaseModel):
    """A sentence the language model wrote, with the verified citations of its [n]."""

    text: str
    citations: list[CitationOut]

    @classmethod
    def of(cls, statement: Statement) -> StatementOut:
        """From a domain statement."""
        return cls(text=statement.text, citations=[CitationOut.of(c) for c in statement.citations])


class SynthesisOut(BaseModel):
    """The model's introduction to the theme: sentences citing the pack's numbered sources."""

    text: str = Field(description="The sentences joined, with their [n] markers.")
    statements: list[StatementOut]
    refined_by: Literal["llm"] = "llm"

    @classmethod
    def of(cls, statements: tuple[Statement, ...]) -> SynthesisOut | None:
        """From the pack's synthesis (None when it has none)."""
        if not statements:
            return None
        return cls(
            text=" ".join(s.text for s in statements),
            statements=[StatementOut.of(s) for s in statements],
        )


class QuestionOut(BaseModel):
    """A discussion question; ``refs`` are the citation numbers it refers to."""

    text: str
    refs: list[int]
    citations: list[CitationOut] = Field(
        default_factory=list,
        description="The verified supporting words of its [n] (questions the model wrote).",
    )
    refined_by: RefinedBy = Field(None, description=REFINED_BY_HELP)

    @classmethod
    def of(cls, question: DiscussionQuestion) -> QuestionOut:
        """From a domain question."""
        return cls(
            text=question.text,
            refs=list(question.refs),
            citations=[CitationOut.of(c) for c in question.citations],
            refined_by=_refined_by(question.origin),
        )


class QuizOut(BaseModel):
    """A quiz question with its answer key and the citation that holds the answer."""

    question: str
    options: list[str]
    answer: str
    citation: CitationOut
    refined_by: RefinedBy = Field(None, description=REFINED_BY_HELP)

    @classmethod
    def of(cls, quiz: QuizQuestion) -> QuizOut:
        """From a domain quiz question."""
        return cls(
            question=quiz.question,
            options=list(quiz.options),
            answer=quiz.answer,
            citation=CitationOut.of(quiz.citation),
            refined_by=_refined_by(quiz.origin),
        )


class BriefingResponse(BaseModel):
    """POST /api/briefing result (JSON form of the pack)."""

    theme: str
    documents: list[str] | None
    mode: Literal["extractive", "llm"] = Field(
        description='"llm" when the language model added verified parts (see refined_parts).'
    )
    refined_parts: list[str] = Field(
        description="Parts with text the language model wrote: synthesis, discussion, quiz."
    )
    notice: str | None
    synthesis: SynthesisOut | None = Field(
        description="The language model's introduction to the theme; null when extractive."
    )
    key_points: list[PointOut]
    examples: list[ExampleOut]
    comparison: CompareResponse | None
    quotes: list[PointOut]
    discussion: list[QuestionOut]
    quiz: list[QuizOut]
    citations: list[CitationOut] = Field(
        description="Every source of the pack, numbered as in the text."
    )
    meta: dict[str, object]

    @classmethod
    def of(cls, pack: Pack) -> BriefingResponse:
        """From a domain pack."""
        return cls(
            theme=pack.theme,
            documents=list(pack.documents) if pack.documents else None,
            mode=pack.mode,
            refined_parts=pack.refined_parts,
            notice=pack.notice,
            synthesis=SynthesisOut.of(pack.synthesis),
            key_points=[PointOut.of(p) for p in pack.key_points],
            examples=[
                ExampleOut(
                    case=CaseOut.of(e.case),
                    did=PointOut.of(e.did),
                    yielded=PointOut.of(e.yielded) if e.yielded else None,
                )
                for e in pack.examples
            ],
            comparison=CompareResponse.of(pack.comparison) if pack.comparison else None,
            quotes=[PointOut.of(p) for p in pack.quotes],
            discussion=[QuestionOut.of(q) for q in pack.discussion],
            quiz=[QuizOut.of(q) for q in pack.quiz],
            citations=[CitationOut.of(c) for c in pack.citations],
            meta=dict(pack.meta),
        )
