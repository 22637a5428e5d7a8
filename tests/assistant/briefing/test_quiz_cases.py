"""Quiz distractors on made-up statements: never true of the asked case, one form, no echoed theme words."""

from __future__ import annotations

from assistant.briefing.quiz import case_items, cut, items
from assistant.briefing.statements import Statement
from assistant.language.text import analyse
from assistant.types import Passage


def _s(text: str, pid: str) -> Statement:
    return Statement(Passage(pid, "doc", "Publicatie", "Hoofdstuk", None, text, 0), 0, len(text), 0.5)


TARGET = _s(
    "Na plaatsing wordt de kandidaat drie maanden gevolgd, omdat in die periode vaker problemen ontstaan.", "a1"
)
#: Another passage of the same case (the case's own description): its ending is true of the case.
SAME_CASE = _s(
    "Bij de reguliere werkgever wordt de kandidaat begeleid, omdat een jobcoach de begeleiding verzorgt.", "a2"
)
OTHER_CASES = [
    _s("De werkgever krijgt begeleiding op de werkvloer, omdat hij anders afhaakt bij de eerste problemen.", "b"),
    _s("Het traject duurt maximaal zes maanden voor iedere deelnemer, omdat de regeling dat zo voorschrijft.", "c"),
    _s("De gemeente zoekt de werkgevers actief op in de eigen regio, omdat er meer plekken nodig zijn.", "d"),
]
CASES = {"a1": "alfa", "a2": "alfa", "b": "beta", "c": "gamma", "d": "delta"}


def test_no_distractor_comes_from_the_case_asked_about() -> None:
    pool = [TARGET, SAME_CASE, *OTHER_CASES]
    (item,) = items([TARGET], pool, limit=1, case_of=CASES)
    assert not any("jobcoach" in o for o in item.options)
    # Without the case the same-case ending would be offered: the rule is what keeps it out.
    (loose,) = items([TARGET], pool, limit=1)
    assert any("jobcoach" in o for o in loose.options)


def test_no_distractor_that_a_sentence_of_the_asked_case_says_too() -> None:
    # Beta's ending is said by a sentence of case alfa (without a connecting word, so no cut of its own).
    also_alfa = _s("Ook bij alfa haakt de werkgever anders af bij de eerste problemen op de werkvloer.", "a3")
    pool = [TARGET, also_alfa, *OTHER_CASES, _s(
        "De kandidaat volgt een training in de eerste weken, omdat de functie nieuwe vaardigheden vraagt.", "e")]
    cases = {**CASES, "a3": "alfa", "e": "epsilon"}
    (item,) = items([TARGET], pool, limit=1, case_of=cases)
    assert not any("afhaakt" in o for o in item.options)
    (loose,) = items([TARGET], pool, limit=1, case_of={k: v for k, v in cases.items() if k != "a3"})
    assert any("afhaakt" in o for o in loose.options)


def test_options_of_one_question_share_their_grammatical_form() -> None:
    # After a fronted condition the main clause starts with its verb; "dan probeert men …" does not.
    asked = _s("Als het traject leidt tot uitstroom naar regulier werk, is er geen nazorg meer nodig.", "p")
    pool = [
        asked,
        _s("Pakt een match bij de werkgever niet goed uit, dan probeert men een andere werkgever te vinden.", "q"),
        _s("Als de kandidaat uitvalt bij de werkgever, wordt opnieuw gekeken welke begeleiding past.", "r"),
        _s("Als een plaatsing bij de werkgever niet lukt, zoekt de consulent samen met de cliënt verder.", "s"),
    ]
    (item,) = items([asked], pool, limit=1)
    assert not any(o.startswith("dan ") for o in item.options) and len(item.options) == 3


def test_a_right_ending_that_alone_repeats_the_theme_is_not_asked() -> None:
    theme = frozenset(analyse("werkgevers binden"))
    echo = _s(
        "De regio organiseert diverse evenementen voor bedrijven, omdat zij werkgevers wil binden aan de regio.", "x"
    )
    # A distractor naming werkgevers but not binden does not hide the echo.
    extra = _s("De kandidaat volgt een training van enkele weken, omdat de werkgevers dat vragen.", "y")
    pool = [echo, *OTHER_CASES[1:], extra]
    assert items([echo], pool, limit=1, theme_terms=theme) == []
    assert len(items([echo], pool, limit=1)) == 1


