"""Which units of a passage stand on their own as a key point of a pack: the rules of whole_sentence,
and the small helpers that compare and show statements."""

from __future__ import annotations

import pytest

from assistant.briefing.statements import MAX_WORDS, MIN_WORDS, content, inner_quotes, same_point, whole_sentence
from assistant.types import SECTION_SEPARATOR, Passage

GOOD = "De jobcoach begeleidt iedere deelnemer elke week op de werkvloer van de werkgever."


def _passage(text: str, *section: str, title: str = "Werkfit in de regio") -> Passage:
    return Passage(id="p", document_id="d", document_title=title, section=SECTION_SEPARATOR.join(section) or None,
                   page=None, text=text, ordinal=0)


def quoted(text: str, kind: str = "sentence", *, start: int = 0, end: int | None = None,
           section: tuple[str, ...] = ("3 Casussen", "Aanpak")) -> str | None:
    """The words whole_sentence keeps of ``text[start:end]``, or None."""
    span = whole_sentence(_passage(text, *section), start, len(text) if end is None else end, kind)
    return None if span is None else text[span[0] : span[1]]


def test_a_plain_sentence_is_kept_whole() -> None:
    assert quoted(GOOD) == GOOD


def test_a_table_row_and_back_matter_are_never_statements() -> None:
    assert quoted(GOOD, "row") is None
    assert quoted(GOOD, section=("Bijlage 2", "Literatuur")) is None


def test_an_item_loses_its_bullet_and_keeps_its_first_sentence() -> None:
    item = f"- {GOOD} Daarna volgt een gesprek met de werkgever over de voortgang."
    assert quoted(item, "item") == GOOD


@pytest.mark.parametrize("words", [MIN_WORDS - 1, MAX_WORDS + 1])
def test_too_short_or_too_long_says_too_little_or_too_much(words: int) -> None:
    text = " ".join(["De"] + ["jobcoach"] * (words - 2) + ["werkt."])
    assert len(text.split()) == words
    assert quoted(text) is None
    fits = " ".join(["De"] + ["jobcoach"] * (MIN_WORDS - 2) + ["werkt."])
    assert quoted(fits) == fits


@pytest.mark.parametrize(
    "text",
    [
        "de jobcoach begeleidt iedere deelnemer elke week op de werkvloer van de werkgever.",  # a fragment
        "Begeleidt de jobcoach iedere deelnemer elke week op de werkvloer van de werkgever?",  # a question
        "De vraag wat werkt? staat centraal bij iedere jobcoach en iedere werkgever.",  # one inside
        "De jobcoach begeleidt iedere deelnemer elke week op de werkvloer van de werkgever",  # no end
        "De kern van de aanpak: - vaste jobcoach voor iedere deelnemer - korte lijnen.",  # a list run in
        "Het rapport laat zien hoe de jobcoach in dit hoofdstuk iedere deelnemer begeleidt.",  # the text itself
        "De jobcoach begeleidt iedere deelnemer elke week op de **werkvloer** van de werkgever.",  # markup
    ],
)
def test_what_does_not_stand_as_a_sentence_is_left_out(text: str) -> None:
    assert quoted(text) is None


def test_a_heading_left_in_the_text_is_no_statement() -> None:
    heading = "Werken met een vaste jobcoach op de werkvloer bij de werkgever."
    assert quoted(heading, section=("3 Casussen", heading)) is None
    assert quoted(heading) == heading


def test_a_sentence_pointing_back_over_a_line_break_is_left_out() -> None:
    second = "Daarnaast krijgt iedere deelnemer een vast aanspreekpunt bij de gemeente zelf."
    text = f"{GOOD}\n{second}"
    assert quoted(text, start=text.index(second)) is None  # the sentence before is another paragraph
    joined = f"{GOOD} {second}"
    assert quoted(joined, start=joined.index(second)) == joined


def test_a_sentence_pointing_back_to_one_that_points_back_is_left_out() -> None:
    first = "Dit gebeurt in de eerste weken van het traject bij de werkgever zelf."
    second = "Daarnaast krijgt iedere deelnemer een vast aanspreekpunt bij de gemeente zelf."
    text = f"{first} {second}"
    assert quoted(text, start=text.index(second)) is None


def test_a_quotation_mark_without_its_partner_is_trimmed() -> None:
    text = f"{GOOD}”"
    assert quoted(text) == GOOD
    whole = f"“{GOOD}”"
    assert quoted(whole) == whole  # a whole quotation keeps both marks


def test_a_bold_item_is_quoted_without_its_markup() -> None:
    text = f"- **{GOOD}**\n- **Een tweede punt over de werkgevers in de regio van de gemeente.**"
    assert quoted(text, "item", end=text.index("\n")) == GOOD


def test_two_statements_make_the_same_point_when_one_says_no_more_than_the_other() -> None:
    short = content("Er is geen nazorg.")
    longer = content("Er is geen sprake van nazorg.")
    other = content("De jobcoach werkt een jaar.")
    assert same_point(short, longer) and same_point(longer, short)
    assert not same_point(short, other)
    assert not same_point(frozenset(), longer)  # a statement without words says nothing


def test_inner_quotes_become_single_and_white_space_flat() -> None:
    assert inner_quotes('Hij zei  "ja"\nen “nee” en **dat** was „het”.') == "Hij zei ‘ja’ en ‘nee’ en dat was ‘het’."
