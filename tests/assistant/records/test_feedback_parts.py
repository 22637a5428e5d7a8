"""Feedback's smaller rules on a real SQLite database: comments, re-rating, turn look-up, filters, export."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.errors import InvalidInputError, NotFoundError
from assistant.language.privacy import BSN_MARK
from assistant.records.feedback import (
    EXPORT_ID_CHARS,
    MAX_COMMENT_CHARS,
    Feedback,
    clean_comment,
    eval_items,
    export_id,
)
from assistant.records.owners import Owner
from tests.assistant.records.test_feedback import PASSAGE, _answer

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_comment_is_trimmed_redacted_and_empty_means_none() -> None:
    assert clean_comment(None) is None
    assert clean_comment("   \n ") is None
    assert clean_comment("  Goed antwoord.  ") == "Goed antwoord."
    redacted = clean_comment("Mijn BSN is 123456782, klopt dit?")
    assert redacted is not None and "123456782" not in redacted and BSN_MARK in redacted


def test_a_comment_too_long_or_with_binary_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=f"limit is {MAX_COMMENT_CHARS}"):
        clean_comment("x" * (MAX_COMMENT_CHARS + 1))
    assert clean_comment("x" * MAX_COMMENT_CHARS) == "x" * MAX_COMMENT_CHARS
    with pytest.raises(InvalidInputError, match="comment"):
        clean_comment("a\x00b")


def test_a_second_rating_of_a_turn_replaces_the_first(stores) -> None:  # noqa: ANN001
    conversations, feedback = stores
    cid, turn = conversations.record(None, question="Waar werkt Pastiel?", answer=_answer("Sneek", "Sneek"))
    first = feedback.record(turn, rating="up", comment="Goed")
    second = feedback.record(turn, rating="down")
    assert second.id == first.id and second.rating == "down" and second.comment is None
    assert second.updated >= first.updated
    assert [f.rating for f in feedback.list()] == ["down"]


def test_turn_of_finds_an_answer_by_position_or_the_last(stores) -> None:  # noqa: ANN001
    conversations, feedback = stores
    cid, first = conversations.record(None, question="Waar werkt Pastiel?", answer=_answer("Sneek", "Sneek"))
    _, second = conversations.record(cid, question="En hoeveel?", answer=_answer("800", "800 kandidaten"))
    assert feedback.turn_of(cid) == second
    assert feedback.turn_of(cid, position=0) == first
    with pytest.raises(InvalidInputError, match="'turn' is 2, but the conversation has 2 answers"):
        feedback.turn_of(cid, position=2)
    with pytest.raises(NotFoundError):
        feedback.turn_of("nergens")
    with pytest.raises(NotFoundError):
        feedback.turn_of(cid, owner=Owner("user:iemand-anders"))


def test_turn_of_an_empty_conversation_asks_for_a_question_first(stores) -> None:  # noqa: ANN001
    conversations, feedback = stores
    cid = conversations.create("Leeg")
    with pytest.raises(InvalidInputError, match="no answers yet"):
        feedback.turn_of(cid)


def test_feedback_is_listed_by_conversation_and_rating(stores) -> None:  # noqa: ANN001
    conversations, feedback = stores
    a, ta = conversations.record(None, question="Waar werkt Pastiel?", answer=_answer("Sneek", "Sneek"))
    b, tb = conversations.record(None, question="Hoeveel kandidaten?", answer=_answer("800", "800 kandidaten"))
    feedback.record(ta, rating="up")
    feedback.record(tb, rating="down")
    assert [f.turn_id for f in feedback.list(conversation_id=a)] == [ta]
    assert [f.turn_id for f in feedback.list(rating="down")] == [tb]
    assert feedback.list(conversation_id=a, rating="down") == []
    assert {f.turn_id for f in feedback.list()} == {ta, tb}


def test_citations_carry_the_file_name_of_their_publication(stores) -> None:  # noqa: ANN001
    conversations, feedback = stores
    _, turn = conversations.record(None, question="Waar werkt Pastiel?", answer=_answer("Sneek", "Sneek"))
    rated = feedback.record(turn, rating="up", document_files={PASSAGE.document_id: "werkfit.pdf"})
    assert [c["doc"] for c in rated.citations] == ["werkfit.pdf"]
    unknown = feedback.record(turn, rating="up")
    assert [c["doc"] for c in unknown.citations] == [PASSAGE.document_id]  # no file known: its id


def feedback_item(turn_id: str, question: str, *, standalone: str | None = None,
                  previous: dict[str, object] | None = None,
                  citations: tuple[dict[str, object], ...] = ()) -> Feedback:
    return Feedback("f-" + turn_id, turn_id, "c", "up", None, question, standalone, "antwoord", "answered",
                    citations, previous, NOW, NOW)


def test_a_follow_up_needs_a_previous_turn_and_a_rewritten_question() -> None:
    prev = {"turn_id": "t0", "question": "Waar werkt Pastiel?", "answer": "Sneek", "citations": []}
    assert feedback_item("t1", "En waar?", standalone="Waar werkt Pastiel?", previous=prev).is_follow_up
    assert not feedback_item("t1", "En waar?", standalone=None, previous=prev).is_follow_up
    assert not feedback_item("t1", "En waar?", standalone="Waar werkt Pastiel?").is_follow_up
    # The same words in other case or spacing are no rewrite.
    assert not feedback_item("t1", "Waar  werkt Pastiel?", standalone="waar werkt pastiel?", previous=prev).is_follow_up


def test_export_ids_are_the_start_of_the_turn_id() -> None:
    assert export_id("0123456789abcdef0123") == "fb-" + "0123456789abcdef0123"[:EXPORT_ID_CHARS]


def test_exported_sources_drop_duplicates_and_quoteless_citations() -> None:
    citations = (
        {"doc": "werkfit.pdf", "quote": "Sneek"},
        {"doc": "werkfit.pdf", "quote": "Sneek"},
        {"document_id": "werkfit", "quote": "Joure"},
        {"doc": "werkfit.pdf", "quote": ""},
    )
    (item,) = eval_items([feedback_item("t1", "Waar werkt Pastiel?", citations=citations)])
    assert item["sources"] == [{"doc": "werkfit.pdf", "quote": "Sneek"}, {"doc": "werkfit", "quote": "Joure"}]
    assert item["follow_up_of"] is None and item["rating"] == "up" and item["must_mention"] == []


def test_a_rated_parent_replaces_its_context_line_and_is_written_once() -> None:
    prev = {"turn_id": "t0", "question": "Waar werkt Pastiel?", "answer": "Sneek", "citations": []}
    child = feedback_item("t1", "En hoeveel?", standalone="Hoeveel kandidaten heeft Pastiel?", previous=prev)
    sibling = feedback_item("t2", "En waar nog meer?", standalone="Waar werkt Pastiel nog meer?", previous=prev)
    parent = feedback_item("t0", "Waar werkt Pastiel?")
    items = eval_items([child, sibling, parent])
    assert [i["id"] for i in items] == [export_id("t0"), export_id("t1"), export_id("t2")]
    assert "context" not in items[0] and items[0]["rating"] == "up"  # the rated line took the context's place
    assert items[1]["follow_up_of"] == items[2]["follow_up_of"] == export_id("t0")
    assert items[1]["type"] == "follow-up"
