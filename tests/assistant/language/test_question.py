"""What a question names and how many things it asks."""

from __future__ import annotations

import pytest

from assistant.language.question import NUMBER_OR_DATE_QUESTION, is_chitchat, is_english, names, question_kind


def _names(text: str) -> list[str]:
    return [n.text for n in names(text)]


def test_a_word_that_starts_a_sentence_is_not_a_name() -> None:
    assert _names("Welke partijen werken samen in het Rijk van Nijmegen?") == ["Rijk van Nijmegen"]
    assert _names("Cycloon beschrijft zijn werkwijze. Welke fasen onderscheiden ze?") == ["Cycloon"]
    # An opening word joined to a name by a particle is dropped, the name is kept.
    assert _names("Is de Werkklas een succes?") == ["Werkklas"]
    assert _names("In Almere, how many hours a week?") == ["Almere"]
    assert _names("Waarin verschillen Oss en Almere?") == ["Oss", "Almere"]


def test_a_name_of_common_words_keeps_all_its_words() -> None:
    (name,) = names("Uit welke bedrijven bestaat het samenwerkingsverband Met Werk?")
    assert name.text == "Met Werk"
    assert name.terms == ("werk",)  # "met" is a stop word: the name must be matched as written


def test_language_is_told_by_function_words_of_both_languages() -> None:
    # "is" and "in" are Dutch words too: they must not make a Dutch question English.
    assert not is_english("Wat is werkfit in Almere?")
    assert not is_english("Hoe lang is het traject in Oss?")
    assert is_english("What is meant by the lock-in effect in this report?")
    assert is_english("How long does the trajectory take?")


def test_chitchat_is_a_greeting_with_hardly_any_content() -> None:
    assert is_chitchat("Hallo!") and is_chitchat("dank je wel") and is_chitchat("wat kun je?")
    assert not is_chitchat("Hallo, hoe lang duurt een werkfit-traject bij Pastiel in Oss?")


def test_an_adverb_that_opens_a_sentence_is_not_part_of_a_name() -> None:
    assert _names("Wat doet de gemeente? Daarna Cycloon.") == ["Cycloon"]
    assert _names("Volgens Het Werkbedrijf werkt het.") == ["Het Werkbedrijf"]


def test_dutch_sentences_full_of_is_and_in_stay_dutch() -> None:
    for text in (
        "Is dit in Almere?",
        "Het is in orde.",
        "In Oss is het traject kort.",
        "Wat is er in 2017 in de regio gebeurd?",
        "is in",
    ):
        assert not is_english(text), text
    assert is_english("Is this in Almere?")
    assert is_english("What happened in the region in 2017?")


@pytest.mark.parametrize(
    ("text", "kind", "number_or_date"),
    [
        ("Wanneer start het traject?", "open", True),  # a date answers it, but it asks no figure
        ("In welk jaar begon het?", "open", True),
        ("HOEVEEL kandidaten?", "number", True),  # the wider cue ignores case
        ("Wat kost een traject?", "number", False),  # a price: a number kind, not in the wider cue
        ("Wat doet de jobcoach?", "open", False),
    ],
)
def test_the_wider_number_cue_also_takes_dates_where_the_question_kind_does_not(
    text: str, kind: str, number_or_date: bool
) -> None:
    assert question_kind(text) == kind
    assert bool(NUMBER_OR_DATE_QUESTION.search(text)) is number_or_date
