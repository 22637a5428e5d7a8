"""The extractive answerer on the real corpus index: kinds, verbatim statements, refusals."""

from __future__ import annotations

import re

import pytest

from assistant.language.question import analyse_question, detect_language, question_kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hoeveel deelnemers heeft het traject?", "number"),
        ("How many hours a week do they work?", "number"),
        ("Welke factoren maken een traject succesvol?", "list"),
        ("Wat wordt bedoeld met beschut werk?", "definition"),
        ("Waarin verschillen de aanpakken van Oss en Almere?", "comparison"),
        ("Is er een wachtlijst bij Pastiel?", "yesno"),
        ("Goedemorgen!", "chitchat"),
    ],
)
def test_question_kinds(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_language_and_focus() -> None:
    assert detect_language("Which companies take part in the network?") == "en"
    assert detect_language("Welke bedrijven doen mee aan het netwerk?") == "nl"
    assert analyse_question("Hoe groot is het jaarbudget van de stichting?").focus == ("jaarbudget",)


def _answer(corpus_core, question: str):  # noqa: ANN001, ANN202
    return corpus_core.chat.ask(question).answer


def test_statements_are_verbatim_units_marked_in_order(corpus_core) -> None:  # noqa: ANN001
    for question in (
        "Hoeveel kandidaten begeleidt Pastiel per jaar in werkfit-trajecten?",
        "Met welke partijen werkt de gemeente Oss samen voor beschut werk?",
        "Wat is de Cycloon methodiek?",
    ):
        answer = _answer(corpus_core, question)
        assert answer.status == "answered", question
        texts = {h.passage.id: h.passage.text for h in answer.hits}
        markers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
        assert markers == list(range(1, len(answer.citations) + 1))
        for c in answer.citations:
            assert c.quote in texts[c.passage_id]
            # The statement shown is the quote itself (without list bullets or bold marks).
            assert c.quote.replace("**", "").strip() in answer.text.replace("**", "")


def test_number_question_about_something_never_counted_is_refused(corpus_core) -> None:  # noqa: ANN001
    answer = _answer(corpus_core, "Hoe groot is het jaarbudget van Pastiel?")
    assert answer.status == "not_found"
    assert answer.citations == () and answer.hits
    assert answer.text.startswith("Dat staat niet in de publicaties.")


def test_unknown_name_is_refused_and_english_is_answered_in_english(corpus_core) -> None:  # noqa: ANN001
    assert _answer(corpus_core, "Hoeveel deelnemers heeft Werkbedrijf Zwanenburg?").status == "not_found"
    answer = _answer(corpus_core, "How many candidates does Pastiel guide each year?")
    assert answer.status == "answered"
    assert answer.text.startswith("According to")
    assert "800" in answer.text


def test_a_number_question_about_a_year_the_case_never_reports_is_refused(corpus_core) -> None:  # noqa: ANN001
    # ISD BOL is described at length, with numbers, but never with a count for 2017.
    answer = _answer(corpus_core, "Hoeveel cliënten heeft ISD BOL in 2017 begeleid?")
    assert answer.status == "not_found"
    assert _answer(corpus_core, "How many participants did the Werkklas have in 2020?").status == (
        "not_found"
    )


def test_a_duration_or_count_in_words_answers_a_number_question(corpus_core) -> None:  # noqa: ANN001
    answer = _answer(corpus_core, "Hoe lang is de proefperiode bij beschut werk in Almere?")
    assert answer.status == "answered"
    assert "proefperiode van acht weken" in answer.text
    answer = _answer(corpus_core, "Hoeveel gemeenten doen mee in Pastiel?")
    assert answer.status == "answered"
    assert "negen Friese gemeenten" in answer.text


def test_an_english_count_needs_the_dutch_for_what_is_counted(corpus_core) -> None:  # noqa: ANN001
    # "job" is "baan" / "werk" in the glossary: words on every page, which say nothing of coaches.
    assert _answer(corpus_core, "How many job coaches does Pastiel employ?").status == "not_found"


def test_a_question_about_what_the_publications_never_mention_is_refused(corpus_core) -> None:  # noqa: ANN001
    # Ede is described, but never a "wethouder": only the name would match.
    assert _answer(corpus_core, "Wie is de wethouder van Ede?").status == "not_found"
    # Waiting lists are described, but none at Pastiel: statements not about it do not answer.
    assert _answer(corpus_core, "Is er een wachtlijst bij Pastiel?").status == "not_found"


def test_a_list_of_what_the_publications_never_mention_is_refused(corpus_core) -> None:  # noqa: ANN001
    # Cycloon and its couriers are described, permits nowhere: passages about them do not list any.
    answer = corpus_core.chat.ask("Welke vergunningen heeft Cycloon nodig voor de fietskoeriers?").answer
    assert answer.status == "not_found"
    assert answer.meta["reason"] == "no_answer"


def test_an_english_month_is_matched_as_the_dutch_one(corpus_core) -> None:  # noqa: ANN001
    # "October" is no name the Dutch text uses; the glossary's "oktober" is.
    answer = corpus_core.chat.ask("When will the Kerstengelden be fully spent, by October 2017?").answer
    assert answer.status == "answered"
    assert any("oktober 2017" in c.quote for c in answer.citations)
