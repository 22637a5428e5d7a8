"""What a question names and how many things it asks."""

from __future__ import annotations

from assistant.language.question import (
    analyse_question,
    focus_terms,
    listed_terms,
    names,
    place_terms,
    question_parts,
)
from assistant.language.text import analyse


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


def test_compound_question_has_a_part_per_thing_asked() -> None:
    parts, setting = question_parts(
        "Voor welke cliënten zijn de trajecten van UW en Pastiel bedoeld, en waarin verschillen ze?"
    )
    assert len(parts) == 2 and "client" in parts[0] and "verschil" in parts[1]
    assert setting == ()


def test_a_statement_before_the_question_only_sets_the_scene() -> None:
    parts, setting = question_parts(
        "Cycloon werkt met beeldspraak uit het fietsen. Welke fasen zijn er?"
    )
    assert parts == (("faas",),)
    assert {"cycloon", "beeldspraak", "fiets"} <= set(setting)


def test_question_words_and_pro_adverbs_are_not_content_terms() -> None:
    q = analyse_question("Waarin verschillen beide aanpakken, en wat doen ze daarvoor?")
    assert not {"waarin", "beide", "daarvoor"} & set(q.terms)


def test_what_a_number_question_counts_ends_before_its_verb() -> None:
    assert focus_terms("Hoeveel gemeenten doen mee in Pastiel?") == tuple(analyse("gemeenten"))
    assert focus_terms("Hoeveel extra detacheringen zijn er gekomen?") == tuple(
        analyse("extra detacheringen")
    )


def test_a_place_adjective_stands_for_its_place() -> None:
    assert "utrecht" in place_terms("Utrechtse")
    assert analyse("Groningen")[0] in place_terms("Groningse")
    assert analyse("Nijmegen")[0] in place_terms("Nijmeegse")  # the doubled vowel undone
    assert analyse("Almere")[0] in place_terms("Almeerse")
    assert place_terms("werkse") == () and place_terms("Werkklas") == ()  # not capitalised, no -se
    q = analyse_question("Hoe lang duurt de Tilburgse proefplaatsing?")
    assert q.alias_of(analyse("Tilburgse")[0]) == place_terms("Tilburgse")
    assert q.alias_of("proefplaats") == ()


def test_a_list_question_asks_for_the_word_after_welke() -> None:
    assert listed_terms("Welke vergunningen heeft een bedrijf nodig?") == tuple(analyse("vergunningen"))
    assert listed_terms("Which permits does a company need?") == tuple(analyse("permits"))
    assert listed_terms("Welke 3 partijen werken samen?") == tuple(analyse("partijen"))
    assert analyse_question("Welke partijen werken samen?").focus == tuple(analyse("partijen"))
    assert listed_terms("Hoe werkt het?") == ()
