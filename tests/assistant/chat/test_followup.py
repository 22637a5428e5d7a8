"""Follow-up questions rewritten from the previous turns' subject."""

from __future__ import annotations

import pytest

from assistant.chat.followup import RuleCondenser, is_follow_up, resolve_ordinal, subject_of
from assistant.types import Turn


def _turn(question: str, standalone: str | None = None) -> Turn:
    return Turn(question=question, answer="...", standalone_question=standalone)


def test_follow_up_detection() -> None:
    history = [_turn("Hoeveel kandidaten begeleidt Pastiel per jaar?")]
    assert is_follow_up("En hoe lang duurt dat?", history)
    assert is_follow_up("Wat was daar het resultaat van?", history)
    assert is_follow_up("And where do they work?", history)
    assert not is_follow_up("Wat doet Cycloon in Zwolle met fietskoeriers?", history)
    assert not is_follow_up("En hoe lang duurt dat?", [])


def test_subject_is_the_names_of_the_last_turn() -> None:
    # The names first, then the topic words of that question (not its frame: "hoe", "hoeveel").
    assert subject_of([_turn("Hoe is de aanpak in het Rijk van Nijmegen ingericht?")]) == (
        "Rijk van Nijmegen aanpak ingericht"
    )
    assert subject_of([_turn("Hoeveel mensen in Midden-Brabant kregen een baan?")]).startswith("Midden-Brabant ")
    assert "baan" in subject_of([_turn("Hoeveel mensen in Midden-Brabant kregen een baan?")])
    # Without names, the content words of the last question carry the subject.
    assert "werkfit" in subject_of([_turn("Wat maakt een werkfit-traject succesvol?")])


def test_a_name_in_the_question_wins_over_the_case_of_the_answer() -> None:
    cases = {"p-groningen": "Regio Groningen"}
    answered = Turn(
        question="Welke regio realiseerde 400 detacheringen?",
        answer="...",
        passage_ids=("p-groningen", "p-zeeland"),
    )
    assert subject_of([answered], case_of=cases.get) == "Regio Groningen"
    named = Turn(
        question="Hoeveel detacheringen had Zeeland?", answer="...", passage_ids=("p-groningen",)
    )
    assert subject_of([named], case_of=cases.get) == "Zeeland detacheringen"
    refused = Turn(
        question="Welke regio?", answer="...", status="not_found", passage_ids=("p-groningen",)
    )
    assert subject_of([refused], case_of=cases.get) == "regio"


def test_condense_adds_the_subject_once() -> None:
    condenser = RuleCondenser()
    history = [_turn("Hoeveel kandidaten begeleidt Pastiel per jaar?")]
    assert condenser.condense("En vanuit welke plaatsen werken ze?", history) == (
        "Vanuit welke plaatsen werken ze? (Pastiel kandidaten begeleidt per jaar)"
    )
    assert (
        condenser.condense("En werkt Pastiel ook in Sneek?", history)
        == "Werkt Pastiel ook in Sneek?"
    )
    chained = [*history, _turn("En waar?", "Waar? (Pastiel)")]
    assert "Pastiel" in condenser.condense("En hoe lang duurt dat?", chained)


_PHASES = """Volgens ‘Werkfit-trajecten: een eerste inventarisatie’, over Cycloon:
Er wordt gewerkt met de 'Cycloon methodiek' die met zes metaforen wordt geschetst: [1]
- De band is lek [2]
- Gang maken [3]
- Wegkapitein [4]
Bij Werkbedrijf Lelystad zijn de doelen: [5]
- Vergroten van arbeidsmarktkansen [6]
- Productiedoelen [7]"""


def test_an_ordinal_points_to_an_item_of_the_previous_answer() -> None:
    assert resolve_ordinal("Wat houdt die laatste fase precies in?", _PHASES) == (
        "Wat houdt de fase Wegkapitein precies in?"
    )
    assert resolve_ordinal("En de tweede?", _PHASES).startswith("En Gang maken")
    assert resolve_ordinal("What does the first phase involve?", _PHASES) == (
        "What does the phase De band is lek involve?"
    )
    # The list whose lead names what the question calls its items wins over a longer one.
    last_goal = resolve_ordinal("Wat is het laatste doel?", _PHASES)
    assert last_goal == "Wat is het doel Productiedoelen?"
    # An item that already says what it is keeps its own words.
    steps = "Het traject:\n- Fase 1: Voorbereiding [1]\n- Fase 2: Werkervaringsbaan [2]"
    assert resolve_ordinal("Wat gebeurt er in de tweede fase?", steps) == (
        "Wat gebeurt er in Fase 2?"
    )
    # No list, or an item that is not there: the question stays as it is.
    assert resolve_ordinal("Wat houdt de laatste fase in?", "Pastiel werkt vanuit Sneek. [1]") == (
        "Wat houdt de laatste fase in?"
    )
    assert resolve_ordinal("En de vijfde fase?", _PHASES) == "En de vijfde fase?"


