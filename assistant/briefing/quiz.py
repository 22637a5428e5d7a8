"""Quiz questions that test understanding of a point: finish the statement, pick from plausible endings.

A statement that gives a reason, a consequence, a purpose or a finding ("…, aangezien in die periode
vaker problemen ontstaan") is cut at its connecting word. The question shows the first half; the
options are its own ending and the endings of other on-theme statements cut at the same kind of word,
so every option reads as a grammatical, plausible ending and only understanding of the point picks
the right one. The answer key gives the whole sourced sentence.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.briefing.statements import Statement, aspects, content, placed_aspects, same_point
from assistant.language.text import fold

#: Connecting words, by the kind of clause they open (endings are only swapped within a kind).
#: "dat" opens a finding only after a verb of saying or knowing, not as a pronoun after a comma.
_KINDS: tuple[tuple[str, str], ...] = (
    ("reden", r"omdat|aangezien|doordat"),
    ("gevolg", r"zodat|waardoor|(?<=,\s)dus"),  # "en dus …" inside a clause is no consequence clause
    ("tijd", r"nadat|zodra|voordat"),
    ("doel", r"om(?= .+ te \w+)"),
    ("inhoud", r"(?<=\w\s)dat"),
    ("voorwaarde", r"wanneer|mits|zolang"),
    ("toelichting", r"waarbij|waarin|waarmee"),
    ("tegenstelling", r"maar|terwijl|hoewel"),
    ("middel", r"door(?= .+ te \w+)"),
    ("invulling", r"(?<=,\s)met"),
)
#: A statement that names a set and then lists it ("… vijf kritische succesfactoren: inlevingsvermogen,
#: …"): the list is the ending to choose.
_LIST = ("opsomming", re.compile(r"(?<=\w):\s(?P<word>)(?=\w)"))
#: An illustration at the end of an ending (", bijvoorbeeld vanwege …") is left out of the option:
#: the point is the clause before it, and the answer key gives the whole sentence.
_ILLUSTRATION = re.compile(r",\s(?:bijvoorbeeld|zoals|onder andere|waaronder)\b.*$")
#: ", wordt …" inside an ending: the cut clause was fronted and the main clause follows, so the
#: ending reads wrongly after any other first half. Finite forms of the auxiliaries and copulas.
_INVERSION = re.compile(
    r",\s(?:wordt|worden|werd|is|zijn|was|heeft|hebben|had|kan|kunnen|moet|moeten|zal|zullen|ontstaat|blijkt|krijgt)\b"
)
#: Words that open the subject of a "dat"-clause; after any other word "dat" is a pronoun.
_SUBJECTS = frozenset(
    "de het een er zij ze hij men je we wij deze dit die hun zijn haar alle veel nogal iemand mensen "
    "kandidaten deelnemers werkgevers cliënten gemeenten professionals".split()
)
#: A condition put first ("Als het traject leidt tot regulier werk, is er geen nazorg"): the main
#: clause is the ending; main clauses after a fronted condition all start with their verb, so they
#: fit after one another's conditions.
_FRONTED = ("hoofdzin", re.compile(r"^(?:Als|Wanneer|Zodra|Indien|Nadat)\s[^,]+(?P<cut>),\s(?P<word>)(?=\w)"))
#: The same with the means put first ("Door een samenwerking aan te gaan, zijn zij verzekerd van …")
#: or the condition as an inverted clause ("Pakt een match niet goed uit, dan probeert men …").
_FRONTED_MEANS = ("hoofdzin", re.compile(r"^Door\s[^,]+\ste\s\w+(?P<cut>),\s(?P<word>)(?=\w)"))
_INVERTED = ("hoofdzin", re.compile(r"^[^,]+(?P<cut>),\s(?P<word>dan)\s"))
_SPLIT = [
    *((kind, re.compile(rf",?\s(?P<word>{words})\s")) for kind, words in _KINDS),
    _LIST,
    _FRONTED,
    _FRONTED_MEANS,
    _INVERTED,
]
#: A digit in an ending: the choice would turn on a number, a year or a date (trivia).
_FIGURE = re.compile(r"\d")
#: A first half that negates ("niet als jobcoach …"): its contrast answers itself.
_NEGATION = re.compile(r"\bniet\b")
#: Five words carry a point's first half ("Als de motivatie wel goed is …"); fewer is a guess.
MIN_STEM_WORDS = 5
MIN_ENDING_WORDS = 4
MAX_ENDING_WORDS = 24
OPTIONS = 4
#: One ending appears in at most this many questions; one kind of question at most this often.
MAX_ENDING_USES = 1
MAX_PER_KIND = 2


@dataclass(frozen=True)
class Cut:
    """A statement cut into the shown first half and the ending to choose."""

    statement: Statement
    kind: str
    stem: str
    ending: str  # the connecting word and the rest, without the final full stop


def cut(statement: Statement) -> Cut | None:
    """The statement cut at its first usable connecting word, or None."""
    text = statement.text
    for kind, pattern in _SPLIT:
        for m in pattern.finditer(text):
            stem = text[: m.start("cut") if "cut" in pattern.groupindex else m.start()].strip()
            ending = _ILLUSTRATION.sub("", text[m.start("word") :].strip().rstrip(".!").strip())
            if len(stem.split()) < MIN_STEM_WORDS:
                continue
            if not MIN_ENDING_WORDS <= len(ending.split()) <= MAX_ENDING_WORDS:
                continue
            if ending.count("(") != ending.count(")") or stem.count("(") != stem.count(")"):
                continue  # cut inside brackets: neither half reads on its own
            if ". " in ending or ". " in stem or _INVERSION.search(ending):
                continue  # two sentences ("… Dat maakt dat …"), or the main clause of a fronted one
            if kind == "inhoud" and ending.split()[1].lower() not in _SUBJECTS:
                continue  # "dat is …", "dat bestaat uit …": a pronoun, not a clause that follows a verb
            if any(q in ending or q in stem for q in "\"“”„"):
                continue  # part of a quotation: its marks and its speaker would not pair up
            if kind == "tegenstelling" and _NEGATION.search(fold(stem)):
                continue  # "niet (alleen) X, maar (ook) Y": only one ending can follow, understood or not
            if _FIGURE.search(ending):
                continue  # an ending that holds a figure or a date asks for recall, not understanding
            return Cut(statement, kind, stem, ending)
    return None


#: Kinds whose endings are verb-final clauses after a comma: an ending of one reads grammatically
#: after the first half of another. A finding ("dat …") only fits a verb of saying or knowing.
_INTERCHANGEABLE = frozenset({"reden", "gevolg", "voorwaarde", "toelichting", "tijd"})


#: How something is filled in (", met jobcoaching …") reads after the same first halves as an
#: explanation (", waarbij …"), and the other way round.
_FILLED_IN = frozenset({"invulling", "toelichting"})


def _fits(target: Cut, other: Cut) -> int | None:
    """0 for an ending of the same kind, 1 for one of an interchangeable kind, None when it cannot fit."""
    if other.kind == target.kind:
        return 0
    if other.kind in _INTERCHANGEABLE and target.kind in _INTERCHANGEABLE:
        return 1
    if {target.kind, other.kind} == _FILLED_IN:
        return 1
    return None


def _distractors(
    target: Cut,
    pool: Sequence[Cut],
    *,
    n: int,
    spent: Counter[str],
    preferred: frozenset[str] = frozenset(),
    names: Sequence[re.Pattern[str]] = (),
) -> list[str]:
    """Endings from other passages that fit the first half: the theme's other points (``preferred``
    statement keys) first, within them the same kind first, then the order of ``pool``."""
    ranked = sorted(
        (
            (c.statement.key not in preferred, fit, i, c)
            for i, c in enumerate(pool)
            if (fit := _fits(target, c)) is not None and c.statement.passage.id != target.statement.passage.id
        ),
        key=lambda t: t[:3],
    )
    out: list[str] = []
    seen = {fold(target.ending)}
    for *_, c in ranked:
        if len(out) >= n:
            break
        key = fold(c.ending)
        if key in seen or key in fold(target.statement.text) or spent[key] >= MAX_ENDING_USES:
            continue  # an ending seen in every question gives the game away
        if same_point(content(c.ending), content(target.ending)):
            continue  # says what the right ending says: two options would be right
        if any(n.search(key) for n in names):
            continue  # names another practice: plainly not about this one
        seen.add(key)
        out.append(c.ending)
    return out


#: What the first half of a cut statement asks, by the kind of its ending: a why, what-happens or
#: on-what-condition question rather than "how does it go on".
ASKS: dict[str, str] = {
    "reden": "Waarom? Kies de reden die de publicatie geeft.",
    "gevolg": "Wat is het gevolg? Kies wat de publicatie noemt.",
    "doel": "Met welk doel? Kies wat de publicatie noemt.",
    "inhoud": "Wat is de bevinding? Kies wat de publicatie zegt.",
    "voorwaarde": "Onder welke voorwaarde? Kies wat de publicatie zegt.",
    "toelichting": "Hoe gaat dit in de praktijk? Kies wat de publicatie zegt.",
    "tijd": "Wanneer gebeurt dat? Kies wat de publicatie zegt.",
    "tegenstelling": "Welke kanttekening hoort erbij? Kies wat de publicatie zegt.",
    "middel": "Hoe gebeurt dat? Kies wat de publicatie zegt.",
    "invulling": "Hoe ziet dat eruit? Kies wat de publicatie zegt.",
    "opsomming": "Wat hoort erbij? Kies wat de publicatie noemt.",
    "hoofdzin": "Wat gebeurt er dan? Kies wat de publicatie zegt.",
}


@dataclass(frozen=True)
class Item:
    """A multiple-choice question before it is cited: stem, options, answer and its statement."""

    statement: Statement
    stem: str
    options: tuple[str, ...]
    answer: str
    kind: str = ""  # the kind of the cut (ASKS), the aspect asked for, or "" for a case question


def items(
    targets: Sequence[Statement],
    pool: Sequence[Statement],
    *,
    limit: int,
    preferred: set[str] | frozenset[str] = frozenset(),
    names: Sequence[str] = (),
) -> list[Item]:
    """Up to ``limit`` questions on ``targets`` (the pack's points first), distractors from ``pool``,
    those of the ``preferred`` statements (the theme's other points) first."""
    cuts_pool = [c for c in (cut(s) for s in pool) if c is not None]
    named = [re.compile(rf"\b{re.escape(fold(n))}\b") for n in names if len(n.strip()) >= 2]
    out: list[Item] = []
    used: set[str] = set()
    spent: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    stems: set[str] = set()
    asked: list[frozenset[str]] = []
    for s in targets:
        if len(out) >= limit:
            break
        target = cut(s)
        if target is None or s.key in used or kinds[target.kind] >= MAX_PER_KIND:
            continue
        if fold(target.stem) in stems or any(same_point(content(s.text), a) for a in asked):
            continue  # the same question again, from another case's sentence in other words
        if spent[fold(target.ending)]:
            continue  # its ending was already offered as a wrong answer
        wrong = _distractors(
            target, cuts_pool, n=OPTIONS - 1, spent=spent, preferred=frozenset(preferred), names=named
        )
        if len(wrong) < 2:
            continue  # one alternative is a guess, not a question
        spent.update(fold(w) for w in wrong)
        spent[fold(target.ending)] += MAX_ENDING_USES
        kinds[target.kind] += 1
        # Where the right ending goes is fixed by its text (the same pack always asks the same quiz).
        options = list(wrong)
        options.insert(zlib.crc32(target.stem.encode("utf-8")) % (len(wrong) + 1), target.ending)
        used.add(s.key)
        stems.add(fold(target.stem))
        asked.append(content(s.text))
        out.append(Item(s, target.stem, tuple(options), target.ending, target.kind))
    return out


#: "Which of these statements is a …?": aspects a publication labels with a list's lead-in or a
#: heading ("Als knelpunten worden genoemd:"), what the question asks, and the aspect the distractors
#: must be labelled with. A knelpunt among succesfactoren is told apart only by understanding what
#: helps and what hinders; a selection criterion among other labelled points likewise. Aspects whose
#: headings also hold other matter (borging, nazorg, samenwerking) gave questions with two right
#: options and are not asked.
FITS: dict[str, tuple[str, str | None]] = {
    "knelpunten": ("een knelpunt (iets wat het lastiger maakt)", "succesfactoren"),
    "succesfactoren": ("een succesfactor (iets wat helpt)", "knelpunten"),
    "doelgroep": ("wie er aan het traject meedoet (doelgroep of selectie)", None),
}


#: Words of a problem: a knelpunt says one, a succesfactor none. Labels alone are not enough: a
#: publication may list a doubt under its success factors, and then two options would be knelpunten.
_PROBLEM = re.compile(
    r"\b(?:niet|geen|onvoldoende|weinig|twijfel\w*|lastig\w*|problem\w*|risico\w*|moeilijk\w*|"
    r"knelpunt\w*|belemmer\w*|ontbre\w*|gebrek\w*|tekort\w*|zorgen)\b"
)
#: Which side of the problem words the answer of an aspect's question stands on (None: not checked).
_HINDERS: dict[str, bool] = {"knelpunten": True, "succesfactoren": False}


def _reads_as(key: str, s: Statement, *, answer: bool) -> bool:
    """Whether ``s`` reads as the answer (or, with ``answer`` False, as a distractor) for aspect ``key``."""
    hinders = _HINDERS.get(key)
    if hinders is None:
        return True
    return bool(_PROBLEM.search(fold(s.text))) == (hinders if answer else not hinders)


def fit_items(
    targets: Sequence[Statement],
    pool: Sequence[Statement],
    *,
    limit: int,
    theme: frozenset[str] = frozenset(),
    used: set[str] | frozenset[str] = frozenset(),
) -> list[Item]:
    """"Which of these statements describes a knelpunt?": the answer is a statement its publication
    lists under that aspect, the distractors statements of ``pool`` that are about other aspects.

    An aspect the theme itself names (every statement of a nazorg pack is about nazorg) is not asked;
    a distractor is labelled with the contrasting aspect (a succesfactor against a knelpunt) and
    names the asked aspect neither in its place nor in its words, so only one option can be right.
    Each aspect is asked once, each statement is an option once.
    """
    out: list[Item] = []
    spent: set[str] = set(used)
    asked: set[str] = set()
    for s in targets:
        if len(out) >= limit:
            break
        if s.key in spent:
            continue
        key = next((k for k in placed_aspects(s.passage, s.start) if k in FITS and k not in theme), None)
        if key is None or key in asked or _FIGURE.search(s.text) or not _reads_as(key, s, answer=True):
            continue  # a figure would give a result away; a knelpunt must read as one
        contrast = FITS[key][1]
        ranked = sorted(
            (
                (contrast not in placed_aspects(c.passage, c.start), i, c)
                for i, c in enumerate(pool)
                if c.key not in spent
                and c.passage.id != s.passage.id
                and (contrast in placed_aspects(c.passage, c.start) if contrast else placed_aspects(c.passage, c.start))
                and key not in aspects(c.passage, c.start, c.text)
                and not _FIGURE.search(c.text)
                and _reads_as(key, c, answer=False)
                and not same_point(content(c.text), content(s.text))
            ),
            key=lambda t: t[:2],
        )
        wrong: list[Statement] = []
        for *_, c in ranked:
            if len(wrong) >= OPTIONS - 1:
                break
            if any(same_point(content(c.text), content(w.text)) for w in wrong):
                continue
            wrong.append(c)
        if len(wrong) < OPTIONS - 1:
            continue  # with fewer options the right one is a guess away
        spent.update(x.key for x in (s, *wrong))
        asked.add(key)
        options = [w.text for w in wrong]
        options.insert(zlib.crc32(s.text.encode("utf-8")) % (len(wrong) + 1), s.text)
        out.append(Item(s, FITS[key][0], tuple(options), s.text, key))
    return out


def case_items(
    by_case: Sequence[tuple[str, Sequence[Statement]]],
    *,
    limit: int,
    names: Sequence[str],
    asked: Sequence[Statement] = (),
) -> list[Item]:
    """"Which statement describes case X?": the options are on-theme statements of the other cases.

    Every option is true of some case in the pack, so only knowing what each practice does picks
    the right one; statements that name a case give the answer away and are left out, and so are
    statements the quiz ``asked`` already and options that say what another option says.
    """
    folded_names = [fold(n) for n in names if n]
    usable = [
        (name, [s for s in found if not any(n in fold(s.text) for n in folded_names)])
        for name, found in by_case
    ]
    usable = [(name, found) for name, found in usable if found]
    out: list[Item] = []
    spent: set[str] = {s.key for s in asked}  # a statement is an option in one question only
    said = [content(s.text) for s in asked]
    for i, (name, found) in enumerate(usable):
        if len(out) >= limit:
            break
        right = next((s for s in found if s.key not in spent and not _says_any(s, said)), None)
        if right is None:
            continue
        wrong: list[Statement] = []
        for j, (_, f) in enumerate(usable):
            taken = [content(x.text) for x in (right, *wrong)]
            other = next((s for s in f if s.key not in spent and not _says_any(s, [*said, *taken])), None)
            if j != i and other is not None and len(wrong) < OPTIONS - 1:
                wrong.append(other)
        if len(wrong) < 2:
            continue  # fewer than three options is a guess, not a question
        spent.update(s.key for s in (right, *wrong))
        options = [s.text for s in wrong]
        options.insert(zlib.crc32(name.encode("utf-8")) % (len(wrong) + 1), right.text)
        out.append(Item(right, name, tuple(options), right.text))
    return out


def _says_any(s: Statement, said: Sequence[frozenset[str]]) -> bool:
    """Whether ``s`` says no more than one of ``said`` (two options that are both right)."""
    words = content(s.text)
    return any(same_point(words, w) for w in said)
