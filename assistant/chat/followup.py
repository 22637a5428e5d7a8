"""Follow-up questions rewritten into standalone ones from the subject of the previous turns (no LLM)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.language.privacy import without_marks
from assistant.language.question import NAME, entity_terms, frame_stems, names
from assistant.language.text import STOP_WORDS, analyse, fold
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
# "die laatste fase", "de eerste stap", "the last phase": one item of a list given before.
_ORDINAL = re.compile(
    r"\b(?P<det>die|de|het|deze|dat|the|that|this)\s+(?P<ord>laatste|eerste|tweede|derde|vierde|vijfde"
    r"|zesde|zevende|achtste|negende|tiende|last|final|first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth)(?:\s+(?P<noun>(?!(?:is|zijn|was|houdt|does|is|in|of|van)\b)[a-z][\w-]*))?",
    re.IGNORECASE,
)
_ORDINALS = {
    word: n
    for n, words in enumerate(
        (
            ("eerste", "first"),
            ("tweede", "second"),
            ("derde", "third"),
            ("vierde", "fourth"),
            ("vijfde", "fifth"),
            ("zesde", "sixth"),
            ("zevende", "seventh"),
            ("achtste", "eighth"),
            ("negende", "ninth"),
            ("tiende", "tenth"),
        )
    )
    for word in words
} | {"laatste": -1, "last": -1, "final": -1}
# "die laatste fase" is "de fase ...", "dat laatste doel" is "het doel ...".
_ARTICLE = {"die": "de", "deze": "de", "de": "de", "dat": "het", "dit": "het", "het": "het"} | {
    w: "the" for w in ("the", "that", "this")
}
# An item line of an answer ("- De band is lek [3]", "2. Gang maken") and its citation markers.
_ITEM_LINE = re.compile(r"^\s*(?:[-•*]|\d{1,2}[.)])\s+(?P<text>.+?)\s*$")
_MARKERS = re.compile(r"\s*\[\d+\]")
#: An item longer than this is referred to by its first words.
ITEM_WORDS = 12
#: A question with at most this many content terms and no name of its own leans on the previous turn.
SHORT_QUESTION_TERMS = 3
#: How many earlier turns are searched for the subject.
SUBJECT_TURNS = 2




def is_follow_up(question: str, history: Sequence[Turn]) -> bool:
    """Whether ``question`` leans on the conversation before it."""
    if not history:
        return False
    if _OPENER.match(question) or _ANAPHORA.search(_without_names(question)):
        return True
    content = [t for t in analyse(question) if t not in frame_stems()]
    return not entity_terms(question) and len(content) <= SHORT_QUESTION_TERMS


def _without_names(text: str) -> str:
    return NAME.sub(" ", text)


CaseOf = Callable[[str], "str | None"]
"""The name of the case a passage (by id) belongs to, if any."""


def subject_of(turns: Sequence[Turn], *, case_of: CaseOf | None = None) -> str:
    """The subject of the latest turns: the names a question mentions with its topic words, else
    the case its answer was about ("Welke regio ...?" answered from Regio Groningen), else the last
    question's words."""
    return _as_subject(*subject_parts(turns, case_of=case_of))


def _as_subject(named: Sequence[str], topic: Sequence[str]) -> str:
    """The names, then the topic words, each once."""
    return " ".join(dict.fromkeys([*named, *topic]))


def subject_parts(turns: Sequence[Turn], *, case_of: CaseOf | None = None) -> tuple[list[str], list[str]]:
    """(names, topic words) of the subject of the latest turns (see ``subject_of``)."""
    for turn in reversed(turns[-SUBJECT_TURNS:]):
        # A redaction mark ("[BSN]") stands for personal data: never a subject.
        source = without_marks(turn.standalone_question or turn.question)
        found = [n.text for n in names(source) if n.text[:1].isupper()]
        if found:
            # The names with the topic words of that question: "Almere" alone loses "dagbesteding"
            # (follow-up hit@5 0.737 -> 0.842 on cross-validated folds).
            return found, _topic_words(source, found)
        if case_of is not None and turn.status == "answered" and turn.passage_ids:
            case = case_of(turn.passage_ids[0])
            if case:
                return [case], []
    last = turns[-1]
    source = without_marks(last.standalone_question or last.question)
    return [], [w for w in re.findall(r"[\w'’-]+", source) if fold(w) not in STOP_WORDS]


def _topic_words(source: str, found: Sequence[str]) -> list[str]:
    """The content words of ``source`` outside its names and its question frame."""
    named = {fold(w) for n in found for w in n.split()}
    frame = frame_stems()
    return [
        w
        for w in re.findall(r"[\w'’-]+", source)
        if fold(w) not in STOP_WORDS and fold(w) not in named and not set(analyse(w)) <= frame
    ]


def resolve_ordinal(question: str, answer: str) -> str:
    """``question`` with "die laatste fase" replaced by the item of ``answer``'s list it means."""
    match = _ORDINAL.search(question)
    if not match:
        return question
    lists = _lists(answer)
    if not lists:
        return question
    noun = match.group("noun")
    chosen = max(lists, key=lambda run: (_mentions(run[0], noun), len(run[1])))
    items = chosen[1]
    index = _ORDINALS[match.group("ord").lower()]
    if index >= len(items):
        return question
    item = items[index]
    det = _ARTICLE.get(match.group("det").lower(), "de")
    # "Fase 2" already says it is a phase.
    named = f"{det} {noun} {item}" if noun and not fold(item).startswith(fold(noun)) else item
    return question[: match.start()] + named + question[match.end() :]


def _lists(answer: str) -> list[tuple[str, list[str]]]:
    """The lists in an answer text: (the line before them, their items without markers)."""
    runs: list[tuple[str, list[str]]] = []
    previous = ""
    current: list[str] | None = None
    for line in answer.splitlines():
        match = _ITEM_LINE.match(line)
        if match:
            if current is None:
                current = []
                runs.append((previous, current))
            text = _MARKERS.sub("", match.group("text")).strip()
            current.append(" ".join(text.split(":", 1)[0].split()[:ITEM_WORDS]))
        else:
            current = None
            previous = line
    return [run for run in runs if len(run[1]) > 1]


def _mentions(lead: str, noun: str | None) -> bool:
    """Whether the line before a list names what the question calls its items ("fase" / "fasen")."""
    if not noun:
        return False
    wanted = analyse(noun)
    have = analyse(lead)
    return any(
        h.startswith(w[:4]) or w.startswith(h[:4]) for w in wanted for h in have if len(h) >= 4
    )


class RuleCondenser:
    """Adds the previous turns' subject (case, organisation, region, publication) to a follow-up,
    and puts the item meant for "die laatste fase"."""

    def __init__(self, *, case_of: CaseOf | None = None) -> None:
        self._case_of = case_of

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """The question, completed with the conversation's subject when it is a follow-up."""
        if not is_follow_up(question, history):
            return question
        question = resolve_ordinal(question, history[-1].answer)
        named, topic = subject_parts(history, case_of=self._case_of)
        subject = _as_subject(named, topic)
        if not subject:
            return question
        core = _OPENER.sub("", question, count=1).strip()
        core = core[:1].upper() + core[1:]
        already = set(analyse(core))
        # A question that names the subject itself ("En werkt Pastiel ook in Sneek?") needs nothing.
        if set(analyse(subject)) <= already or (named and set(analyse(" ".join(named))) <= already):
            return core
        return f"{core} ({subject})"
