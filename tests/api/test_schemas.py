"""The API's shapes built from domain values, and the request checks, on hand-made values."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from api.schemas import (
    MAX_K,
    MAX_QUERY_CHARS,
    ChatResponse,
    CitationOut,
    ConversationDetail,
    ConversationOut,
    ConversationPatch,
    DocumentOut,
    PassageOut,
    SearchRequest,
)
from assistant.chat.assistant import ChatResult
from assistant.records.conversations import Conversation, ConversationSummary, StoredTurn
from assistant.search.index import DocumentRecord
from assistant.types import Answer, Citation, DocumentInfo, Hit, Passage

PASSAGE = Passage("werkfit-3", "werkfit", "Werkfit", "3 Kosten", 12, "Een traject kost 4.500 euro per kandidaat.", 3)
CITATION = Citation.of(1, PASSAGE, "4.500 euro")
NOW = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)


def test_a_passage_shows_its_place_and_a_rounded_score() -> None:
    out = PassageOut.of_hit(Hit(PASSAGE, 0.123456789))
    assert out.model_dump() == {
        "id": "werkfit-3", "document_id": "werkfit", "document_title": "Werkfit", "section": "3 Kosten",
        "page": 12, "text": PASSAGE.text, "score": 0.123457,
    }
    assert PassageOut.of(PASSAGE).score == 0.0


def test_a_citation_keeps_every_field() -> None:
    assert CitationOut.of(CITATION).model_dump() == {
        "n": 1, "passage_id": "werkfit-3", "document_id": "werkfit", "document_title": "Werkfit",
        "section": "3 Kosten", "page": 12, "quote": "4.500 euro",
    }


def test_a_document_shows_its_manifest_entry_and_counts() -> None:
    record = DocumentRecord(DocumentInfo("werkfit", "Werkfit", "Cedris", 2019, "rapport", "werkfit.pdf"), "f", 40, 12)
    assert DocumentOut.of(record).model_dump() == {
        "id": "werkfit", "title": "Werkfit", "publisher": "Cedris", "year": 2019, "kind": "rapport",
        "passages": 40, "pages": 12,
    }


def test_search_requests_default_to_eight_passages_and_bound_k() -> None:
    assert SearchRequest(query="kosten").k == 8
    assert SearchRequest(query="kosten", k=MAX_K).k == MAX_K
    for k in (0, MAX_K + 1):
        with pytest.raises(ValidationError):
            SearchRequest(query="kosten", k=k)


@pytest.mark.parametrize(
    ("query", "message"),
    [("   ", "the query is empty"), ("x" * (MAX_QUERY_CHARS + 1), f"the limit is {MAX_QUERY_CHARS}"),
     ("a\x00b", "control characters")],
)
def test_a_bad_query_is_refused_with_what_to_fix(query: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        SearchRequest(query=query)


def test_unknown_fields_are_refused_where_the_contract_says_so() -> None:
    with pytest.raises(ValidationError):
        SearchRequest(query="kosten", colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        ConversationPatch(title="x", colour="red")  # type: ignore[call-arg]


def test_a_chat_response_carries_the_answer_citations_passages_and_rewrite() -> None:
    answer = Answer("answered", "Het kost 4.500 euro [1].", (CITATION,), (Hit(PASSAGE, 0.5),),
                    notice="Extractief antwoord.", standalone_question="Wat kost werkfit?")
    out = ChatResponse.of(ChatResult("c1", "t1", "En wat kost het?", answer))
    assert (out.conversation_id, out.turn_id, out.status, out.answer) == ("c1", "t1", "answered", answer.text)
    assert [c.quote for c in out.citations] == ["4.500 euro"]
    assert [p.id for p in out.passages] == ["werkfit-3"]
    assert out.standalone_question == "Wat kost werkfit?" and out.notice == "Extractief antwoord."


def test_a_conversation_shows_each_turn_as_a_user_and_an_assistant_message() -> None:
    turn = StoredTurn("t1", "Wat kost werkfit?", None, "4.500 euro [1].", "answered", (CITATION,),
                      (Hit(PASSAGE, 0.5),), NOW, notice=None)
    missing = StoredTurn("t2", "En in Oss?", "Wat kost werkfit in Oss?", "Niet gevonden.", "not_found", (), (), NOW)
    detail = ConversationDetail.of(Conversation("c1", "Wat kost werkfit?", NOW, NOW, (turn, missing)))
    assert [(m.role, m.turn_id) for m in detail.messages] == [
        ("user", "t1"), ("assistant", "t1"), ("user", "t2"), ("assistant", "t2")]
    user, assistant = detail.messages[:2]
    assert user.content == "Wat kost werkfit?" and user.status is None and user.citations == []
    assert assistant.status == "answered" and [c.n for c in assistant.citations] == [1]
    assert detail.messages[3].standalone_question == "Wat kost werkfit in Oss?"
    assert detail.messages[3].status == "not_found"


def test_a_conversation_summary_keeps_its_counts_and_times() -> None:
    out = ConversationOut.of(ConversationSummary("c1", "Titel", NOW, NOW, 3))
    assert out.model_dump() == {"id": "c1", "title": "Titel", "created": NOW, "updated": NOW, "turns": 3}