def test_condense_resolves_the_ordinal_and_keeps_the_subject() -> None:
    history = [Turn(question="Welke fasen onderscheidt Cycloon?", answer=_PHASES)]
    assert RuleCondenser().condense("Wat houdt die laatste fase in?", history) == (
        "Wat houdt de fase Wegkapitein in? (Cycloon fasen onderscheidt)"
    )


@pytest.mark.xfail(
    strict=True,
    reason="The six metaphors are now quoted whole (items with a paragraph each, run on across passages) "
    "and 'de laatste fase' resolves to Wegkapitein, but the follow-up's subject words ('metaforen "
    "methodiek') rank the list passage above the phase's own paragraph, so the list is quoted again.",
)
def test_a_follow_up_on_the_last_phase_is_answered_about_that_phase(corpus_core) -> None:  # noqa: ANN001
    chat = corpus_core.chat
    first = chat.ask("Met welke metaforen beschrijft Cycloon zijn methodiek?")
    follow = chat.ask("Wat houdt de laatste fase in?", conversation_id=first.conversation_id)
    assert "Wegkapitein" in (follow.answer.standalone_question or "")
    assert follow.answer.status == "answered"
    assert "allround inzetbaar" in follow.answer.text


@pytest.mark.xfail(
    strict=True,
    reason="Trade-off of the subject's topic words (follow-up hit@5 0.737 -> 0.842 on the folds): "
    "'Vanuit welke plaatsen werken ze? (Pastiel kandidaten begeleidt per jaar)' ranks the passage "
    "of the first answer (800 candidates) above the one naming Pastiel's places.",
)
def test_a_short_follow_up_is_answered_about_its_own_aspect(corpus_core) -> None:  # noqa: ANN001
    chat = corpus_core.chat
    first = chat.ask("Hoeveel kandidaten begeleidt Pastiel per jaar?")
    follow = chat.ask("En vanuit welke plaatsen werken ze?", conversation_id=first.conversation_id)
    assert "Sneek" in follow.answer.text


def test_without_a_name_the_subject_is_the_case_the_answer_was_about(corpus_core) -> None:  # noqa: ANN001
    chat = corpus_core.chat
    first = chat.ask("Welke regio realiseerde ruim 400 extra detacheringen?")
    follow = chat.ask(
        "En hoeveel mensen volgden daar een e-learning module?",
        conversation_id=first.conversation_id,
    )
    assert follow.answer.standalone_question == (
        "Hoeveel mensen volgden daar een e-learning module? (Regio Groningen)"
    )
    assert "290 Personen" in follow.answer.text


def test_a_redaction_mark_is_never_the_subject() -> None:
    from assistant.language.privacy import redact

    question = redact("Wat moet ik doen met 123456782?").text
    assert "[BSN]" in question
    assert "BSN" not in subject_of([_turn(question)])
    assert "BSN" not in RuleCondenser().condense("En daarna?", [_turn(question)])


def test_a_word_that_opens_the_question_is_not_part_of_the_subject() -> None:
    assert subject_of([_turn("Daarna Cycloon: hoe verliep dat?")]).startswith("Cycloon")
    assert subject_of([_turn("Is de Werkklas een succes?")]) == "Werkklas succes"


def test_the_standalone_question_of_a_turn_is_its_subject_source_and_only_the_last_turns_count() -> None:
    turns = [_turn("Wat doet Pastiel?"), _turn("En hoe lang?", standalone="Hoe lang duurt het bij Pastiel?")]
    assert subject_of(turns).startswith("Pastiel")
    older = [_turn("Wat doet Pastiel?"), _turn("en verder?"), _turn("en daarna?")]
    assert "Pastiel" not in subject_of(older)  # two turns back at most


def test_an_ordinal_without_a_list_in_the_answer_leaves_the_question_alone() -> None:
    question = "Wat houdt die laatste fase in?"
    assert resolve_ordinal(question, "Volgens het rapport duurt het traject een jaar [1].") == question
