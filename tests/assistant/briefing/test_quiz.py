"""Quiz items on made-up statements: cuts at connecting words, fitting distractors, no reused options."""

from __future__ import annotations

from assistant.briefing.quiz import case_items, cut, items
from assistant.briefing.statements import Statement
from assistant.types import Passage


def _s(text: str, pid: str, score: float = 0.5) -> Statement:
    return Statement(Passage(pid, "doc", "Publicatie", "Hoofdstuk", None, text, 0), 0, len(text), score)


REASON = _s(
    "Na plaatsing wordt de kandidaat drie maanden gevolgd, aangezien in die periode vaker problemen ontstaan.", "a"
)
OTHERS = [
    _s("De werkgever krijgt begeleiding op de werkvloer, omdat hij anders afhaakt bij de eerste problemen.", "b"),
    _s("Het traject duurt maximaal zes maanden voor iedere deelnemer, doordat de regeling dat zo voorschrijft.", "c"),
    _s("De gemeente zoekt de werkgevers actief op in de eigen regio, zodat er meer plekken beschikbaar komen.", "d"),
    # A fronted clause: its ending runs into a main clause and fits after no other first half.
    _s("Als blijkt dat een plaatsing bij de werkgever niet haalbaar is, wordt de gemeente geadviseerd.", "e"),
]


def test_a_statement_is_cut_at_its_connecting_word() -> None:
    c = cut(REASON)
    assert c is not None and c.kind == "reden"
    assert c.stem == "Na plaatsing wordt de kandidaat drie maanden gevolgd"
    assert c.ending == "aangezien in die periode vaker problemen ontstaan"
    # "dat" as a pronoun ("dat is …") opens no finding.
    assert cut(_s("Veel deelnemers vinden werk in de eigen regio en dat is goed voor iedereen.", "x")) is None


def test_distractors_are_endings_of_other_passages_that_fit_the_first_half() -> None:
    (item,) = items([REASON], [REASON, *OTHERS], limit=1)
    assert item.answer in item.options and len(item.options) == 4
    wrong = [o for o in item.options if o != item.answer]
    assert all(o.split()[0] in {"omdat", "doordat", "zodat"} for o in wrong)
    assert not any("geadviseerd" in o for o in item.options)


def test_which_practice_questions_use_each_statement_once() -> None:
    by_case = [
        ("Alfa", [_s("Alfa volgt elke kandidaat drie maanden na plaatsing.", "1"), OTHERS[0]]),
        ("Beta", [OTHERS[1], OTHERS[2]]),
        ("Gamma", [REASON, _s("De jobcoach bezoekt de werkplek elke week in de eerste maand.", "2")]),
    ]
    out = case_items(by_case, limit=2, names=["Alfa", "Beta", "Gamma"])
    assert out and all(len(i.options) >= 3 and i.answer in i.options for i in out)
    assert all("Alfa" not in o for i in out for o in i.options)  # a statement naming its case gives it away
    options = [o for i in out for o in i.options]
    assert len(options) == len(set(options))
