"""Question analysis on hand-made questions: language, kind, entity terms and the frame words."""

from __future__ import annotations

import pytest

from assistant.language.question import (
    detect_language,
    entity_terms,
    frame_stems,
    is_chitchat,
    question_kind,
)
from assistant.language.text import analyse


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hoeveel kandidaten begeleidt het Werkbedrijf per jaar?", "number"),
        ("How many candidates found a job?", "number"),
        ("Wat kost een traject per kandidaat?", "number"),
        ("Hoe lang blijft de jobcoach betrokken?", "number"),
        ("Wat is een werkfit-traject?", "definition"),
        ("Wat wordt bedoeld met beschut werk?", "definition"),
        ("What does job carving mean?", "definition"),
        ("Wat houdt jobcarving in?", "definition"),
        ("Wat is het verschil tussen Oss en Almere?", "comparison"),
        ("Vergelijk de aanpak in beide gemeenten", "comparison"),
        ("What do both regions have in common?", "comparison"),
        ("Welke succesfactoren noemt het rapport?", "list"),
        ("Noem de stappen van het traject", "list"),
        ("What are the conditions for a subsidy?", "list"),
        ("Krijgt de werkgever een subsidie?", "open"),
        ("Kan een kandidaat met behoud van uitkering werken?", "yesno"),
        ("Does the job coach stay involved?", "yesno"),
        ("Vertel over de aanpak bij Pastiel", "case"),
        ("Vertel over de jobcoach", "open"),
        ("Hallo", "chitchat"),
        ("Bedankt!", "chitchat"),
    ],
)
def test_the_kind_of_a_question(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_comparison_cues_win_over_list_and_number_cues() -> None:
    # "welke" is a list cue and "hoeveel" a number cue; the comparison is what is asked.
    assert question_kind("Welke verschillen zijn er tussen Oss en Almere?") == "comparison"
    assert question_kind("Hoeveel verschilt de duur in beide trajecten?") == "comparison"


def test_a_yes_no_opener_with_a_question_word_is_no_yes_no_question() -> None:
    assert question_kind("Is het duidelijk waarom de kandidaat stopt?") != "yesno"


def test_a_greeting_with_a_real_question_is_no_chitchat() -> None:
    assert not is_chitchat("Hoi, wat kost een werkfit-traject in Testdorp per kandidaat?")
    assert question_kind("Hoi, wat kost een werkfit-traject in Testdorp?") == "number"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Wat doet de jobcoach bij de werkgever?", "nl"),
        ("What does the job coach do for the employer?", "en"),
        ("", "nl"),
        ("werkfit", "nl"),  # no function word of either language: the corpus language
        ("Pastiel Oss", "nl"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_entity_terms_are_names_acronyms_and_numbers_but_not_the_opening_word() -> None:
    terms = entity_terms("Kandidaten begeleidde Pastiel in 2019 met het UWV?")
    assert "2019" in terms
    assert analyse("Pastiel")[0] in terms
    assert analyse("UWV")[0] in terms
    assert analyse("kandidaten")[0] not in terms  # capitalised only because it opens the question
    assert analyse("begeleidde")[0] not in terms


def test_an_acronym_opening_the_question_is_still_an_entity() -> None:
    assert analyse("UWV")[0] in entity_terms("UWV helpt hoeveel mensen?")


def test_entity_terms_keep_each_term_once_in_order() -> None:
    terms = entity_terms("Werkt Pastiel in Oss? En Pastiel in Almere?")
    assert len(terms) == len(set(terms))
    assert terms.index(analyse("Pastiel")[0]) < terms.index(analyse("Almere")[0])


def test_frame_words_are_never_entity_terms() -> None:
    # "Volgens" is capitalised inside the question but only frames it.
    assert entity_terms("En Volgens het rapport?") == ()


def test_frame_stems_hold_the_words_and_their_analysed_forms() -> None:
    stems = frame_stems()
    assert "publicatie" in stems and "beschreven" in stems
    assert set(analyse("beschreven publicaties")) <= stems
    assert "jobcoach" not in stems
