"""Quotes that need their neighbours, on made-up passages: the sentence before, the qualifying one after."""

from __future__ import annotations

from assistant.briefing.statements import whole_sentence
from assistant.types import Passage


def _quote(text: str, sentence: str) -> str | None:
    passage = Passage("p", "doc", "Publicatie", "Hoofdstuk", None, text, 0)
    start = text.index(sentence)
    span = whole_sentence(passage, start, start + len(sentence), "sentence")
    return None if span is None else text[span[0] : span[1]]


BEFORE = "Soms blijkt tijdens de proefperiode dat een werkplek voor de kandidaat niet passend is."


def test_a_sentence_that_contrasts_with_the_one_before_comes_with_it() -> None:
    quote = "Als de motivatie wel goed is, gaat de gemeente op zoek naar een andere werkplek."
    assert _quote(f"{BEFORE} {quote}", quote) == f"{BEFORE} {quote}"


def test_a_pronoun_a_few_words_in_brings_the_sentence_before() -> None:
    first = "Bij 93% van de trajecten wordt werk aangeboden op de eigen locatie van de organisatie."
    quote = "Bij 63% van de trajecten gebeurt dit ook in samenwerking met reguliere werkgevers."
    assert _quote(f"{first} {quote}", quote) == f"{first} {quote}"


def test_an_open_question_follow_up_brings_the_sentence_before() -> None:
    first = "De vraag is hoe we de werkgever het best ondersteunen bij het begeleiden van de kandidaten."
    quote = "Er wordt nog verder onderzocht hoe de groepsdynamiek van de kandidaten beter benut kan worden."
    assert _quote(f"{first} {quote}", quote) == f"{first} {quote}"


def test_a_qualifying_sentence_after_the_quote_comes_with_it() -> None:
    quote = "Als het traject leidt tot uitstroom naar regulier werk, is er geen sprake van nazorg."
    after = "Indien noodzakelijk loopt de jobcoaching door."
    assert _quote(f"{quote} {after} De gemeente betaalt de kosten.", quote) == f"{quote} {after}"
    # A sentence that adds something else stays out.
    assert _quote(f"{quote} De gemeente betaalt de kosten van het traject.", quote) == quote


def test_a_sentence_that_points_to_a_figure_is_no_quote() -> None:
    quote = "Het traject bestaat primair uit het uitvoeren van werkzaamheden bij een werkgever (zie figuur 4)."
    assert _quote(quote, quote) is None
