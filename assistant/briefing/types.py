"""Value types of a kennisbijeenkomst pack, and what a Refiner adds (the Refiner port's types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.cases.types import Case
from assistant.types import Citation

Origin = Literal["extractive", "llm"]
#: Who an export is for: the trainer (answer key, agenda, sources) or the participants (no answers).
Audience = Literal["trainer", "deelnemers"]
AUDIENCES: tuple[Audience, ...] = ("trainer", "deelnemers")


@dataclass(frozen=True)
class Point:
    """One cited statement: the verbatim words, where they stand, and how on-theme they are."""

    text: str
    citation: Citation
    context: str = ""  # one line: case (or chapter), publication and year
    subtheme: str = ""  # the sub-theme the point is grouped under
    score: float = 0.0  # the unit model's probability that it speaks to the theme
    role: str = ""  # in a practice example: what the case did (DID) or what it gave (GAVE)


#: The rows of the practice examples' side-by-side table.
DID = "Aanpak en ervaring"
GAVE = "Wat het opleverde"


@dataclass(frozen=True)
class Example:
    """A practice example: a case and its statements on the theme (best first), then what it gave."""

    case: Case
    context: str  # publication and year
    statements: tuple[Point, ...]

    def by_role(self, role: str) -> tuple[Point, ...]:
        """Its statements in one row of the side-by-side table (DID or GAVE)."""
        return tuple(p for p in self.statements if (p.role or DID) == role)


@dataclass(frozen=True)
class Statement:
    """A sentence the language model wrote; its [n] are verified, ``citations`` hold the support."""

    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class DiscussionQuestion:
    """A discussion question that refers to cited points by number."""

    text: str
    refs: tuple[int, ...]
    citations: tuple[Citation, ...] = ()  # the support of its [n] (model-written questions)
    origin: Origin = "extractive"


@dataclass(frozen=True)
class QuizQuestion:
    """A quiz question with its answer and the citation that holds the answer.

    With ``options`` it is multiple choice: ``answer`` is one of them, the others are distractors
    taken from other statements; ``explanation`` is the whole sourced sentence.
    """

    question: str
    answer: str
    citation: Citation
    options: tuple[str, ...] = ()
    origin: Origin = "extractive"
    explanation: str = ""

    @property
    def answer_letter(self) -> str:
        """"A", "B", ... for the answer among the options ("" without options)."""
        return chr(ord("A") + self.options.index(self.answer)) if self.answer in self.options else ""


@dataclass(frozen=True)
class AgendaItem:
    """One block of a session: minutes, what happens, and which part of the pack it uses."""

    minutes: int
    title: str
    what: str


@dataclass(frozen=True)
class Agenda:
    """A suggested session of ``minutes`` minutes."""

    minutes: int
    items: tuple[AgendaItem, ...]


@dataclass(frozen=True)
class Pack:
    """A complete kennisbijeenkomst pack; ``citations`` are numbered 1..n."""

    theme: str
    documents: tuple[str, ...] | None
    key_points: tuple[Point, ...]
    examples: tuple[Example, ...]
    discussion: tuple[DiscussionQuestion, ...]
    quiz: tuple[QuizQuestion, ...]
    citations: tuple[Citation, ...]
    agendas: tuple[Agenda, ...] = ()
    years: dict[str, int | None] = field(default_factory=dict)  # publication year per document id
    mode: Origin = "extractive"  # "llm" when the language model added parts
    notice: str | None = None
    meta: dict[str, object] = field(default_factory=dict)
    synthesis: tuple[Statement, ...] = ()  # the model's introduction; empty when extractive

    @property
    def subthemes(self) -> list[tuple[str, list[Point]]]:
        """Key points grouped by sub-theme, in the order the groups first appear."""
        groups: dict[str, list[Point]] = {}
        for p in self.key_points:
            groups.setdefault(p.subtheme, []).append(p)
        return list(groups.items())

    @property
    def refined_parts(self) -> list[str]:
        """Names of the parts (some of) whose text the language model wrote."""
        parts = ["synthesis"] if self.synthesis else []
        if any(q.origin == "llm" for q in self.discussion):
            parts.append("discussion")
        if any(q.origin == "llm" for q in self.quiz):
            parts.append("quiz")
        return parts


@dataclass(frozen=True)
class Refinement:
    """What a refiner adds to a pack: verified model text, or nothing and a notice saying why."""

    synthesis: tuple[Statement, ...] = ()
    discussion: tuple[DiscussionQuestion, ...] = ()
    quiz: tuple[QuizQuestion, ...] = ()
    notice: str | None = None
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Whether nothing verified came back (the pack then stays extractive)."""
        return not (self.synthesis or self.discussion or self.quiz)
