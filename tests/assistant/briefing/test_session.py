"""The session around a pack: discussion questions cite the pack's points; agendas fill their minutes."""

from __future__ import annotations

import pytest

from assistant.briefing.session import BLOCKS, LENGTHS, agendas, discussion
from assistant.briefing.statements import GENERAL
from assistant.briefing.types import Example, Point
from assistant.cases.types import Case
from assistant.types import Citation, Passage

TEXT = "De jobcoach blijft een half jaar betrokken. Een traject kost 4.500 euro. Scholing gebeurt op de werkvloer."


def point(n: int, quote: str, subtheme: str = GENERAL) -> Point:
    p = Passage(f"p-{n}", "d", "Doc", None, 1, TEXT, n)
    return Point(quote, Citation.of(n, p, quote), subtheme=subtheme)


COACH = point(1, "De jobcoach blijft een half jaar betrokken.", "Nazorg")
COST = point(2, "Een traject kost 4.500 euro.", "Kosten")
SCHOOL = point(3, "Scholing gebeurt op de werkvloer.", "Nazorg")


def example(name: str, p: Point) -> Example:
    case = Case(name.lower(), name, name, "d", "Doc", name, (), ())
    return Example(case, "Doc (2019)", (p,))


def test_the_first_question_quotes_the_first_point_and_cites_it() -> None:
    first = discussion("nazorg", [COACH, COST], [])[0]
    assert first.refs == (1,)
    assert "[1]" in first.text and "“De jobcoach blijft een half jaar betrokken.”" in first.text


def test_two_examples_are_compared_by_name_with_their_citations() -> None:
    questions = discussion("nazorg", [COACH], [example("Alfa", COST), example("Bravo", SCHOOL)])
    compared = [q for q in questions if q.text.startswith("Vergelijk")]
    assert len(compared) == 1
    assert compared[0].refs == (2, 3)
    assert "Alfa [2]" in compared[0].text and "Bravo [3]" in compared[0].text


def test_one_example_is_not_compared() -> None:
    questions = discussion("nazorg", [COACH], [example("Alfa", COST)])
    assert not any(q.text.startswith("Vergelijk") for q in questions)


def test_a_point_of_another_subtheme_gets_a_question_naming_that_subtheme() -> None:
    questions = discussion("nazorg", [COACH, SCHOOL, COST], [])
    other = [q for q in questions if q.refs == (2,)]
    assert len(other) == 1 and other[0].text.startswith("Over kosten: ")


def test_a_general_point_is_quoted_without_a_subtheme() -> None:
    general = point(2, "Een traject kost 4.500 euro.", GENERAL)
    questions = discussion("nazorg", [COACH, general], [])
    assert any(q.refs == (2,) and q.text.startswith("“Een traject") for q in questions)


def test_the_last_question_asks_what_to_apply_from_the_first_three_points() -> None:
    last = discussion("nazorg", [COACH, COST, SCHOOL, point(4, "Een traject kost 4.500 euro.")], [])[-1]
    assert last.refs == (1, 2, 3)
    assert "over nazorg ([1], [2], [3] en verder)" in last.text


def test_without_points_only_the_closing_question_remains() -> None:
    (only,) = discussion("nazorg", [], [])
    assert only.refs == ()


@pytest.mark.parametrize("quiz", [0, 4])
@pytest.mark.parametrize("examples", [0, 2])
def test_each_agenda_adds_up_to_its_length(quiz: int, examples: int) -> None:
    sixty, ninety = agendas(points=5, subthemes=2, examples=examples, discussion=4, quiz=quiz)
    assert (sixty.minutes, ninety.minutes) == LENGTHS
    assert sum(i.minutes for i in sixty.items) == 60
    assert sum(i.minutes for i in ninety.items) == 90


def test_a_missing_part_gives_its_minutes_to_the_discussion() -> None:
    full, _ = agendas(points=5, subthemes=2, examples=2, discussion=4, quiz=4)
    bare, _ = agendas(points=5, subthemes=2, examples=0, discussion=4, quiz=0)
    titles = [i.title for i in bare.items]
    assert "Praktijkvoorbeelden" not in titles and "Quiz" not in titles
    minutes = {i.title: i.minutes for i in full.items}
    assert {i.title: i.minutes for i in bare.items}["Discussie"] == (
        minutes["Discussie"] + minutes["Praktijkvoorbeelden"] + minutes["Quiz"]
    )


def test_agenda_items_follow_the_block_order_and_say_what_the_pack_holds() -> None:
    sixty, _ = agendas(points=7, subthemes=3, examples=2, discussion=4, quiz=5)
    assert [i.title for i in sixty.items] == [b[1] for b in BLOCKS]
    what = {i.title: i.what for i in sixty.items}
    assert "De 7 kernpunten in 3 subthema's" in what["Kernpunten"]
    assert "De 5 quizvragen" in what["Quiz"]


def test_the_quiz_comes_before_the_handout_whose_key_points_hold_its_answers() -> None:
    sixty, ninety = agendas(points=6, subthemes=2, examples=2, discussion=4, quiz=4)
    for agenda in (sixty, ninety):
        titles = [i.title for i in agenda.items]
        assert titles.index("Quiz") < titles.index("Kernpunten") < titles.index("Praktijkvoorbeelden")
        assert "vóór de hand-out" in {i.title: i.what for i in agenda.items}["Quiz"]


def test_one_of_a_kind_is_named_in_the_singular() -> None:
    sixty, _ = agendas(points=1, subthemes=1, examples=1, discussion=1, quiz=1)
    what = " ".join(i.what for i in sixty.items)
    assert "Het praktijkvoorbeeld:" in what and "De quizvraag" in what and "één subthema" in what
    assert "De 1 " not in what and " 1 subthema" not in what