def test_om_after_a_word_it_completes_is_asked_as_no_goal() -> None:
    complement = _s("Aan het begin wordt getoetst of de kandidaat in staat wordt geacht om binnen zes maanden "
                    "de arbeidsovereenkomst met de werkgever aan te gaan.", "k")
    assert cut(complement) is None or cut(complement).kind != "doel"
    goal = _s("Er zijn diverse evenementen georganiseerd voor bedrijven om hen bewust te maken van de doelgroep.", "g")
    c = cut(goal)
    assert c is not None and c.kind == "doel"


def test_a_case_question_offers_no_two_versions_of_one_sentence() -> None:
    report = _s("Als het traject leidt tot uitstroom naar regulier werk, is er geen sprake van nazorg.", "r")
    slides = _s("Als het traject leidt tot uitstroom naar regulier werk, is er geen nazorg. Indien nodig "
                "loopt de jobcoaching door.", "s")
    by_case = [
        ("Alfa", [_s("Men volgt elke kandidaat drie maanden na plaatsing op de werkplek.", "1")]),
        ("Beta", [report]),
        ("Gamma", [slides]),
        ("Delta", [_s("De jobcoach bezoekt de werkplek elke week in de eerste maand na plaatsing.", "2")]),
    ]
    (item,) = case_items(by_case, limit=1, names=["Alfa", "Beta", "Gamma", "Delta"])
    assert sum("uitstroom naar regulier werk" in o for o in item.options) == 1


def test_a_case_question_offers_nothing_the_asked_case_says_too() -> None:
    asked = _s("De consulent bezoekt de werkgever elke maand tijdens het eerste jaar na plaatsing.", "a")
    also = _s("Bij een reguliere werkgever wordt meestal een jobcoach ingezet die de begeleiding verzorgt.", "b")
    by_case = [
        ("Kappa", [asked, _s("Na plaatsing wordt meestal een jobcoach ingezet die de begeleiding verzorgt.", "c")]),
        ("Lambda", [also]),
        ("Sigma", [_s("De gemeente betaalt de werkgever een vergoeding voor de inwerkperiode van de kandidaat.", "d")]),
        ("Omega", [_s("Het traject duurt zes maanden en eindigt met een gesprek over een vaste baan.", "e")]),
    ]
    (item,) = case_items(by_case, limit=1, names=["Kappa", "Lambda", "Sigma", "Omega"])
    assert item.answer == asked.text and also.text not in item.options


def test_a_short_case_name_inside_another_word_does_not_strike_a_statement_out() -> None:
    by_case = [
        ("Ede", [_s("De training geeft werkgevers handvatten voor de begeleiding van kwetsbare medewerkers.", "1")]),
        ("Kappa", [_s("De gemeente betaalt de werkgever een vergoeding voor de inwerkperiode van de kandidaat.", "2")]),
        ("Sigma", [_s("Het traject duurt zes maanden en eindigt met een gesprek over een vaste baan.", "3")]),
    ]
    out = case_items(by_case, limit=1, names=["Ede", "Kappa", "Sigma"])
    assert out and out[0].stem == "Ede"


def test_zonder_dat_is_no_finding_to_ask() -> None:
    s = _s("Consulenten leren de motivatie van cliënten los te maken, zonder dat de consulent het probleem "
           "op zijn schouders krijgt.", "z")
    c = cut(s)
    assert c is None or c.kind != "inhoud"


def test_distractors_of_the_same_form_come_before_the_themes_other_points() -> None:
    preferred = _s("De gemeente zoekt werkgevers in de regio actief op, zodat er meer plekken beschikbaar komen.", "p")
    pool = [TARGET, preferred, *OTHER_CASES]
    (item,) = items([TARGET], pool, limit=1, preferred={preferred.key}, case_of=CASES)
    assert all(o.startswith("omdat ") for o in item.options)
