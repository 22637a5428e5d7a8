"""A language model's refinement of a pack: introduction, discussion and quiz, [n] verified.

The model sees only the pack's own numbered points (verbatim quotes) and cites their numbers. Each
statement it writes is checked with ``citations.verify`` against the words of the point it cites,
as chat answers are; what no point supports is dropped, never shown as cited. The attached
citations keep the pack's numbers and passages, so the pack's sources list covers them and no
passage is cited twice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answer import citations
from assistant.answer.llm import message_text
from assistant.briefing.builder import DISCUSSION_QUESTIONS
from assistant.briefing.types import (
    DiscussionQuestion,
    Pack,
    QuizQuestion,
    Refinement,
    Statement,
)
from assistant.language.sentences import BULLET, split_units
from assistant.prompts import PromptLibrary
from assistant.types import Citation, Hit, Passage

log = logging.getLogger("werkwijzer.briefing")

#: Sentences asked for in the introduction, and the most kept.
SYNTHESIS_SENTENCES = (3, 6)
#: Quiz questions asked of the model (they come on top of the extractive ones).
MODEL_QUIZ_QUESTIONS = 3

LLM_FAILED = (
    "Het taalmodel was niet bereikbaar of gaf geen antwoord; dit pakket is extractief "
    "samengesteld: alle tekst komt letterlijk uit de publicaties."
)
LLM_UNVERIFIED = (
    "Wat het taalmodel schreef kon niet aan de genummerde bronnen worden gekoppeld en is "
    "weggelaten; dit pakket is extractief samengesteld: alle tekst komt letterlijk uit de "
    "publicaties."
)
LLM_DROPPED = (
    "{n} van de uitspraken van het taalmodel {verb} weggelaten: de genummerde bronnen "
    "ondersteunen ze niet."
)

#: Headings of the reply, as the prompt asks for them (matched without case, #, * or a colon).
_HEADINGS = {"inleiding": "synthesis", "discussievragen": "discussion", "quiz": "quiz"}
_LABEL = re.compile(r"^\s*(vraag|antwoord)\s*:\s*", re.IGNORECASE)


@dataclass
class Reply:
    """The model's reply cut into its parts, not yet checked."""

    synthesis: str = ""
    discussion: list[str] = field(default_factory=list)
    quiz: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)


def point_labels(pack: Pack) -> dict[int, str]:
    """What each cited point is, by number; the quiz's sources left out (they hold its answers)."""
    labels = {p.citation.n: f"Kernpunt ({p.subtheme})" for p in pack.key_points}
    for e in pack.examples:
        for p in e.statements:
            labels[p.citation.n] = f"Praktijkvoorbeeld {e.case.name}"
    return labels


def format_points(pack: Pack) -> str:
    """The numbered points block of the prompt: label, source and the verbatim words of each."""
    labels = point_labels(pack)
    blocks = []
    for c in pack.citations:
        if c.n not in labels:
            continue
        where = " › ".join(x for x in (c.document_title, c.section) if x)
        page = f", p. {c.page}" if c.page else ""
        quote = " ".join(c.quote.split())
        blocks.append(f"[{c.n}] {labels[c.n]} — {where}{page}\n“{quote}”")
    return "\n\n".join(blocks)


def parse_reply(text: str) -> Reply:
    """The reply cut into its parts (lines before any heading: the introduction)."""
    reply = Reply()
    part = "synthesis"
    synthesis: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = _HEADINGS.get(line.strip("#*: ").lower())
        if heading:
            part = heading
            continue
        if part == "synthesis":
            synthesis.append(line)
        elif part == "discussion":
            if BULLET.match(line) or not reply.discussion:
                reply.discussion.append(BULLET.sub("", line))
            else:
                reply.discussion[-1] += " " + line  # a question that runs on over a line break
        else:
            label = _LABEL.match(BULLET.sub("", line))
            body = _LABEL.sub("", BULLET.sub("", line))
            if label and label.group(1).lower() == "vraag":
                reply.quiz.append((body, ""))
            elif reply.quiz:
                question, answer = reply.quiz[-1]
                reply.quiz[-1] = (question, f"{answer} {body}".strip())
    reply.synthesis = " ".join(synthesis)
    return reply


