"""Quiz rules on made-up statements: where a statement is cut, which endings may swap, how often."""

from __future__ import annotations

import pytest

from assistant.briefing.quiz import MAX_PER_KIND, OPTIONS, Cut, _fits, case_items, cut, items
from assistant.briefing.statements import Statement
from assistant.types import Passage


def s(text: str, pid: str) -> Statement:
    return Statement(Passage(pid, "doc", "Publicatie", "Hoofdstuk", None, text, 0), 0, len(text), 0.5)


@pytest.mark.parametrize(
    ("text", "kind", "ending"),
    [
        ("De gemeente zoekt de werkgevers actief op in de eigen regio, zodat er meer plekken beschikbaar komen.",
         "gevolg", "zodat er meer plekken beschikbaar komen"),
        ("De jobcoach bezoekt de werkplek van de kandidaat elke week om problemen vroeg te signaleren.",
         "doel", "om problemen vroeg te signaleren"),
        ("Uit de evaluatie van het traject in de regio blijkt dat de meeste deelnemers na een jaar nog werken.",
         "inhoud", "dat de meeste deelnemers na een jaar nog werken"),
        ("Een kandidaat mag de proefplaatsing bij de werkgever verlengen mits de jobcoach er positief over is.",
         "voorwaarde", "mits de jobcoach er positief over is"),
        ("Het werkbedrijf gebruikt een vaste methode voor de intake van nieuwe kandidaten waarbij de werkgever "
         "meekijkt.", "toelichting", "waarbij de werkgever meekijkt"),
    ],
)
def test_each_kind_of_clause_is_cut_at_its_connecting_word(text: str, kind: str, ending: str) -> None:
    c = cut(s(text, "x"))
    assert c is not None and (c.kind, c.ending) == (kind, ending)
    assert text.startswith(c.stem) and not c.stem.endswith(",")


@pytest.mark.parametrize(
    "text",
    [
        "Kort, omdat het moet werken in de praktijk.",  # first half under seven words
        "De gemeente zoekt de werkgevers actief op in de regio, zodat het lukt.",  # ending under four words
        "De gemeente zoekt werkgevers op in de regio (vooral omdat er tekorten zijn in de zorg) en verder.",
        "De gemeente zoekt de werkgevers actief op in de regio omdat er tekorten zijn. Dat werkt goed.",
        # A fronted clause runs into the main clause (", wordt ..."): no ending for another first half.
        "Volgens de gemeente en de werkgevers in de regio geldt dat wanneer de werkgever de kandidaat niet kan "
        "begeleiden, wordt de jobcoach ingeschakeld.",
        "Een zin zonder enig verbindend woord dat hier past hoort niet in de quiz.",
    ],
)
def test_statements_that_read_wrong_when_cut_are_not_cut(text: str) -> None:
    assert cut(s(text, "x")) is None


def fake_cut(kind: str) -> Cut:
    return Cut(s("x", "x"), kind, "stam", "einde")


def test_endings_swap_within_a_kind_and_among_the_verb_final_kinds_only() -> None:
    assert _fits(fake_cut("reden"), fake_cut("reden")) == 0
    assert _fits(fake_cut("reden"), fake_cut("gevolg")) == 1
    assert _fits(fake_cut("voorwaarde"), fake_cut("toelichting")) == 1
    assert _fits(fake_cut("inhoud"), fake_cut("reden")) is None  # a finding follows a verb of saying
    assert _fits(fake_cut("doel"), fake_cut("gevolg")) is None
    assert _fits(fake_cut("doel"), fake_cut("doel")) == 0


REASONS = [
    s("De jobcoach blijft na plaatsing nog een half jaar betrokken, omdat juist dan problemen ontstaan bij de "
      "werkgever.", "a"),
    s("De gemeente betaalt de werkgever een tijdelijke loonkostensubsidie, omdat de kandidaat eerst minder "
      "productief is.", "b"),
    s("Kandidaten krijgen eerst een stage bij een werkgever in de buurt, omdat ze zo het werk leren kennen.", "c"),
    s("Het werkbedrijf houdt de groepen in de training bewust klein, omdat iedere deelnemer aandacht nodig heeft.",
      "d"),
    s("De regio werkt met een gezamenlijk werkgeversservicepunt, omdat werkgevers dan maar één loket hebben.", "e"),
]


def test_every_question_offers_its_own_ending_among_at_most_four_options() -> None:
    out = items(REASONS, REASONS, limit=5)
    assert out
    for item in out:
        assert item.answer in item.options and len(item.options) <= OPTIONS
        assert len(set(item.options)) == len(item.options)
        assert item.statement.text.startswith(item.stem)


MORE_REASONS = [
    s(f"Het werkbedrijf in regio {name} begeleidt elke kandidaat persoonlijk, omdat {why}.", name)
    for name, why in [
        ("Noord", "de afstand tot werk daar groot is voor veel mensen"),
        ("Zuid", "werkgevers in die regio om vaste aanspreekpunten vragen"),
        ("Oost", "de gemeente daar een eigen budget voor heeft vrijgemaakt"),
        ("West", "de kandidaten vaak meerdere problemen tegelijk hebben"),
    ]
]


def test_no_more_than_two_questions_of_one_kind() -> None:
    pool = [*REASONS, *MORE_REASONS]
    assert len(items(pool, pool, limit=5)) == MAX_PER_KIND


def test_a_statement_needs_two_wrong_endings_from_other_passages() -> None:
    assert items(REASONS[:1], REASONS[:2], limit=3) == []  # one alternative: a guess
    same_passage = [REASONS[0], s(REASONS[1].text, "a"), s(REASONS[2].text, "a")]
    assert items(same_passage[:1], same_passage, limit=3) == []  # endings of its own passage do not count


def test_the_quiz_is_the_same_every_time() -> None:
    assert items(REASONS, REASONS, limit=2) == items(REASONS, REASONS, limit=2)


def test_the_limit_is_kept() -> None:
    assert len(items(REASONS, REASONS, limit=1)) == 1
    assert items(REASONS, REASONS, limit=0) == []


def test_a_case_question_leaves_out_statements_that_name_a_case() -> None:
    by_case = [
        ("Alfa", [s("Alfa helpt kandidaten in de regio aan werk.", "1"), s("Het traject duurt zes maanden.", "2")]),
        ("Beta", [s("Deelnemers lopen eerst een stage.", "3")]),
        ("Gamma", [s("De jobcoach komt elke week langs.", "4")]),
    ]
    out = case_items(by_case, limit=3, names=["Alfa", "Beta", "Gamma"])
    assert out and out[0].stem == "Alfa" and out[0].answer == "Het traject duurt zes maanden."
    assert all("Alfa" not in o for item in out for o in item.options)


def test_a_case_question_needs_three_cases_with_statements() -> None:
    by_case = [("Alfa", [s("Het traject duurt zes maanden.", "1")]), ("Beta", [s("Deelnemers lopen een stage.", "2")])]
    assert case_items(by_case, limit=3, names=["Alfa", "Beta"]) == []
