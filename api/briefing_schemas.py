"""Request and response models of POST /api/briefing: a kennisbijeenkomst pack as JSON."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.schemas import CitationOut, _clean_text
from api.trainer_schemas import CaseOut
from assistant.briefing.types import Agenda, DiscussionQuestion, Example, Pack, Point, QuizQuestion, Statement

MAX_THEME_CHARS = 300


class BriefingRequest(BaseModel):
    """POST /api/briefing body."""

    model_config = ConfigDict(extra="forbid")

    theme: str = Field(..., description="The subject of the kennisbijeenkomst, e.g. 'nazorg na plaatsing'.")
    documents: list[str] | None = Field(None, description="Only draw from these document ids.")

    @field_validator("theme")
    @classmethod
    def _theme(cls, value: str) -> str:
        return _clean_text(value, what="theme", limit=MAX_THEME_CHARS).strip()


class PointOut(BaseModel):
    """A verbatim statement, its citation and one line of context."""

    text: str
    citation: CitationOut
    context: str = Field("", description="Case (or chapter), publication and year.")
    subtheme: str = Field("", description="The sub-theme the point is grouped under.")
    score: float = Field(0.0, description="The unit model's probability that it speaks to the theme.")

    @classmethod
    def of(cls, point: Point) -> PointOut:
        """From a domain point."""
        return cls(
            text=point.text,
            citation=CitationOut.of(point.citation),
            context=point.context,
            subtheme=point.subtheme,
            score=point.score,
        )


class SubthemeOut(BaseModel):
    """Key points of one sub-theme."""

    subtheme: str
    points: list[PointOut]


class ExampleOut(BaseModel):
    """A practice example: a case and its statements on the theme."""

    case: CaseOut
    context: str
    statements: list[PointOut]

    @classmethod
    def of(cls, example: Example) -> ExampleOut:
        """From a domain example."""
        return cls(
            case=CaseOut.of(example.case),
            context=example.context,
            statements=[PointOut.of(p) for p in example.statements],
        )


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
        return cls(text=" ".join(s.text for s in statements), statements=[StatementOut.of(s) for s in statements])


class QuestionOut(BaseModel):
    """A discussion question; ``refs`` are the citation numbers it refers to."""

    text: str
    refs: list[int]
    citations: list[CitationOut] = Field(
        default_factory=list, description="The verified supporting words of its [n] (questions the model wrote)."
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
    """A quiz question with its answer key (letter, answer, the whole sourced sentence)."""

    question: str
    options: list[str]
    answer: str
    answer_letter: str = Field(description='"A", "B", … among the options; "" without options.')
    explanation: str = Field(description="The whole sourced sentence the answer comes from.")
    citation: CitationOut
    refined_by: RefinedBy = Field(None, description=REFINED_BY_HELP)

    @classmethod
    def of(cls, quiz: QuizQuestion) -> QuizOut:
        """From a domain quiz question."""
        return cls(
            question=quiz.question,
            options=list(quiz.options),
            answer=quiz.answer,
            answer_letter=quiz.answer_letter,
            explanation=quiz.explanation or quiz.citation.quote,
            citation=CitationOut.of(quiz.citation),
            refined_by=_refined_by(quiz.origin),
        )


class AgendaItemOut(BaseModel):
    """One block of a session."""

    minutes: int
    title: str
    what: str


class AgendaOut(BaseModel):
    """A suggested session."""

    minutes: int
    items: list[AgendaItemOut]

    @classmethod
    def of(cls, agenda: Agenda) -> AgendaOut:
        """From a domain agenda."""
        return cls(
            minutes=agenda.minutes,
            items=[AgendaItemOut(minutes=i.minutes, title=i.title, what=i.what) for i in agenda.items],
        )


class BriefingResponse(BaseModel):
    """POST /api/briefing result (JSON form of the pack, the trainer's version)."""

    theme: str
    documents: list[str] | None
    mode: Literal["extractive", "llm"] = Field(
        description='"llm" when the language model added verified parts (see refined_parts).'
    )
    refined_parts: list[str] = Field(
        description="Parts with text the language model wrote: synthesis, discussion, quiz."
    )
    notice: str | None
    synthesis: SynthesisOut | None = Field(description="The language model's introduction; null when extractive.")
    key_points: list[PointOut]
    subthemes: list[SubthemeOut] = Field(description="The key points grouped by sub-theme.")
    examples: list[ExampleOut]
    discussion: list[QuestionOut]
    quiz: list[QuizOut]
    agendas: list[AgendaOut] = Field(description="Suggested 60- and 90-minute sessions.")
    citations: list[CitationOut] = Field(description="Every source of the pack, numbered as in the text.")
    years: dict[str, int | None] = Field(description="Publication year per document id (null: not dated).")
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
            subthemes=[SubthemeOut(subtheme=s, points=[PointOut.of(p) for p in ps]) for s, ps in pack.subthemes],
            examples=[ExampleOut.of(e) for e in pack.examples],
            discussion=[QuestionOut.of(q) for q in pack.discussion],
            quiz=[QuizOut.of(q) for q in pack.quiz],
            agendas=[AgendaOut.of(a) for a in pack.agendas],
            citations=[CitationOut.of(c) for c in pack.citations],
            years=dict(pack.years),
            meta=dict(pack.meta),
        )
