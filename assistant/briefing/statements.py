"""Statements of a theme: units the learned unit model scores on theme, cut to clean whole sentences.

The unit model chat uses (``assistant/answer/units.py``, ``assistant/models.py``) scores every
sentence, list item and row of the passages retrieved for the theme, read as a question. A unit is
on theme when its probability clears a threshold taken from the model itself (see
``on_theme_threshold``); it is usable in a pack when it is a whole sentence that stands on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.learned import Reading
from assistant.cases.catalogue import ASPECTS, aspects_of_heading, clean_title
from assistant.cases.types import Case
from assistant.language.backmatter import is_back_matter
from assistant.language.sentences import BULLET, split_units
from assistant.language.text import analyse, fold
from assistant.models import LinearModel
from assistant.types import Passage

#: A statement shorter than this says too little for a session; longer is a paragraph.
MIN_WORDS = 7
MAX_WORDS = 45
#: Openers that point back to a sentence the pack does not show ("Dit", "Daarnaast"): such a
#: sentence cannot stand on its own as a key point.
_ANAPHORIC = frozenset(
    "dit dat deze die daarbij daarom daardoor daarvoor daarmee hierbij hiervoor hierdoor hiermee hier daar "
    "zo ze zij hij hun ook toch".split()
)
#: A demonstrative early in a sentence ("Bij deze groep ...") points back as well.
_DEMONSTRATIVE = frozenset({"deze", "dit", "die", "dat", "daarbij", "hierbij"})
_EARLY = 3
#: A list run into a sentence ("De kern: - Gericht op ... - Kortdurende ...") is no sentence.
_INLINE_LIST = re.compile(r"(?:^|\s)[-•▪–]\s")
_QUOTES = "\"“”„"
#: Sentences about the publication itself say nothing about the theme (nor does back matter).
_ABOUT_THE_TEXT = re.compile(
    r"\b(?:dit|deze|het volgende) (?:hoofdstuk|paragraaf|publicatie|rapport|onderzoek|inventarisatie|notitie)\b",
    re.IGNORECASE,
)
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
    while text.startswith("**", start) and text[start:end].rstrip().endswith("**"):
        start, end = start + 2, start + len(text[start:end].rstrip()) - 2
    if kind == "item":
        # Without its bullet the item is prose: the one splitter cuts it into its sentences.
        first = next(iter(split_units(text[start:end])), None)
        if first is None:
            return None
        start, end = start + first.start, start + first.end
    start, end = _balanced(text, start, end)
    span = text[start:end].strip()
    if span and _points_back(span):
        before = [u for u in split_units(text) if u.end <= start and u.kind == "sentence"]
        if not before or text[before[-1].end : start].count("\n"):
            return None
        start = before[-1].start
        span = text[start:end].strip()
        if _points_back(span):
            return None
    words = span.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return None
    if "**" in span or "\t" in span or "?" in span or _INLINE_LIST.search(span):
        return None
    if not (span[0].isupper() or span[0].isdigit() or span[0] in _QUOTES) or span[-1] not in ".!" + _QUOTES:
        return None  # a fragment, a question or a lead-in
    if span[-1] in _QUOTES and span.rstrip(_QUOTES)[-1:] not in (".", "!"):
        return None
    if sum(span.count(q) for q in _QUOTES) % 2 or _ABOUT_THE_TEXT.search(span):
        return None  # a quotation cut in two, or a sentence about the publication itself
    if _is_heading_echo(span, passage):
        return None
    return start, start + len(span)


def _points_back(span: str) -> bool:
    """Whether the sentence needs the one before it: an anaphoric opener or an early demonstrative."""
    words = [w.strip(_QUOTES + ",").lower() for w in span.split()[:_EARLY]]
    return bool(words) and (words[0] in _ANAPHORIC or any(w in _DEMONSTRATIVE for w in words[1:]))


def _is_heading_echo(text: str, passage: Passage) -> bool:
    """A title or heading line that extraction left in the text ("⇒ Simpel switchen ...")."""
    cleaned = fold(clean_title(text))
    return bool(cleaned) and (cleaned in fold(passage.document_title) or cleaned in fold(passage.section or ""))


def statements(reading: Reading, *, minimum: float = 0.0) -> list[Statement]:
    """Usable statements of a reading scoring at least ``minimum``, best first, each text once."""
    out: list[Statement] = []
    seen: set[str] = set()
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
        seen.add(s.key)
        out.append(s)
    return out


def names_theme(s: Statement, theme_terms: set[str]) -> bool:
    """Whether a statement or the heading it stands under uses a word of the theme (any form).

    The unit model also rewards a sentence for standing in a passage that answers; a key point
    must itself be about the theme ("28 kandidaten doorgestroomd" is no point about nazorg).
    """
    heading = s.passage.section_parts[-1] if s.passage.section_parts else ""
    return bool(theme_terms & set(analyse(f"{s.text} {heading}")))


def subtheme(passage: Passage, text: str) -> str:
    """The sub-theme of a statement: the aspect its section names, else the one its words name."""
    for heading in reversed(passage.section_parts):
        keys = [k for k in aspects_of_heading(heading) if k not in _NO_SUBTHEME]
        if keys:
            return next(a.label for a in ASPECTS if a.key == keys[0])
    folded = fold(text)
    for aspect in ASPECTS:
        if aspect.key not in _NO_SUBTHEME and aspect.text is not None and aspect.text.search(folded):
            return aspect.label
    return GENERAL


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
    """One line of context: the case (or the chapter), the publication and its year."""
    if case is not None:
        return f"{case.name} — {publication(passage, years)}"
    parts = [clean_title(p) for p in passage.section_parts[:2] if clean_title(p)]
    chapter = f", {' › '.join(parts)}" if parts else ""
    return f"{publication(passage, years)}{chapter}"


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
