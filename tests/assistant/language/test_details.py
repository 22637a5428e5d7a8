"""The detail a question asks for, read in its asking clause, and whether a text gives one."""

from __future__ import annotations

import pytest

from assistant.language.details import asked_details, asking_clause, gives_detail


@pytest.mark.parametrize(
    ("question", "details"),
    [
        ("Wat kost een traject per deelnemer?", ("amount",)),
        ("Hoe hoog is de eigen bijdrage voor dagbesteding?", ("amount",)),
        ("How much does the municipality spend on it each year?", ("amount",)),
        ("Hoeveel procent van de deelnemers vond werk?", ("percentage",)),
        ("Hoeveel uur per week werken de kandidaten?", ("hours",)),
        ("In welk jaar is de fusie afgerond?", ("year",)),
        ("Welke succesfactoren noemt het rapport?", ()),
        ("Hoeveel deelnemers vonden een betaalde baan?", ()),  # paid work asks no amount
        ("Welk percentage haalde Pastiel, en wat kostte dat?", ("amount", "percentage")),
    ],
)
def test_the_details_a_question_asks_for(question: str, details: tuple[str, ...]) -> None:
    assert asked_details(question) == details


def test_a_wordy_questions_own_situation_asks_nothing() -> None:
    question = "We hebben weinig budget en willen weten wat werkt. Welke succesfactoren noemt het rapport?"
    assert asking_clause(question).strip() == "Welke succesfactoren noemt het rapport?"
    assert asked_details(question) == ()


def test_without_a_question_mark_the_whole_text_asks() -> None:
    assert asking_clause("kosten per traject wat kost het") == "kosten per traject wat kost het"
    assert asked_details("wat kost een traject bij uw") == ("amount",)


@pytest.mark.parametrize(
    ("text", "detail", "gives"),
    [
        ("Een traject kost gemiddeld 4.500 euro.", "amount", True),
        ("Het budget is € 3 miljoen.", "amount", True),
        ("De gemeente betaalt het traject.", "amount", False),
        ("Na twee jaar had 40 procent werk.", "percentage", True),
        ("De helft van de deelnemers stroomde uit.", "percentage", True),
        ("Deelnemers werken 24 uur per week.", "hours", True),
        ("Deelnemers werken elke week.", "hours", False),
        ("De fusie was in 2016 rond.", "year", True),
        ("De fusie duurde twee jaar.", "year", False),
    ],
)
def test_whether_a_text_gives_a_detail(text: str, detail: str, gives: bool) -> None:
    assert gives_detail(text, detail) is gives  # type: ignore[arg-type]
