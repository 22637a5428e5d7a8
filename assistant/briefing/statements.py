"""Statements of a theme: units the learned unit model scores on theme, cut to clean whole sentences.

The unit model chat uses (``assistant/answer/units.py``, ``assistant/models.py``) scores every
sentence, list item and row of the passages retrieved for the theme, read as a question. A unit is
on theme when its probability clears a threshold taken from the model itself (see
``on_theme_threshold``); it is usable in a pack when it is a whole sentence that stands on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.answer.learned import Reading
from assistant.cases.catalogue import ASPECTS, ASPECTS_BY_KEY, aspects_of_heading, clean_title
from assistant.cases.types import Case
from assistant.language.backmatter import is_back_matter
from assistant.language.sentences import BULLET, split_units
from assistant.language.text import analyse, fold
from assistant.language.verbs import has_finite_verb
from assistant.models import LinearModel
from assistant.types import Passage

#: A statement shorter than this says too little for a session; longer is a paragraph.
MIN_WORDS = 7
MAX_WORDS = 45
#: Openers that point back to a sentence the pack does not show ("Dit", "Daarnaast"): such a
#: sentence cannot stand on its own as a key point.
_ANAPHORIC = frozenset(
    "dit dat deze die daarbij daarom daardoor daarvoor daarmee hierbij hiervoor hierdoor hiermee hier daar "
    "zo ze zij hij hun ook toch dan maar bovendien daarnaast tevens echter".split()
)
#: A demonstrative or a word that refers back early in a sentence ("Bij deze groep ...", "Bij de
#: overige deelnemers ...", "Een deelnemer is dus ...") points back as well.
_DEMONSTRATIVE = frozenset(
    {"deze", "dit", "die", "dat", "dan", "hen", "daarbij", "hierbij", "hierin", "daarin", "overige", "dus", "zulke"}
    | {"zo'n"}
)
_EARLY = 4
#: Words that point back to what was said before wherever they stand early in a sentence ("Als de
#: motivatie wel goed is …": wel against a "not" said before; "Bij 63% … gebeurt dit ook").
_CONTRAST_BACK = frozenset({"wel", "dit", "hiervan", "daarvan", "verder"})
_EARLY_CONTRAST = 7
#: Openers of a sentence that qualifies the one before ("Indien noodzakelijk loopt de jobcoaching
#: door"): a quote without it says more than the publication does.
_QUALIFIERS = frozenset("indien tenzij behalve uitzondering uitzonderingen mits".split())
#: A pointer to a figure, table or page the pack does not show ("(zie figuur 4)").
_POINTER = re.compile(r"\bzie\s+(?:ook\s+)?(?:figuur|tabel|bijlage|hoofdstuk|paragraaf|pagina|p\.|kader|box)\b", re.I)
#: Adverbs that name a cause or means said before ("De motivatie wordt daardoor minder"), anywhere.
_BACK_ADVERBS = frozenset({"daardoor", "hierdoor", "daarom", "hierom", "daarmee", "hiermee"})
#: A list run into a sentence ("De kern: - Gericht op ... - Kortdurende ...") is no sentence.
_INLINE_LIST = re.compile(r"(?:^|\s)[-•▪–]\s")
_QUOTES = "\"“”„"
#: Sentences about the publication itself say nothing about the theme (nor does back matter).
_ABOUT_THE_TEXT = re.compile(
    r"\b(?:dit|deze|het volgende) (?:hoofdstuk|paragraaf|publicatie|rapport|onderzoek|inventarisatie|notitie)\b",
    re.IGNORECASE,
)
#: A sentence that addresses the reader ("Heeft u vragen …, neem contact op") says nothing on the theme.
_TO_THE_READER = re.compile(r"\b(?:u|uw)\b", re.IGNORECASE)
GENERAL = "Algemeen"
#: Aspects too broad to name a sub-theme (every case has an organisation and an approach).
_NO_SUBTHEME = frozenset({"organisatie"})


def on_theme_threshold(model: LinearModel) -> float:
    """The probability above which a unit counts as on theme.

    A threshold the training fitted out of fold (``info["threshold_from"]``) wins; otherwise the
    model's own prior, the share of positive units it was trained on: a unit above it is more likely
    than an average retrieved unit to be part of an answer. Nothing here is set by hand.
    """
    info = model.info
    if info.get("threshold_from"):
        return float(model.threshold)
    return float(info["positives"]) / float(info["examples"])


@dataclass(frozen=True)
class Statement:
    """A usable sentence of a passage: its span, its probability and where it stands."""

    passage: Passage
    start: int
    end: int
    score: float

    @property
    def text(self) -> str:
        """The verbatim words."""
        return self.passage.text[self.start : self.end]

    @property
    def key(self) -> str:
        """Identity across publications: the same words in the report and its slides count once."""
        return " ".join(fold(self.text).split())


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a quotation mark left over at either end when the span holds no partner for it."""
    span = text[start:end]
    while span and span[-1] in _QUOTES and sum(span.count(q) for q in _QUOTES) % 2:
        end -= 1
        span = span[:-1].rstrip()
        end = start + len(span)
    while span and span[0] in _QUOTES and sum(span.count(q) for q in _QUOTES) % 2:
        start += 1
        span = span[1:]
    return start, end


