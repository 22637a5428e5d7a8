"""The LLM answerer and condenser at their edges, with LangChain's fake chat models (fakes named as
fakes): no passages, a reply nothing of which can be verified, a refusal, the sources cap, failures."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answer import messages
from assistant.answer.llm import NOT_FOUND_MARKER, LLMAnswerer, LLMCondenser
from assistant.chat.followup import RuleCondenser
from assistant.prompts import DEFAULT_PROMPTS_DIR, PromptLibrary
from assistant.types import Answer, Passage, Turn
from tests.assistant.answer.test_llm import HITS, FakeExtractive

PROMPTS = PromptLibrary.load(DEFAULT_PROMPTS_DIR)


class WarmRecorder(FakeExtractive):
    """The fake fall-back, also recording what it was asked to warm."""

    def __init__(self) -> None:
        super().__init__()
        self.warmed: list[Passage] = []

    def warm(self, passages):  # noqa: ANN001, ANN201
        self.warmed.extend(passages)


class FakeFailingModel(FakeListChatModel):
    """A fake chat model whose endpoint is down: every call raises."""

    def invoke(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        raise ConnectionError("endpoint down")

    def stream(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        raise ConnectionError("endpoint down")


def _answerer(reply: str = "-", *, fallback: FakeExtractive | None = None, sources: int = 8) -> LLMAnswerer:
    return LLMAnswerer(FakeListChatModel(responses=[reply]), PROMPTS, fallback=fallback or FakeExtractive(),
                       sources=sources)


def test_warming_warms_the_fall_back() -> None:
    fallback = WarmRecorder()
    _answerer(fallback=fallback).warm([h.passage for h in HITS])
    assert fallback.warmed == [h.passage for h in HITS]


def test_without_passages_the_model_is_not_asked() -> None:
    fallback = FakeExtractive()
    failing = LLMAnswerer(FakeFailingModel(responses=[]), PROMPTS, fallback=fallback)
    plain = failing.answer("Wat doet Pastiel?", [])
    assert plain.text == "extractief [1]" and plain.notice is None  # no "the model failed" notice
    items = list(failing.stream("Wat doet Pastiel?", []))
    assert items[0] == "extractief [1]" and isinstance(items[-1], Answer) and items[-1].notice is None
    assert fallback.calls == 2


def test_a_reply_nothing_of_which_is_cited_shows_the_extractive_answer_with_a_notice() -> None:
    answer = _answerer("Pastiel is een fijne organisatie.").answer("Wat doet Pastiel?", HITS)
    assert answer.text == "extractief [1]"
    assert answer.notice == messages.text(messages.LLM_UNVERIFIED, "nl")


def test_an_empty_reply_is_a_refusal_showing_the_best_three_sources() -> None:
    hits = HITS * 2  # four hits
    answer = _answerer("   ").answer("Wat doet Pastiel?", hits)
    assert answer.status == "not_found" and answer.meta == {"reason": "llm"}
    assert answer.text == messages.text(messages.NOT_FOUND, "nl")
    assert len(answer.hits) == 3


def test_a_refusal_keeps_the_model_s_explanation_without_markers() -> None:
    reply = f"{NOT_FOUND_MARKER}: de bronnen [1] noemen geen budget."
    answer = _answerer(reply).answer("What is the budget?", HITS)
    assert answer.status == "not_found"
    assert answer.text.startswith(messages.text(messages.NOT_FOUND, "en"))
    assert "noemen geen budget" in answer.text and "[1]" not in answer.text


def test_only_the_first_sources_are_sent_and_a_marker_past_them_is_not_cited() -> None:
    answerer = _answerer("Cycloon bestaat sinds 1999 [2].", sources=1)
    sent = answerer.messages("Sinds wanneer bestaat Cycloon?", HITS)[1].content
    assert "[1] " in sent and "[2] " not in sent
    answer = answerer.answer("Sinds wanneer bestaat Cycloon?", HITS)
    assert answer.citations == () and answer.notice == messages.text(messages.LLM_UNVERIFIED, "nl")


def test_a_model_down_before_the_first_word_streams_the_fall_back_once() -> None:
    fallback = FakeExtractive()
    answerer = LLMAnswerer(FakeFailingModel(responses=[]), PROMPTS, fallback=fallback)
    items = list(answerer.stream("Wat doet Pastiel?", HITS))
    assert items[:-1] == ["extractief [1]"]
    final = items[-1]
    assert isinstance(final, Answer) and final.notice == messages.text(messages.LLM_FALLBACK, "nl")


def test_a_streamed_refusal_sends_its_lead_then_the_explanation() -> None:
    reply = f"{NOT_FOUND_MARKER}: de bronnen noemen geen budget."
    items = list(_answerer(reply).stream("Wat is het budget?", HITS))
    deltas = [i for i in items if isinstance(i, str)]
    assert deltas[0] == messages.text(messages.NOT_FOUND, "nl")
    assert "".join(deltas) == items[-1].text and items[-1].status == "not_found"


HISTORY = [Turn(question="Hoeveel kandidaten begeleidt Pastiel?", answer="800 [1]")]
FOLLOW_UP = "En vanuit welke plaatsen werken ze?"


def test_a_failing_model_leaves_the_follow_up_to_the_rules() -> None:
    rules = RuleCondenser()
    condenser = LLMCondenser(FakeFailingModel(responses=[]), PROMPTS, fallback=rules)
    assert condenser.condense(FOLLOW_UP, HISTORY) == rules.condense(FOLLOW_UP, HISTORY)


def test_the_first_line_of_the_rewrite_is_the_question_and_an_empty_one_falls_back() -> None:
    rules = RuleCondenser()
    rewrite = FakeListChatModel(responses=['"Waar werkt Pastiel?"\nUitleg: ...'])
    quoted = LLMCondenser(rewrite, PROMPTS, fallback=rules)
    assert quoted.condense(FOLLOW_UP, HISTORY) == "Waar werkt Pastiel?"
    empty = LLMCondenser(FakeListChatModel(responses=["  "]), PROMPTS, fallback=rules)
    assert empty.condense(FOLLOW_UP, HISTORY) == rules.condense(FOLLOW_UP, HISTORY)
