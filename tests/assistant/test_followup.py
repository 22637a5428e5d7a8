"""Follow-up questions rewritten from the previous turns' subject."""

from __future__ import annotations

from assistant.followup import RuleCondenser, is_follow_up, subject_of
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
    assert (
        subject_of([_turn("Hoe is de aanpak in het Rijk van Nijmegen ingericht?")])
        == "Rijk van Nijmegen"
    )
    assert (
        subject_of([_turn("Hoeveel mensen in Midden-Brabant kregen een baan?")]) == "Midden-Brabant"
    )
    # Without names, the content words of the last question carry the subject.
    assert "werkfit" in subject_of([_turn("Wat maakt een werkfit-traject succesvol?")])


def test_condense_adds_the_subject_once() -> None:
    condenser = RuleCondenser()
    history = [_turn("Hoeveel kandidaten begeleidt Pastiel per jaar?")]
    assert condenser.condense("En vanuit welke plaatsen werken ze?", history) == (
        "Vanuit welke plaatsen werken ze? (Pastiel)"
    )
    assert (
        condenser.condense("En werkt Pastiel ook in Sneek?", history)
        == "Werkt Pastiel ook in Sneek?"
    )
    chained = [*history, _turn("En waar?", "Waar? (Pastiel)")]
    assert "Pastiel" in condenser.condense("En hoe lang duurt dat?", chained)
