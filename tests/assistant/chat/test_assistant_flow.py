"""The Assistant's steps with a fake retriever and a fake answerer (named fakes) over a real conversation store:
validate → redact → condense → retrieve → answer → store, in that order and with what each step gave."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from assistant.chat.assistant import Assistant
from assistant.chat.followup import RuleCondenser
from assistant.errors import InvalidInputError, NotFoundError
from assistant.language.privacy import BSN_MARK
from assistant.types import Answer, Hit, Passage, Turn

PASSAGE = Passage("p1", "d", "Rapport", "Kosten", None, "Een traject bij Pastiel kost 4.500 euro.", 0)


class FakeRetriever:
    """Returns one passage and records every search."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, Sequence[str] | None]] = []

    def search(self, query: str, *, k: int, document_ids: Sequence[str] | None = None) -> list[Hit]:
        self.calls.append((query, k, document_ids))
        return [Hit(PASSAGE, 0.9)]


class FakeAnswerer:
    """Answers with the question it was given, in two streamed lines."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Turn, ...]]] = []

    def answer(self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()) -> Answer:
        self.calls.append((question, tuple(history)))
        return Answer("answered", f"Antwoord op: {question}\nTweede regel", hits=tuple(hits))

    def stream(self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()) -> Iterator[str | Answer]:
        result = self.answer(question, hits, history=history)
        yield from result.text.splitlines(keepends=True)
        yield result


@pytest.fixture()
def parts(small_core):  # noqa: ANN001, ANN201
    retriever, answerer = FakeRetriever(), FakeAnswerer()
    assistant = Assistant(retriever, answerer, conversations=small_core.chat.conversations,
                          condenser=RuleCondenser(), retrieve_k=4, history_turns=2, max_message_chars=200)
    return assistant, retriever, answerer


def test_personal_data_is_redacted_before_search_answer_and_storage(parts) -> None:  # noqa: ANN001
    assistant, retriever, answerer = parts
    result = assistant.ask("Wat kost een traject voor BSN 123456782 bij Pastiel?")
    assert BSN_MARK in retriever.calls[0][0] and "123456782" not in retriever.calls[0][0]
    assert "123456782" not in answerer.calls[0][0] and "123456782" not in result.question
    stored = assistant.conversations.history(result.conversation_id, limit=5)
    assert all("123456782" not in t.question + t.answer for t in stored)


def test_search_gets_the_configured_k_and_the_documents_or_none(parts) -> None:  # noqa: ANN001
    assistant, retriever, _ = parts
    assistant.ask("Wat kost een traject bij Pastiel?", documents=["d"])
    assistant.ask("Wat kost een traject bij Pastiel?", documents=[])
    assert [(k, docs) for _, k, docs in retriever.calls] == [(4, ["d"]), (4, None)]


def test_a_follow_up_is_searched_with_its_subject_and_the_answer_notes_it(parts) -> None:  # noqa: ANN001
    assistant, retriever, answerer = parts
    first = assistant.ask("Wat kost een traject bij Pastiel?")
    second = assistant.ask("En hoe lang duurt dat?", conversation_id=first.conversation_id)
    assert "Pastiel" in retriever.calls[-1][0]
    assert second.answer.standalone_question == retriever.calls[-1][0]
    assert [t.question for t in answerer.calls[-1][1]] == ["Wat kost een traject bij Pastiel?"]
    assert first.answer.standalone_question is None


def test_streaming_gives_meta_passages_deltas_citations_done_and_stores_the_turn(parts) -> None:  # noqa: ANN001
    assistant, _, _ = parts
    events = list(assistant.stream("Wat kost een traject bij Pastiel?"))
    assert [e.name for e in events] == ["meta", "passages", "delta", "delta", "citations", "done"]
    done = events[-1].result
    assert done is not None and "".join(e.text or "" for e in events if e.name == "delta") == done.answer.text
    stored = assistant.conversations.history(done.conversation_id, limit=5)
    assert [t.question for t in stored] == ["Wat kost een traject bij Pastiel?"]


def test_bad_messages_and_unknown_conversations_are_refused_before_searching(parts) -> None:  # noqa: ANN001
    assistant, retriever, _ = parts
    with pytest.raises(InvalidInputError):
        assistant.ask("   ")
    with pytest.raises(InvalidInputError, match="limit is 200"):
        assistant.ask("x" * 201)
    with pytest.raises(NotFoundError):
        assistant.ask("Wat kost het?", conversation_id="bestaat-niet")
    assert retriever.calls == []


def test_reply_keeps_no_conversation_and_uses_only_the_last_turns(parts) -> None:  # noqa: ANN001
    assistant, retriever, answerer = parts
    history = [Turn("Wat doet Cycloon?", "..."), Turn("Wat doet Pastiel?", "..."), Turn("En waar?", "...")]
    answer = assistant.reply("En hoe lang duurt dat?", history=history)
    assert answer.status == "answered"
    assert [t.question for t in answerer.calls[-1][1]] == ["Wat doet Pastiel?", "En waar?"]
    assert "Pastiel" in retriever.calls[-1][0]