def whole_sentence(passage: Passage, start: int, end: int, kind: str) -> tuple[int, int] | None:
    """The span of a self-standing whole sentence in ``passage.text[start:end]``, or None.

    A list item holding several sentences gives its first; a sentence that points back ("Dit
    wordt ...") comes with the sentence before it when together they stay short enough.
    """
    if kind == "row" or is_back_matter(passage.section):
        return None
    text = passage.text
    bullet = BULLET.match(text[start:end])
    if bullet:
        start += bullet.end()
    # Bold markup around a whole item ("- **Kandidaten hebben ...**"): quote the words inside it.
    bold = False
    while text.startswith("**", start) and text[start:end].rstrip().endswith("**"):
        start, end = start + 2, start + len(text[start:end].rstrip()) - 2
        bold = True
    if bold and _explained_below(text, end):
        return None  # the title of an item whose point is the text under it: alone it misleads
    if kind == "item":
        # Without its bullet the item is prose: the one splitter cuts it into its sentences.
        first = next(iter(split_units(text[start:end])), None)
        if first is None:
            return None
        start, end = start + first.start, start + first.end
    start, end = _balanced(text, start, end)
    span = text[start:end].strip()
    units = split_units(text)  # the passage's units, for the sentences before and after the quote
    if span and _points_back(span):
        before = [u for u in units if u.end <= start and u.kind == "sentence"]
        if not before or text[before[-1].end : start].count("\n"):
            return None
        if _points_back(text[before[-1].start : before[-1].end]):
            return None  # the one before needs its own predecessor: too far from standing alone
        start = before[-1].start
        span = text[start:end].strip()
    after = next((u for u in units if u.start >= end and u.kind == "sentence"), None)
    if span and after is not None and not text[end : after.start].count("\n") and _qualifies(
        text[after.start : after.end]
    ):
        end = after.end  # the quote comes with the sentence that qualifies it, or not at all
        span = text[start:end].strip()
    words = span.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return None
    if "**" in span or "\t" in span or "?" in span or _INLINE_LIST.search(span):
        return None
    if not (span[0].isupper() or span[0].isdigit() or span[0] in _QUOTES) or span[-1] not in ".!" + _QUOTES:
        return None  # a fragment, a question or a lead-in
    if span[-1] in _QUOTES and span.rstrip(_QUOTES)[-1:] not in (".", "!"):
        return None
    if sum(span.count(q) for q in _QUOTES) % 2 or _ABOUT_THE_TEXT.search(span) or _TO_THE_READER.search(span):
        return None  # a quotation cut in two, a sentence about the publication or to its reader
    if _is_heading_echo(span, passage) or _inside_quotation(text, start):
        return None
    if _POINTER.search(span):
        return None  # points to a figure or page the pack does not show
    if not has_finite_verb(span):
        return None  # a phrase ("Motivatie om deel te nemen aan het traject."), not a statement
    return start, start + len(span)


def _explained_below(text: str, end: int) -> bool:
    """Whether the next non-blank line after ``end`` is text, not another item: a title's explanation."""
    below = next((line.strip() for line in text[end:].split("\n")[1:] if line.strip()), "")
    return bool(below) and not BULLET.match(below)


def _inside_quotation(text: str, start: int) -> bool:
    """Whether ``start`` lies inside a quotation opened earlier in its paragraph (its speaker is not shown)."""
    paragraph = text[text.rfind("\n\n", 0, start) + 1 : start]
    return sum(paragraph.count(q) for q in _QUOTES) % 2 == 1


def _points_back(span: str) -> bool:
    """Whether the sentence needs the one before it: an anaphoric opener or an early demonstrative."""
    every = [w.strip(_QUOTES + ",.").lower() for w in span.split()]
    words = every[:_EARLY]
    return bool(words) and (
        words[0] in _ANAPHORIC
        or any(w in _DEMONSTRATIVE for w in words[1:])
        or any(w in _CONTRAST_BACK for w in every[1:_EARLY_CONTRAST])
        or any(w in _BACK_ADVERBS for w in every)
    )


