"""Quiz questions of understanding on made-up passages: which statement is a knelpunt, and the new cuts."""

from __future__ import annotations

import pytest

from assistant.briefing.quiz import ASKS, OPTIONS, case_items, cut, fit_items
from assistant.briefing.statements import Statement
from assistant.types import Passage


def listed(lead: str, items: list[str], pid: str) -> list[Statement]:
    """Statements of a list under ``lead`` ("Als knelpunten worden genoemd:"), one per item."""
    text = lead + "\n" + "".join(f"- {i}\n" for i in items)
    p = Passage(pid, "doc", "Publicatie", "Casus", 4, text, 0)
    return [Statement(p, text.index(i), text.index(i) + len(i), 0.5) for i in items]


KNELPUNTEN = listed(
    "Als knelpunten worden genoemd:",
    ["Werkgevers haken af wanneer er geen begeleiding meer is na de plaatsing.",
     "Kandidaten verliezen hun toeslagen als zij meer uren gaan werken."],
    "k",
)
SUCCES = [
    *listed("Als succesfactoren worden genoemd:", ["De jobcoach kent de werkgever en de werkvloer goed."], "s1"),
    *listed("Als succesfactoren worden genoemd:", ["Kandidaten krijgen een vaste collega als maatje."], "s2"),
    *listed("Als succesfactoren worden genoemd:", ["De gemeente en de werkgever spreken elkaar elke maand."], "s3"),
]


def test_which_is_a_knelpunt_offers_succesfactoren_as_the_wrong_options() -> None:
    out = fit_items(KNELPUNTEN, [*KNELPUNTEN, *SUCCES], limit=2)
    assert len(out) == 1  # each aspect is asked once
    item = out[0]
    assert item.kind == "knelpunten" and item.answer == KNELPUNTEN[0].text
    assert len(item.options) == OPTIONS and set(item.options) - {item.answer} == {x.text for x in SUCCES}


def test_a_knelpunt_reads_as_a_problem_and_no_distractor_does() -> None:
    doubt = listed("Als succesfactoren worden genoemd:", ["Er is twijfel over de privacy van de kandidaten."], "s4")
    out = fit_items(KNELPUNTEN, [*KNELPUNTEN, *doubt, *SUCCES], limit=2)
    assert out and doubt[0].text not in out[0].options  # listed as a succesfactor, but reads as a problem
    # A knelpunt without a word of a problem is not asked: a trainer could not tell it from a factor.
    assert fit_items(KNELPUNTEN[1:], [*KNELPUNTEN, *SUCCES], limit=2) == []


def test_no_fit_question_on_the_theme_s_own_aspect_or_without_enough_contrast() -> None:
    assert fit_items(KNELPUNTEN, [*KNELPUNTEN, *SUCCES], limit=2, theme=frozenset({"knelpunten"})) == []
    assert fit_items(KNELPUNTEN, [*KNELPUNTEN, *SUCCES[:2]], limit=2) == []  # two wrong options: a guess
    # An unlabelled statement (no lead-in, no aspect heading) is no distractor: it might be a knelpunt.
    loose = [Statement(Passage(f"l{i}", "doc", "P", "Intro", 1, t, 0), 0, len(t), 0.5) for i, t in enumerate(
        ["Veel kandidaten twijfelen aan hun eigen kunnen.", "Het vervoer naar de werkplek kost veel tijd.",
         "Sommige werkgevers hebben weinig tijd voor begeleiding."])]
    assert fit_items(KNELPUNTEN, [*KNELPUNTEN, *loose], limit=2) == []


@pytest.mark.parametrize(
    ("text", "kind", "ending"),
    [
        ("Als de motivatie wel goed is, gaat de gemeente op zoek naar een andere werkplek.",
         "hoofdzin", "gaat de gemeente op zoek naar een andere werkplek"),
        ("Door een samenwerking met het werkbedrijf aan te gaan, zijn zij verzekerd van nieuwe medewerkers.",
         "hoofdzin", "zijn zij verzekerd van nieuwe medewerkers"),
        ("Pakt een match niet goed uit, dan probeert men een andere werkgever te vinden.",
         "hoofdzin", "dan probeert men een andere werkgever te vinden"),
        ("De cliënt wordt ook ondersteund nadat hij geplaatst is bij de werkgever.",
         "tijd", "nadat hij geplaatst is bij de werkgever"),
        ("Het doel is uitstroom naar regulier werk, dus het traject stopt zodra iemand kan werken.",
         "gevolg", "dus het traject stopt zodra iemand kan werken"),
    ],
)
def test_fronted_clauses_and_time_and_consequence_are_cut(text: str, kind: str, ending: str) -> None:
    p = Passage("x", "doc", "P", "H", 1, text, 0)
    c = cut(Statement(p, 0, len(text), 0.5))
    assert c is not None and (c.kind, c.ending) == (kind, ending)
    assert c.kind in ASKS  # every kind of cut asks its own question (why, what happens, when)


def test_how_it_is_filled_in_is_cut_and_a_first_half_of_two_sentences_is_not() -> None:
    text = "De meest gekozen aanpak is een nazorgtraject van drie maanden, met jobcoaching en vaste contactmomenten."
    c = cut(Statement(Passage("x", "doc", "P", "H", 1, text, 0), 0, len(text), 0.5))
    assert c is not None and (c.kind, c.ending) == ("invulling", "met jobcoaching en vaste contactmomenten")
    inner = "Het beoogde resultaat is dat iemand waarde toevoegt voor een werkgever en dus een gewone baan vindt."
    inner_cut = cut(Statement(Passage("z", "doc", "P", "H", 1, inner, 0), 0, len(inner), 0.5))
    assert inner_cut is None or inner_cut.kind != "gevolg"  # "en dus …" is no consequence clause
    two = "In sommige regio's lopen fusies van bedrijven. Dat maakt dat er aandacht is voor het voorbereiden daarvan."
    assert cut(Statement(Passage("y", "doc", "P", "H", 1, two, 0), 0, len(two), 0.5)) is None


def test_a_case_question_offers_no_two_options_that_say_the_same_nor_an_answer_asked_before() -> None:
    def st(text: str, pid: str) -> Statement:
        return Statement(Passage(pid, "doc", "P", "H", 1, text, 0), 0, len(text), 0.5)

    no_nazorg = st("Als het traject leidt tot regulier werk, is er geen nazorg.", "b")
    by_case = [
        ("Alfa", [st("Er is nazorg, en dat stelt veel deelnemers gerust.", "a")]),
        ("Beta", [no_nazorg]),
        ("Gamma", [st("Als het traject leidt tot regulier werk, is er geen sprake van nazorg.", "c")]),
        ("Delta", [st("De jobcoach komt elke week langs bij de werkgever.", "d")]),
        ("Epsilon", [st("Werkgevers bellen de vaste contactpersoon bij vragen.", "e")]),
    ]
    (item,) = case_items(by_case, limit=1, names=[n for n, _ in by_case])
    assert item.stem == "Alfa" and no_nazorg.text in item.options
    assert "Als het traject leidt tot regulier werk, is er geen sprake van nazorg." not in item.options
    asked = case_items(by_case, limit=1, names=[n for n, _ in by_case], asked=[no_nazorg])
    assert asked and all("geen" not in o for o in asked[0].options)  # the answer asked before is no option
