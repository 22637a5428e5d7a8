"""Follow-up questions rewritten into standalone ones from the subject of the previous turns (no LLM)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from assistant.answer.question import entity_terms, frame_stems
from assistant.text import STOP_WORDS, analyse, fold
from assistant.types import Turn

# A follow-up often opens with a conjunction ("En hoe lang duurt dat?", "And what about ...").
_OPENER = re.compile(
    r"^\s*(en|maar|of|ook|and|but|also|what about|how about|en hoe zit het met)\b[\s,]*", re.I
)
# Words that point back to something said before (Dutch and English pronouns and pro-adverbs).
_ANAPHORA = re.compile(
    r"\b(die|dat|deze|dit|daar\w*|ze|zij|hun|hen|hij|hem|zijn|haar|hiervan|hiervoor|hierbij|hierin|ervan"
    r"|ervoor|erbij|erin|they|them|their|it|its|that|those|this|these|there|he|she|his|her)\b",
    re.I,
)
# A name: capitalised words, possibly joined by Dutch/English particles ("Rijk van Nijmegen"),
# an acronym, or something quoted.
_NAME = re.compile(
    r"(?:\b[A-Z][\w'’-]*(?:\s+(?:van|de|der|den|het|op|aan|of|the|naar)\s+[A-Z][\w'’-]*)*)"
    r"|(?:['‘\"“][^'’\"”]{3,60}['’\"”])"
)
# Words a question or request starts with (capitalised because they start it, not names).
_OPENERS = frozenset(
    """
    kun kunt kan geef noem vertel leg beschrijf wordt werd zijn is heeft hebben moet mag zou zouden
    komt welk wat wanneer hoeveel hoezo waarom sinds volgens bij voor in op uit met van na tijdens
    can could please tell give list describe explain name show does do did is are was were has have
    """.split()
)
#: A question with at most this many content terms and no name of its own leans on the previous turn.
SHORT_QUESTION_TERMS = 3
#: How many earlier turns are searched for the subject.
SUBJECT_TURNS = 2


class Condenser(Protocol):
    """Rewrites a follow-up question into one that stands on its own."""

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """The standalone question (``question`` itself when it needs no rewriting)."""
        ...


def is_follow_up(question: str, history: Sequence[Turn]) -> bool:
    """Whether ``question`` leans on the conversation before it."""
    if not history:
        return False
    if _OPENER.match(question) or _ANAPHORA.search(_without_names(question)):
        return True
    content = [t for t in analyse(question) if t not in frame_stems()]
    return not entity_terms(question) and len(content) <= SHORT_QUESTION_TERMS


def _without_names(text: str) -> str:
    return _NAME.sub(" ", text)


def subject_of(turns: Sequence[Turn]) -> str:
    """The subject of the latest turns: the names they mention, else their content words."""
    for turn in reversed(turns[-SUBJECT_TURNS:]):
        source = turn.standalone_question or turn.question
        names = _names(source)
        if names:
            return " ".join(names)
    last = turns[-1]
    source = last.standalone_question or last.question
    words = [w for w in re.findall(r"[\w'’-]+", source) if fold(w) not in STOP_WORDS]
    return " ".join(dict.fromkeys(words))


def _names(text: str) -> list[str]:
    first = re.match(r"\W*\w+", text)
    skip = first.end() if first else 0
    names = []
    for match in _NAME.finditer(text):
        name = match.group(0).strip("'‘’\"“” ")
        if match.start() < skip and not name.isupper() and _opens_sentence(name):
            # The first word is capitalised because it starts the sentence; keep the rest of the name.
            rest = name.split(" ", 1)
            if len(rest) == 1 or not rest[1][:1].isupper():
                continue
            name = rest[1]
        if fold(name) not in STOP_WORDS:
            names.append(name)
    return list(dict.fromkeys(names))


def _opens_sentence(name: str) -> bool:
    """Whether a capitalised first word is just the start of the sentence rather than a name."""
    first = fold(name.split(" ", 1)[0])
    return first in STOP_WORDS or first in _OPENERS


class RuleCondenser:
    """Adds the previous turns' subject (case, organisation, region, publication) to a follow-up."""

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """The question, completed with the conversation's subject when it is a follow-up."""
        if not is_follow_up(question, history):
            return question
        subject = subject_of(history)
        if not subject:
            return question
        core = _OPENER.sub("", question, count=1).strip()
        core = core[:1].upper() + core[1:]
        already = set(analyse(core))
        if set(analyse(subject)) <= already:
            return core
        return f"{core} ({subject})"
