"""Value types of a kennisbijeenkomst pack, and what a Refiner adds (the Refiner port's types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.cases.types import Case, Comparison
from assistant.types import Citation

Origin = Literal["extractive", "llm"]


@dataclass(frozen=True)
class Point:
    """One cited statement: the verbatim words and where they stand."""

    text: str
    citation: Citation


@dataclass(frozen=True)
class Example:
    """A practice example: what the case did and what it yielded (None when not described)."""

    case: Case
    did: Point
    yielded: Point | None


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
    """A quiz question with its answer and the citation that holds the answer."""

    question: str
    answer: str
    citation: Citation
    options: tuple[str, ...] = ()
    origin: Origin = "extractive"


@dataclass(frozen=True)
class Pack:
    """A complete kennisbijeenkomst pack; ``citations`` are numbered 1..n, one per passage."""

    theme: str
    documents: tuple[str, ...] | None
    key_points: tuple[Point, ...]
    examples: tuple[Example, ...]
    comparison: Comparison | None
    quotes: tuple[Point, ...]
    discussion: tuple[DiscussionQuestion, ...]
    quiz: tuple[QuizQuestion, ...]
    citations: tuple[Citation, ...]
    mode: Origin = "extractive"  # "llm" when the language model added parts
    notice: str | None = None
    meta: dict[str, object] = field(default_factory=dict)
    synthesis: tuple[Statement, ...] = ()  # the model's introduction; empty when extractive

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