def pack_sources(pack: Pack) -> list[Hit]:
    """Each citation of the pack as a source to verify against, at index n - 1: its quoted words."""
    return [
        Hit(
            Passage(
                id=c.passage_id,
                document_id=c.document_id,
                document_title=c.document_title,
                section=c.section,
                page=c.page,
                text=c.quote,
                ordinal=0,
            ),
            1.0,
        )
        for c in pack.citations
    ]


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences ("B.V." and other abbreviations end none), line breaks run on."""
    return [u.text for u in split_units(" ".join(text.split()))]


def checked(
    text: str, sources: Sequence[Hit], *, questions: bool = False
) -> tuple[str, tuple[Citation, ...]] | None:
    """``text`` with its markers verified, and the citations; None if a claim is unsupported.

    Every sentence must end in a statement whose markers its sources support (``verify`` judges
    each statement); with ``questions`` a sentence that asks ("?") may go without, since it claims
    nothing. The citations may then be none.
    """
    out: list[str] = []
    found: dict[tuple[int, str], Citation] = {}
    for sentence in sentences(text):
        parts = citations.statements(sentence)
        last = parts[-1].rstrip() if parts else ""
        if not citations.MARKER.search(last) and not (questions and last.endswith("?")):
            return None  # a claim without a source, or one after the sentence's last marker
        result = citations.verify(sentence, sources, unsupported_note="", numbering="source")
        if result.unsupported:
            return None
        out.append(result.text.strip())
        for c in result.citations:
            found.setdefault((c.n, c.quote), c)
    if not out:
        return None
    return " ".join(out), tuple(found.values())


def _unmarked(text: str) -> str:
    return " ".join(citations.MARKER.sub("", text).split())


def verify_reply(reply: Reply, pack: Pack) -> Refinement:
    """The verified parts of ``reply`` for ``pack``; what no point supports is dropped."""
    sources = pack_sources(pack)
    dropped: list[str] = []
    synthesis: list[Statement] = []
    for sentence in sentences(reply.synthesis):
        result = checked(sentence, sources)
        if result is None or not result[1] or len(synthesis) >= SYNTHESIS_SENTENCES[1]:
            dropped.append(sentence)
            continue
        synthesis.append(Statement(*result))
    discussion: list[DiscussionQuestion] = []
    for text in reply.discussion[:DISCUSSION_QUESTIONS]:
        result = checked(text, sources, questions=True)
        if result is None or not result[1] or "?" not in text:
            dropped.append(text)
            continue
        body, cited = result
        refs = tuple(dict.fromkeys(c.n for c in cited))
        discussion.append(DiscussionQuestion(body, refs, cited, origin="llm"))
    quiz: list[QuizQuestion] = []
    for question, answer in reply.quiz[:MODEL_QUIZ_QUESTIONS]:
        asked = checked(question, sources, questions=True)
        answered = checked(answer, sources)
        if asked is None or answered is None or not answered[1] or "?" not in question:
            dropped.append(f"{question} — {answer}")
            continue
        quiz.append(QuizQuestion(asked[0], _unmarked(answered[0]), answered[1][0], origin="llm"))
    refinement = Refinement(tuple(synthesis), tuple(discussion), tuple(quiz))
    meta: dict[str, object] = {"llm_dropped": dropped}
    if refinement.empty:
        return Refinement(notice=LLM_UNVERIFIED, meta=meta)
    notice = (
        LLM_DROPPED.format(n=len(dropped), verb="is" if len(dropped) == 1 else "zijn")
        if dropped
        else None
    )
    return Refinement(refinement.synthesis, refinement.discussion, refinement.quiz, notice, meta)


class LLMRefiner:
    """Asks a chat model for a pack's introduction and questions; keeps what the points support."""

    def __init__(self, model: BaseChatModel, prompts: PromptLibrary) -> None:
        self._model = model
        self._prompts = prompts

    def messages(self, pack: Pack) -> list[BaseMessage]:
        """The chat messages sent to the model."""
        low, high = SYNTHESIS_SENTENCES
        system = self._prompts.render("briefing_system")
        human = self._prompts.render(
            "briefing",
            theme=pack.theme,
            points=format_points(pack),
            sentences=f"{low} tot {high}",
            questions=str(DISCUSSION_QUESTIONS),
            quiz=str(MODEL_QUIZ_QUESTIONS),
        )
        return [SystemMessage(system), HumanMessage(human)]

    def refine(self, pack: Pack) -> Refinement:
        """The verified refinement, or an empty one with a notice when the model fails."""
        if not point_labels(pack):
            return Refinement()  # nothing to write from: the pack says so itself
        try:
            raw = message_text(self._model.invoke(self.messages(pack)))
        except Exception as e:  # noqa: BLE001 - any failure of the endpoint: the pack stays extractive
            log.warning("LLM failed on a pack (%s: %s); pack stays extractive", type(e).__name__, e)
            return Refinement(notice=LLM_FAILED, meta={"llm_error": type(e).__name__})
        if not raw.strip():
            return Refinement(notice=LLM_FAILED, meta={"llm_error": "empty reply"})
        return verify_reply(parse_reply(raw), pack)