def _qualifies(sentence: str) -> bool:
    """Whether ``sentence`` opens with a word that limits the one before ("Indien noodzakelijk …")."""
    first = sentence.split()[0].strip(_QUOTES + ",.").lower() if sentence.split() else ""
    return first in _QUALIFIERS


def _is_heading_echo(text: str, passage: Passage) -> bool:
    """A title or heading line that extraction left in the text ("⇒ Simpel switchen ...")."""
    cleaned = fold(clean_title(text))
    return bool(cleaned) and (cleaned in fold(passage.document_title) or cleaned in fold(passage.section or ""))


def statements(reading: Reading, *, minimum: float = 0.0) -> list[Statement]:
    """Usable statements of a reading scoring at least ``minimum``, best first, each text once."""
    out: list[Statement] = []
    seen: set[str] = set()
    said: list[frozenset[str]] = []
    order = sorted(range(len(reading.units)), key=lambda i: -float(reading.unit_probability[i]))
    for i in order:
        p = float(reading.unit_probability[i])
        if p < minimum:
            break
        u = reading.units[i]
        span = whole_sentence(u.passage, u.unit.start, u.unit.end, u.unit.kind)
        if span is None:
            continue
        s = Statement(u.passage, span[0], span[1], p)
        if s.key in seen or any(
            o.passage.id == s.passage.id and o.start < s.end and s.start < o.end for o in out
        ):
            continue  # the same words elsewhere, or a span overlapping a better one
        words = content(s.text)
        if any(same_point(words, w) for w in said):
            continue  # says no more than a better one (the report's sentence again in its slides)
        said.append(words)
        seen.add(s.key)
        out.append(s)
    return out


def lead_in(passage: Passage, start: int) -> str:
    """The line that introduces the list a statement is part of ("Als knelpunten worden genoemd:"), or "".

    The statement is an item, or the text under an item's title ("- **Geen motivatie**" and the
    line below it); items and their text lines are passed over up to the lead-in.
    """
    text = passage.text
    line_start = text.rfind("\n", 0, start) + 1
    lines = text[:line_start].split("\n")[:-1]  # the lines before the statement's own, in order
    if not BULLET.match(text[line_start : start + 1]) and not (lines and BULLET.match(lines[-1])):
        return ""  # neither an item nor the line under one
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i].strip()
        if line.endswith(":"):
            return line
        if not line or BULLET.match(line):
            continue
        if i == 0 or not lines[i - 1].strip():
            return ""  # a paragraph or a heading: the list began without a lead-in
    return ""


def _named_aspects(text: str) -> list[str]:
    """Aspect keys the words of ``text`` name; a figure alone ("93%", "12 maanden") names none."""
    folded = re.sub(r"\d+(?:[.,]\d+)?\s?%?", " ", fold(text))
    return [a.key for a in ASPECTS if a.key not in _NO_SUBTHEME and a.text is not None and a.text.search(folded)]


def placed_aspects(passage: Passage, start: int) -> list[str]:
    """The aspects the statement's place names: its list's lead-in, else its deepest aspect heading.

    This is the publication's own label ("Als knelpunten worden genoemd:"), not a guess from words.
    """
    lead = lead_in(passage, start)
    from_lead = [*aspects_of_heading(lead), *_named_aspects(lead)] if lead else []
    if from_lead:
        return [k for k in dict.fromkeys(from_lead) if k not in _NO_SUBTHEME]
    for heading in reversed(passage.section_parts):
        keys = [k for k in aspects_of_heading(heading) if k not in _NO_SUBTHEME]
        if keys:
            return keys
    return []


def aspects(passage: Passage, start: int, text: str) -> list[str]:
    """The aspects a statement is about, most specific first: its list's lead-in, its heading, its words.

    A lead-in decides over the heading ("Succesfactoren en knelpunten" holds both lists); a heading
    naming only a broad aspect ("Korte beschrijving": aanpak) lets the statement's words go first.
    """
    placed = placed_aspects(passage, start)
    words = _named_aspects(text)
    broad = all(ASPECTS_BY_KEY[k].text is None for k in placed)
    order = [*words, *placed] if broad else [*placed, *words]
    return list(dict.fromkeys(order))


