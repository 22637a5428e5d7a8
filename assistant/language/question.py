"""What a question asks: its language, its kind, its content terms and the entities it names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from assistant.language.text import INDEX_STOP_WORDS, SENTENCE_OPENERS, STOP_WORDS, analyse, fold, tokens

Language = Literal["nl", "en"]
QuestionKind = Literal[
    "number", "list", "definition", "comparison", "yesno", "case", "open", "chitchat"
]

# Function words that tell English from Dutch (a question is short, so a handful decides).
_ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "to",
        "is",
        "are",
        "was",
        "were",
        "what",
        "which",
        "who",
        "how",
        "does",
        "do",
        "did",
        "many",
        "much",
        "why",
        "where",
        "when",
        "with",
        "from",
        "for",
        "their",
        "its",
        "this",
        "that",
        "there",
        "have",
        "has",
        "in",
        "on",
        "they",
        "it",
        "be",
        "can",
        "should",
        "would",
    ]
)
_DUTCH = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "te",
        "is",
        "zijn",
        "wat",
        "welke",
        "wie",
        "hoe",
        "hoeveel",
        "waarom",
        "waar",
        "wanneer",
        "met",
        "voor",
        "hun",
        "ze",
        "er",
        "bij",
        "aan",
        "worden",
        "wordt",
        "heeft",
        "hebben",
        "dat",
        "die",
        "dit",
        "deze",
        "op",
        "in",
        "naar",
        "uit",
        "om",
        "kan",
        "moet",
    ]
)

# Cues of each kind, on the folded question (Dutch and English question forms, not topic words).
_NUMBER = re.compile(
    r"\b(hoeveel|how (many|much|long|often)|hoe (groot|lang|vaak|hoog|veel)|welk (deel|percentage|aantal|bedrag)"
    r"|what (share|percentage|number|amount|proportion)|wat kost|aantal|percentage|bedrag|budget)\b"
)
# Wider than _NUMBER, and on the raw question: it also takes dates and durations ("wanneer", "when",
# "which year", "procent") and ignores case, so a passage feature marks every question a figure,
# duration or date answers. The passage model and the recorded LLM requests were made with this exact
# text: change it only with a refit.
NUMBER_OR_DATE_QUESTION = re.compile(
    r"\b(hoeveel|hoe ?veel|aantal|percentage|procent|hoe lang|hoe vaak|welk jaar|wanneer|"
    r"how many|how much|how long|how often|number of|percentage|when|which year)\b",
    re.IGNORECASE,
)
_DEFINITION = re.compile(
    r"\b(wat (is|zijn|betekent|houdt|wordt( er)? (bedoeld|verstaan))|wat versta|waar staat|staat .* voor"
    r"|what (is|are|does)\b.*\b(mean|stand for)|what is meant|definitie|definition|houdt .* in"
    r"|wanneer is (iemand|een)|when is (someone|a person)|bedoeld met|verstaan onder|meant by)\b"
)
_COMPARISON = re.compile(
    r"\b(verschil\w*|vergelijk\w*|overeenkomst\w*|gemeen|beide|allebei|differ\w*|compare\w*|comparison"
    r"|in common|both|similar\w*|versus|vs)\b"
)
_LIST = re.compile(
    r"\b(welke|which|what are|wat zijn|noem|opsomming|list|factoren|factors|criteria|voorwaarden|conditions"
    r"|redenen|reasons|stappen|steps|fasen|phases|onderdelen|elements|partijen|parties|lessen|lessons)\b"
)
_YESNO_START = re.compile(
    r"^(is|zijn|kan|kunnen|heeft|hebben|moet|moeten|wordt|worden|mag|mogen|zal|bestaat|klopt"
    r"|are|can|does|do|did|has|have|should|must|will|was|were)\b"
)
_WH = re.compile(
    r"\b(wat|welke?|wie|hoe|hoeveel|waarom|waar\w*|wanneer|what|which|who|how|why|where|when)\b"
)
_GREETING = re.compile(
    r"^(hallo|hoi|hey|hi|hello|goedemorgen|goedemiddag|goedenavond|good (morning|afternoon|evening)|dag"
    r"|bedankt|dank( je| u)?( wel)?|thanks|thank you|top|prima|ok(é|e|ay)?|doei|tot ziens|bye"
    r"|hoe gaat het|how are you|wie ben jij|who are you|wat kun je|what can you do)\b"
)

# Words that frame a question without naming what it is about (never content terms).
_FRAME_WORDS = frozenset(
    [
        "eigenlijk",
        "precies",
        "ongeveer",
        "volgens",
        "staat",
        "staan",
        "lees",
        "lezen",
        "beschreven",
        "beschrijft",
        "genoemd",
        "noemen",
        "noem",
        "publicatie",
        "publicaties",
        "rapport",
        "evaluatie",
        "tekst",
        "bron",
        "bronnen",
        "bedoeld",
        "verstaan",
        "betekent",
        "betekenis",
        "houdt",
        "gaat",
        "gebeurt",
        "gedaan",
        "doen",
        "doet",
        "graag",
        "weten",
        "vertel",
        "uitleg",
        "uitleggen",
        "kort",
        "samengevat",
        "zeggen",
        "zegt",
        "according",
        "mean",
        "means",
        "meant",
        "describe",
        "described",
        "say",
        "says",
        "tell",
        "explain",
        "publication",
        "report",
        # question words and pro-adverbs that only point at what is asked
        "waarin",
        "waarmee",
        "waardoor",
        "waarvoor",
        "waarop",
        "waarover",
        "daarover",
        "daarvoor",
        "daarmee",
        "daarbij",
        "daarin",
        "ervoor",
        "erover",
        "ermee",
        "qua",
        "zowel",
        "beide",
        "allebei",
        "both",
    ]
)



_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*[A-Za-z0-9]|\b[A-Z]{2,}\b")
_NUMBER_TOKEN = re.compile(r"\d")

# A name: capitalised words, possibly joined by Dutch/English particles ("Rijk van Nijmegen"),
# an acronym, or something quoted.
NAME = re.compile(
    r"(?:\b[A-Z][\w'’-]*(?:\s+(?:(?:van|de|der|den|het|op|aan|of|the|naar)\s+)*[A-Z][\w'’-]*)*)"
    r"|(?:['‘\"“][^'’\"”]{3,60}['’\"”])"
)
# "de CAO van Cycloon", "het UWV in Almere": an acronym and a name, not one name.
_ACRONYM_OF = re.compile(
    r"^([A-Z]{2,}\b[\w'’-]*)\s+(?:van|de|der|den|het|op|aan|of|the|naar)\s+(.+)$"
)
_LEADING_WORD = re.compile(r"^\S+(?:\s+(?:van|de|der|den|het|op|aan|of|the|naar))*\s*")
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?:;])\s+)[\W_]*(?=\w)")


@dataclass(frozen=True)
class Name:
    """A name the question mentions: as written, and its analysed terms."""

    text: str
    terms: tuple[str, ...]



def detect_language(text: str) -> Language:
    """'en' when English function words outnumber Dutch ones, else 'nl' (the corpus language)."""
    words = tokens(text)
    english = sum(w in _ENGLISH for w in words)
    dutch = sum(w in _DUTCH for w in words)
    return "en" if english > dutch else "nl"


def is_english(text: str) -> bool:
    """Whether a question reads as English (the one language test of search and answers)."""
    return detect_language(text) == "en"


def is_chitchat(text: str) -> bool:
    """A greeting, thanks or a question about the assistant itself, with at most two content words."""
    folded = " ".join(fold(text).split())
    return bool(_GREETING.match(folded)) and len([t for t in analyse(text) if t not in frame_stems()]) <= 2


def question_kind(text: str) -> QuestionKind:
    """The kind of answer the question asks for, from general Dutch and English question cues."""
    folded = " ".join(fold(text).split())
    if is_chitchat(text):
        return "chitchat"
    if _COMPARISON.search(folded):
        return "comparison"
    if _DEFINITION.search(folded):
        return "definition"
    if _NUMBER.search(folded):
        return "number"
    if _LIST.search(folded):
        return "list"
    if _YESNO_START.match(folded) and not _WH.search(folded):
        return "yesno"
    return "case" if entity_terms(text) else "open"


def entity_terms(text: str) -> tuple[str, ...]:
    """Analysed terms of the names, acronyms and numbers in ``text`` (not its first word)."""
    found: list[str] = []
    body = text.strip()
    first = re.match(r"\W*\w+", body)
    skip = first.end() if first else 0
    for match in _CAPITALISED.finditer(body):
        if match.start() < skip and not match.group(0).isupper():
            continue  # the first word is capitalised because it starts the sentence
        found.extend(analyse(match.group(0)))
    for tok in tokens(body):
        if _NUMBER_TOKEN.search(tok):
            found.append(tok)
    return tuple(t for t in dict.fromkeys(found) if t not in frame_stems())




def names(text: str) -> tuple[Name, ...]:
    """The names in ``text``; a capitalised word that merely starts a sentence is not one."""
    starts = {m.end() for m in _SENTENCE_START.finditer(text)}
    found: dict[str, Name] = {}
    for match in NAME.finditer(text):
        name = match.group(0).strip("'‘’\"“” ")
        if match.start() in starts and not name.isupper() and _opens_sentence(name):
            name = _LEADING_WORD.sub("", name, count=1)  # "Is de Werkklas ..." keeps "Werkklas ..."
            if not name[:1].isupper():
                continue
        split = _ACRONYM_OF.match(name)
        for part in split.groups() if split else (name,):
            terms = tuple(t for t in analyse(part) if t not in frame_stems())
            if terms and fold(part) not in STOP_WORDS:
                found.setdefault(fold(part), Name(part, terms))
    return tuple(found.values())


def _opens_sentence(name: str) -> bool:
    """Whether a capitalised first word is just the start of the sentence rather than a name."""
    first = fold(name.split(" ", 1)[0])
    return first in INDEX_STOP_WORDS or first in SENTENCE_OPENERS






@lru_cache(maxsize=1)
def frame_stems() -> frozenset[str]:
    """Analysed forms of the frame words (computed on first use, not at import)."""
    return frozenset(analyse(" ".join(_FRAME_WORDS))) | _FRAME_WORDS
