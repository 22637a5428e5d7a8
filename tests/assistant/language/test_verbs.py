"""Finite verbs on hand-made sentences: clauses pass, phrases and list entries without a verb do not."""

from __future__ import annotations

import pytest

from assistant.language.verbs import finite_forms, has_finite_verb


@pytest.mark.parametrize(
    "text",
    [
        "Het traject duurt zes maanden.",  # regular present, 3rd person
        "Kandidaten werken bij de werkgever.",  # plural present (the infinitive's form)
        "De cursisten hebben motivatie opgebouwd.",  # auxiliary
        "De jobcoach bleef betrokken na de plaatsing.",  # strong past
        "De gemeente plaatste veertig kandidaten.",  # regular past in -te
        "Iedere deelnemer krijgt een vaste contactpersoon.",
        "Maak gebruik van de netwerken van werkgevers.",  # imperative
        "Maar daarmee help je slechts een deel aan het werk.",  # stem before its pronoun
        "De kosten variëren sterk per traject.",  # diaeresis folded
        "In 2019 zijn zeven klanten uitgevallen.",  # after a figure, "zijn" is a verb
    ],
)
def test_a_clause_has_a_finite_verb(text: str) -> None:
    assert has_finite_verb(text)


@pytest.mark.parametrize(
    "text",
    [
        "Motivatie om deel te nemen aan het traject.",  # infinitive after "te"
        "Begeleiding naar werk gedurende zes maanden.",
        "Gericht op het leren van vaardigheden voor werk.",  # infinitive as a noun, participle
        "Focus en aansluiting op de arbeidsmarkt.",
        "",
    ],
)
def test_a_phrase_has_none(text: str) -> None:
    assert not has_finite_verb(text)


def test_forms_follow_the_spelling_rules() -> None:
    forms = finite_forms()
    assert {"neemt", "maakt", "zet", "gelooft", "werkte", "geloofde", "weegt", "bevordert", "formuleert"} <= forms
    assert "traject" not in forms and "resultaat" not in forms