@dataclass(frozen=True)
class Theme:
    """What a statement must name to be on a theme: a word of it and, if the theme names one, its aspect."""

    text: str
    terms: frozenset[str]
    aspects: frozenset[str]  # aspects the theme's own words name ("nazorg na plaatsing": nazorg)
    #: For a theme that names no aspect: the word a statement must use itself ("motivatie").
    specific: str | None = None

    @classmethod
    def of(cls, text: str) -> Theme:
        """The theme as the pack builder reads it."""
        return cls(text, content(text), frozenset(_named_aspects(text)))

    def headed(self) -> Theme:
        """This theme held to its head word (the first one: "motivatie van kandidaten" → motivatie)
        when it names no aspect; a theme that names one is held to that aspect already."""
        head = next(iter(analyse(self.text)), None)
        return self if self.aspects or head is None else replace(self, specific=head)

    def covers(self, s: Statement) -> bool:
        """Whether ``s`` is about this theme: it names a word of it and, where the theme names an
        aspect, it is about that aspect (a sentence on placements in general is no point on nazorg)."""
        if not names_theme(s, set(self.terms)):
            return False
        if self.specific is not None and self.specific not in analyse(s.text):
            return False
        return not self.aspects or bool(self.aspects & set(aspects(s.passage, s.start, s.text)))


def content(text: str) -> frozenset[str]:
    """The analysed words of a text, to compare what two statements say."""
    return frozenset(analyse(text))


def same_point(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether one says no more than the other ("geen nazorg" and "geen sprake van nazorg")."""
    return bool(a) and bool(b) and (a <= b or b <= a)


def names_theme(s: Statement, theme_terms: set[str]) -> bool:
    """Whether a statement or the heading it stands under uses a word of the theme (any form).

    The unit model also rewards a sentence for standing in a passage that answers; a key point
    must itself be about the theme ("28 kandidaten doorgestroomd" is no point about nazorg).
    """
    heading = s.passage.section_parts[-1] if s.passage.section_parts else ""
    return bool(theme_terms & set(analyse(f"{s.text} {heading}")))


def subtheme(passage: Passage, text: str, *, start: int = 0, theme: frozenset[str] = frozenset()) -> str:
    """The sub-theme of a statement: the aspect its place (lead-in, heading) names, other than the theme's.

    In a pack on nazorg every point is about nazorg; its sub-theme is what else its section is about
    (duur, borging), else the theme's own aspect. The statement's words decide only when its place
    names no aspect: a word match ("geplaatst") is too weak to label a point that its section labels.
    """
    placed = placed_aspects(passage, start)
    words = [k for k in _named_aspects(text) if k not in theme]
    if words and not lead_in(passage, start) and not set(words) & set(placed):
        # A heading is a label only when the point fits it: a sentence about regie under the heading
        # "Kostenreductie" names what it is about itself. A list's lead-in is the publication's own label.
        placed = []
    keys = [k for k in placed if ASPECTS_BY_KEY[k].text is not None] or _named_aspects(text) or placed
    key = next((k for k in keys if k not in theme), keys[0] if keys else None)
    return ASPECTS_BY_KEY[key].label if key else GENERAL


def case_index(cases: Sequence[Case]) -> dict[str, Case]:
    """Passage id → the case it describes (the first case listing it)."""
    out: dict[str, Case] = {}
    for case in cases:
        for pid in case.passage_ids:
            out.setdefault(pid, case)
    return out


def publication(passage: Passage, years: dict[str, int | None]) -> str:
    """ "Werkfit-trajecten: een eerste inventarisatie (2017)"; "z.j." (no year) when none is known."""
    year = years.get(passage.document_id)
    return f"{passage.document_title} ({year if year else 'z.j.'})"


def context_line(passage: Passage, case: Case | None, years: dict[str, int | None]) -> str:
    """One line of context: the case (or the chapter), the publication, its year and the page."""
    page = f", p. {passage.page}" if passage.page else ""
    if case is not None:
        return f"{case.name} — {publication(passage, years)}{page}"
    parts = [clean_title(p) for p in passage.section_parts[:2] if clean_title(p)]
    chapter = f", {' › '.join(parts)}" if parts else ""
    return f"{publication(passage, years)}{chapter}{page}"


def inner_quotes(text: str) -> str:
    """Text to show between “ ”: its own double quotes become single ones (‘ ’), white space flat."""
    flat = " ".join(text.replace("**", "").split())
    out, opening = [], True
    for ch in flat:
        if ch == "“" or ch == "„":
            out.append("‘")
        elif ch == "”":
            out.append("’")
        elif ch == '"':
            out.append("‘" if opening else "’")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)
