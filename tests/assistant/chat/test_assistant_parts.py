"""The Assistant's other paths with named fakes over a real conversation store (SQLite in a temp dir):
comparison tables, streamed replies, owners, replayed histories and warming the answerer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from assistant.cases.types import Comparison
from assistant.chat.assistant import Assistant
from assistant.chat.followup import RuleCondenser
from assistant.errors import NotFoundError
from assistant.language.privacy import BSN_MARK
from assistant.records.conversations import ConversationStore
from assistant.records.db import Database
from assistant.records.owners import Owner
from assistant.types import Answer, Citation, Hit, Passage, Turn
from tests.assistant.chat.test_assistant_flow import PASSAGE, FakeAnswerer, FakeRetriever

QUOTE = "Een traject bij Pastiel kost 4.500 euro."


class FakeComparer:
    """Knows two cases by name and returns an empty table citing one passage; records its calls."""

    def __init__(self) -> None:
        self.compared: list[list[str]] = []

    def find_cases(self, text: str) -> list[str]:
        return [name for name in ("pastiel", "cycloon", "driekant") if name in text.lower()]

    def compare(self, cases: Sequence[str], aspects: Sequence[str] | None = None) -> Comparison:
        self.compared.append(list(cases))
        return Comparison((), (), (), (Citation.of(1, PASSAGE, QUOTE),))

    def markdown(self, comparison: Comparison) -> str:
        return "| aspect | Pastiel | Cycloon |"


class FakeSilentAnswerer(FakeAnswerer):
    """Streams text but never the final Answer (a broken answerer)."""

    def stream(self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()) -> Iterator[str | Answer]:
        yield "half an answer"


class FakeWarmAnswerer(FakeAnswerer):
    """Records the passages it was asked to prepare for."""

    def __init__(self) -> None:
        super().__init__()
        self.warmed: list[Passage] = []

    def warm(self, passages: Sequence[Passage]) -> None:
        self.warmed.extend(passages)


def make(tmp_path: Path, answerer: FakeAnswerer | None = None, *, comparer: FakeComparer | None = None,
         history_turns: int = 2) -> tuple[Assistant, FakeRetriever, FakeAnswerer]:
    database = Database(f"sqlite:///{tmp_path / 'chat.db'}")
    database.create_all()
    retriever, answerer = FakeRetriever(), answerer or FakeAnswerer()
    assistant = Assistant(retriever, answerer, conversations=ConversationStore(database), condenser=RuleCondenser(),
                          retrieve_k=3, history_turns=history_turns, max_message_chars=300, comparer=comparer)
    return assistant, retriever, answerer


def test_compare_two_named_cases_answers_with_the_table_and_searches_nothing(tmp_path: Path) -> None:
    comparer = FakeComparer()
    assistant, retriever, answerer = make(tmp_path, comparer=comparer)
    result = assistant.ask("Vergelijk Pastiel en Cycloon")
    assert comparer.compared == [["pastiel", "cycloon"]]
    assert result.answer.text.startswith("Vergelijking uit de publicaties:")
    assert "| aspect | Pastiel | Cycloon |" in result.answer.text
    assert result.answer.meta == {"kind": "comparison"}
    assert [c.quote for c in result.answer.citations] == [QUOTE]
    assert retriever.calls == [] and answerer.calls == []
    (stored,) = assistant.conversations.history(result.conversation_id, limit=5)
    assert stored.question == "Vergelijk Pastiel en Cycloon"


@pytest.mark.parametrize("message", ["Vergelijk Pastiel met andere aanpakken", "Wat doen Pastiel en Cycloon?"])
def test_one_named_case_or_no_compare_verb_is_an_ordinary_question(tmp_path: Path, message: str) -> None:
    comparer = FakeComparer()
    assistant, retriever, _ = make(tmp_path, comparer=comparer)
    assistant.ask(message)
    assert comparer.compared == [] and len(retriever.calls) == 1


def test_a_polite_compare_request_counts_too(tmp_path: Path) -> None:
    comparer = FakeComparer()
    assistant, _, _ = make(tmp_path, comparer=comparer)
    assistant.ask("Kun je Driekant en Pastiel vergelijken? Vergelijk ze maar")
    assert comparer.compared == []  # the verb must open the message
    assistant.ask("kun je vergelijk Driekant en Pastiel")
    assert comparer.compared == [["pastiel", "driekant"]]


def test_a_streamed_comparison_sends_the_table_as_one_delta_and_no_passages(tmp_path: Path) -> None:
    assistant, retriever, _ = make(tmp_path, comparer=FakeComparer())
    events = list(assistant.stream("Vergelijk Pastiel en Cycloon"))
    assert [e.name for e in events] == ["meta", "passages", "delta", "citations", "done"]
    assert events[1].hits == () and events[2].text.startswith("Vergelijking")
    assert [c.quote for c in events[3].citations] == [QUOTE]
    assert retriever.calls == []


def test_a_stream_that_ends_without_an_answer_is_an_error_not_a_silent_turn(tmp_path: Path) -> None:
    assistant, _, _ = make(tmp_path, FakeSilentAnswerer())
    with pytest.raises(RuntimeError, match="without an answer"):
        list(assistant.stream("Wat kost een traject?"))


def test_reply_stream_yields_text_then_the_answer_and_stores_nothing(tmp_path: Path) -> None:
    assistant, _, _ = make(tmp_path)
    items = list(assistant.reply_stream("Wat kost een traject?"))
    *text, answer = items
    assert isinstance(answer, Answer) and all(isinstance(t, str) for t in text)
    assert "".join(text) == answer.text
    assert assistant.conversations.list() == []


def test_reply_stream_checks_the_message_before_anything_is_sent(tmp_path: Path) -> None:
    from assistant.errors import InvalidInputError

    assistant, retriever, _ = make(tmp_path)
    with pytest.raises(InvalidInputError):
        assistant.reply_stream("   ")  # raises at the call, not when the first item is read
    assert retriever.calls == []


def test_reply_stream_notes_a_rewritten_follow_up(tmp_path: Path) -> None:
    assistant, _, _ = make(tmp_path)
    items = list(assistant.reply_stream("En hoe lang duurt dat?", history=[Turn("Wat kost Pastiel?", "...")]))
    answer = items[-1]
    assert isinstance(answer, Answer) and "Pastiel" in (answer.standalone_question or "")


def test_a_replayed_history_is_redacted_before_it_is_used(tmp_path: Path) -> None:
    assistant, _, answerer = make(tmp_path)
    assistant.reply("En hoe lang duurt dat?", history=[Turn("Wat kost Pastiel voor BSN 123456782?", "...")])
    (earlier,) = answerer.calls[-1][1]
    assert "123456782" not in earlier.question and BSN_MARK in earlier.question


def test_a_conversation_belongs_to_its_owner(tmp_path: Path) -> None:
    assistant, _, _ = make(tmp_path)
    alice, bob = Owner("user:alice"), Owner("user:bob")
    first = assistant.ask("Wat kost Pastiel?", owner=alice)
    assert assistant.ask("En waar?", conversation_id=first.conversation_id, owner=alice).conversation_id == (
        first.conversation_id
    )
    with pytest.raises(NotFoundError):
        assistant.ask("En waar?", conversation_id=first.conversation_id, owner=bob)
    assert [c.id for c in assistant.conversations.list(owner=bob)] == []


def test_streamed_turns_continue_their_conversation(tmp_path: Path) -> None:
    assistant, _, _ = make(tmp_path)
    first = list(assistant.stream("Wat kost Pastiel?"))[-1].result
    assert first is not None
    second = list(assistant.stream("En waar?", conversation_id=first.conversation_id))[-1].result
    assert second is not None and second.conversation_id == first.conversation_id
    assert [t.question for t in assistant.conversations.history(first.conversation_id, limit=5)] == [
        "Wat kost Pastiel?", "En waar?"
    ]


def test_warm_reaches_an_answerer_that_can_warm_and_skips_one_that_cannot(tmp_path: Path) -> None:
    warm = FakeWarmAnswerer()
    assistant, _, _ = make(tmp_path, warm)
    assistant.warm([PASSAGE])
    assert warm.warmed == [PASSAGE]
    plain, _, _ = make(tmp_path / "plain")
    plain.warm([PASSAGE])  # no warm(): nothing to do, no error


def test_the_result_lists_the_passages_the_answer_drew_on(tmp_path: Path) -> None:
    assistant, _, _ = make(tmp_path)
    result = assistant.ask("Wat kost een traject?")
    assert [h.passage.id for h in result.passages] == [PASSAGE.id]
