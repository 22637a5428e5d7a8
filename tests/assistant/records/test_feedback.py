"""Feedback storage and its export as eval questions, on a real SQLite database."""

from __future__ import annotations

import pytest

from assistant.errors import InvalidInputError, NotFoundError
from assistant.records.feedback import eval_items, export_id, guess_type
from assistant.types import Answer, Citation, Hit, Passage

PASSAGE = Passage(
    id="werkfit-abc",
    document_id="werkfit",
    document_title="Werkfit-trajecten",
    section="4 Casussen › Pastiel",
    page=12,
    text="Pastiel begeleidt jaarlijks ongeveer 800 kandidaten. Pastiel werkt vanuit Sneek en Joure.",
    ordinal=3,
)


def _answer(text: str, quote: str, *, standalone: str | None = None) -> Answer:
    return Answer(
        status="answered",
        text=f"{text} [1]",
        citations=(Citation.of(1, PASSAGE, quote),),
        hits=(Hit(PASSAGE, 0.9),),
        standalone_question=standalone,
    )


def test_a_rating_keeps_a_snapshot_and_goes_with_its_conversation(stores) -> None:  # noqa: ANN001
    conversations, feedback = stores
    conv = conversations.create("Pastiel")
    turn = conversations.add_turn(
        conv,
        question="Hoeveel kandidaten begeleidt Pastiel?",
        answer=_answer("Ongeveer 800.", "ongeveer 800 kandidaten"),
    )
    first = feedback.record(turn, rating="up")
    again = feedback.record(
        turn, rating="down", comment="  Te kort.  ", document_files={"werkfit": "werkfit.txt"}
    )
    assert again.id == first.id and again.rating == "down" and again.comment == "Te kort."
    mailed = feedback.record(turn, rating="down", comment="Mail me: jan.jansen@example.nl")
    assert "jan.jansen" not in (mailed.comment or ""), "comments are redacted like questions"
    again = feedback.record(turn, rating="down", comment="Te kort.", document_files={"werkfit": "werkfit.txt"})
    conversations.add_turn(conv, question="En daarna?", answer=_answer("Ja.", "800"))
    [stored] = feedback.list()
    assert stored.question == "Hoeveel kandidaten begeleidt Pastiel?"
    assert stored.answer == "Ongeveer 800. [1]"
    assert stored.citations[0]["doc"] == "werkfit.txt"
    assert feedback.list(rating="up") == []
    assert feedback.list(conversation_id=conv)[0].turn_id == turn
    conversations.delete(conv)
    assert feedback.list() == []


def test_owners_see_and_change_only_their_own(stores) -> None:  # noqa: ANN001
    from assistant.records.owners import OPERATOR, Owner

    conversations, feedback = stores
    ann, bob, admin = Owner.of_key("ann"), Owner.of_session("bob-secret"), Owner.of_key("x", admin=True)
    conv = conversations.create("Van Ann", owner=ann)
    turn = conversations.add_turn(conv, question="Vraag?", answer=_answer("A.", "800"))
    assert [c.id for c in conversations.list(owner=ann)] == [conv]
    assert conversations.list(owner=bob) == []
    assert [c.id for c in conversations.list(owner=admin)] == [conv]
    for action in (
        lambda: conversations.get(conv, owner=bob),
        lambda: conversations.rename(conv, "Van Bob", owner=bob),
        lambda: conversations.delete(conv, owner=bob),
        lambda: conversations.history(conv, limit=3, owner=bob),
        lambda: feedback.record(turn, rating="down", owner=bob),
        lambda: feedback.turn_of(conv, owner=bob),
    ):
        with pytest.raises(NotFoundError):
            action()
    feedback.record(turn, rating="up", owner=ann)
    assert len(feedback.list(owner=ann)) == 1 and feedback.list(owner=bob) == []
    assert len(feedback.list(owner=OPERATOR)) == 1
    conversations.delete(conv, owner=admin)
    assert feedback.list(owner=admin) == []


def test_bad_ratings_are_refused(stores) -> None:  # noqa: ANN001
    conversations, feedback = stores
    turn = conversations.add_turn(
        conversations.create("x"), question="Vraag?", answer=_answer("A.", "800")
    )
    with pytest.raises(NotFoundError):
        feedback.record("no-such-turn", rating="down")
    with pytest.raises(InvalidInputError):
        feedback.record(turn, rating="meh")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="limit"):
        feedback.record(turn, rating="down", comment="x" * 5000)
    assert feedback.list() == []


def test_export_follows_the_eval_format_and_keeps_follow_ups_after_their_parent(stores) -> None:  # noqa: ANN001
    conversations, feedback = stores
    conv = conversations.create("Pastiel")
    parent = conversations.add_turn(
        conv,
        question="Hoeveel kandidaten begeleidt Pastiel per jaar?",
        answer=_answer("800.", "ongeveer 800 kandidaten"),
    )
    child = conversations.add_turn(
        conv,
        question="En vanuit welke plaatsen?",
        answer=_answer(
            "Sneek en Joure.",
            "vanuit Sneek en Joure",
            standalone="Vanuit welke plaatsen werkt Pastiel?",
        ),
    )
    feedback.record(
        child,
        rating="down",
        comment="Franeker ontbreekt.",
        document_files={"werkfit": "werkfit.txt"},
    )

    items = eval_items(feedback.list())
    assert [i["id"] for i in items] == [export_id(parent), export_id(child)]
    context, item = items
    assert context["follow_up_of"] is None and context["context"] is True
    assert item["type"] == "follow-up" and item["follow_up_of"] == export_id(parent)
    assert item["lang"] == "nl" and item["must_mention"] == []
    assert item["sources"] == [{"doc": "werkfit.txt", "quote": "vanuit Sneek en Joure"}]
    assert item["answer"] == "Sneek en Joure. [1]" and item["comment"] == "Franeker ontbreekt."
    for key in (
        "id",
        "lang",
        "type",
        "question",
        "follow_up_of",
        "answer",
        "must_mention",
        "sources",
    ):
        assert key in item and key in context

    # Rating the parent too replaces its context line in place (the order stays parent, child).
    feedback.record(parent, rating="down")
    items = eval_items(feedback.list())
    assert [i["id"] for i in items] == [export_id(parent), export_id(child)]
    assert items[0]["rating"] == "down" and "context" not in items[0]


def test_type_guess_uses_the_question_form() -> None:
    assert guess_type("Hoeveel deelnemers zijn er?", follow_up=False) == "factoid"
    assert guess_type("What is the difference between A and B?", follow_up=False) == "comparison"
    assert guess_type("Hoeveel deelnemers zijn er?", follow_up=True) == "follow-up"
