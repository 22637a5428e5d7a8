"""Conversation rules on a real SQLite database: owners, order, counts, history window, deletion."""

from __future__ import annotations

import pytest

from assistant.errors import NotFoundError
from assistant.records.conversations import ConversationStore
from assistant.records.feedback import FeedbackStore
from assistant.records.owners import OPERATOR, Owner
from assistant.types import Answer

ALICE, BOB, ADMIN = Owner("user:alice"), Owner("user:bob"), Owner("key:beheer", admin=True)


def answer(text: str = "Antwoord.") -> Answer:
    return Answer("answered", text)


def test_an_empty_title_becomes_gesprek(stores: tuple[ConversationStore, FeedbackStore]) -> None:
    conversations, _ = stores
    cid = conversations.create("   ")
    assert conversations.get(cid).title == "Gesprek"


def test_others_cannot_see_read_continue_rename_or_delete_a_conversation(
    stores: tuple[ConversationStore, FeedbackStore],
) -> None:
    conversations, _ = stores
    cid, _ = conversations.record(None, question="Wat kost werkfit?", answer=answer(), owner=ALICE)
    assert conversations.exists(cid, owner=ALICE) and not conversations.exists(cid, owner=BOB)
    for attempt in (
        lambda: conversations.get(cid, owner=BOB),
        lambda: conversations.history(cid, limit=3, owner=BOB),
        lambda: conversations.record(cid, question="En?", answer=answer(), owner=BOB),
        lambda: conversations.rename(cid, "Van Bob", owner=BOB),
        lambda: conversations.delete(cid, owner=BOB),
        lambda: conversations.require(cid, owner=BOB),
    ):
        with pytest.raises(NotFoundError, match="of yours"):
            attempt()
    assert conversations.get(cid, owner=ADMIN).title == "Wat kost werkfit?"  # an admin sees all
    assert [c.id for c in conversations.list(owner=ALICE)] == [cid]
    assert conversations.list(owner=BOB) == []
    assert [c.id for c in conversations.list(owner=ADMIN)] == [cid]


def test_the_list_counts_turns_and_puts_the_latest_first(stores: tuple[ConversationStore, FeedbackStore]) -> None:
    conversations, _ = stores
    first, _ = conversations.record(None, question="Eerste gesprek", answer=answer())
    second, _ = conversations.record(None, question="Tweede gesprek", answer=answer())
    empty = conversations.create("Leeg gesprek")
    conversations.record(first, question="Nog een vraag", answer=answer())
    listed = conversations.list(owner=OPERATOR)
    assert [c.id for c in listed] == [first, empty, second]
    assert {c.id: c.turns for c in listed} == {first: 2, second: 1, empty: 0}


def test_history_gives_the_last_turns_oldest_first(stores: tuple[ConversationStore, FeedbackStore]) -> None:
    conversations, _ = stores
    cid, _ = conversations.record(None, question="Vraag 0", answer=answer("A0"))
    for i in range(1, 5):
        conversations.record(cid, question=f"Vraag {i}", answer=answer(f"A{i}"))
    assert [t.question for t in conversations.history(cid, limit=2)] == ["Vraag 3", "Vraag 4"]
    assert [t.answer for t in conversations.history(cid, limit=10)] == ["A0", "A1", "A2", "A3", "A4"]
    assert [t.question for t in conversations.get(cid).turns] == [f"Vraag {i}" for i in range(5)]


def test_a_given_turn_id_is_kept(stores: tuple[ConversationStore, FeedbackStore]) -> None:
    conversations, _ = stores
    cid, turn = conversations.record(None, question="Vraag", answer=answer(), turn_id="eigen-id")
    assert turn == "eigen-id" and conversations.get(cid).turns[0].id == "eigen-id"
    assert conversations.add_turn(cid, question="Nog een", answer=answer(), turn_id="tweede") == "tweede"


def test_deleting_a_conversation_takes_its_turns_and_feedback(stores: tuple[ConversationStore, FeedbackStore]) -> None:
    conversations, feedback = stores
    cid, turn = conversations.record(None, question="Vraag", answer=answer())
    other, other_turn = conversations.record(None, question="Andere vraag", answer=answer())
    feedback.record(turn, rating="up")
    feedback.record(other_turn, rating="down")
    conversations.delete(cid)
    assert not conversations.exists(cid)
    assert [f.turn_id for f in feedback.list()] == [other_turn]
    with pytest.raises(NotFoundError):
        conversations.delete(cid)


def test_a_rename_moves_the_conversation_to_the_top(stores: tuple[ConversationStore, FeedbackStore]) -> None:
    conversations, _ = stores
    old, _ = conversations.record(None, question="Oud gesprek", answer=answer())
    conversations.record(None, question="Nieuw gesprek", answer=answer())
    summary = conversations.rename(old, "  Hernoemd   gesprek ")
    assert summary.title == "Hernoemd gesprek"
    assert conversations.list()[0].id == old
