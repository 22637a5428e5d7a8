"""The LLM answerer with fakes: LangChain's fake chat models and a fake OpenAI-wire server on loopback."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.answer.llm import NOT_FOUND_MARKER, LLMAnswerer, LLMCondenser, build_llm_answerer
from assistant.chat.followup import RuleCondenser
from assistant.prompts import DEFAULT_PROMPTS_DIR, PromptLibrary
from assistant.types import Answer, Hit, Passage, Turn
from tests.assistant.answer.fake_openai import FakeOpenAIServer
from tests.conftest import make_settings

PASSAGES = [
    Passage(
        id="doc-a",
        document_id="doc",
        document_title="Werkfit-trajecten",
        section="4 Casussen › Pastiel",
        page=42,
        text="Pastiel begeleidt jaarlijks ongeveer 800 kandidaten in werkfit-trajecten. "
        "Pastiel werkt vanuit Sneek, Joure en Franeker.",
        ordinal=0,
    ),
    Passage(
        id="doc-b",
        document_id="doc",
        document_title="Werkfit-trajecten",
        section="4 Casussen › Cycloon",
        page=25,
        text="Cycloon Fietskoeriers bestaat sinds 1999.",
        ordinal=1,
    ),
]
HITS = [Hit(p, 1.0 - i / 10) for i, p in enumerate(PASSAGES)]


class FakeExtractive:
    """A stand-in fall-back answerer that records that it was used (a fake)."""

    def __init__(self) -> None:
        self.calls = 0

    def answer(self, question, hits, *, history=()):  # noqa: ANN001, ANN201
        self.calls += 1
        return Answer("answered", "extractief [1]", hits=tuple(hits))

    def stream(self, question, hits, *, history=()):  # noqa: ANN001, ANN201
        answer = self.answer(question, hits, history=history)
        yield answer.text
        yield answer


def _prompts() -> PromptLibrary:
    return PromptLibrary.load(DEFAULT_PROMPTS_DIR)


def test_markers_are_verified_and_quotes_attached() -> None:
    model = FakeListChatModel(
        responses=[
            "Pastiel begeleidt jaarlijks ongeveer 800 kandidaten [1]. Het werkt vanuit Sneek en Joure [1]."
        ]
    )
    answer = LLMAnswerer(model, _prompts(), fallback=FakeExtractive()).answer(
        "Hoeveel kandidaten begeleidt Pastiel?", HITS
    )
    assert answer.status == "answered"
    quotes = [c.quote for c in answer.citations]
    assert quotes == [
        "Pastiel begeleidt jaarlijks ongeveer 800 kandidaten in werkfit-trajecten.",
        "Pastiel werkt vanuit Sneek, Joure en Franeker.",
    ]
    assert "[1]" in answer.text and "[2]" in answer.text
    for c in answer.citations:
        assert c.quote in PASSAGES[0].text


def test_a_wrong_marker_is_never_shown_as_cited() -> None:
    # [2] points at the Cycloon passage, which does not say this: the statement is flagged, not cited.
    model = FakeListChatModel(
        responses=[
            "Pastiel begeleidt 800 kandidaten [1]. Pastiel heeft 40 jobcoaches in dienst [2]."
        ]
    )
    answer = LLMAnswerer(model, _prompts(), fallback=FakeExtractive()).answer(
        "Hoeveel kandidaten?", HITS
    )
    assert [c.passage_id for c in answer.citations] == ["doc-a"]
    assert "jobcoaches in dienst (niet in de bronnen gevonden)." in answer.text
    assert "[2]" not in answer.text
    assert answer.meta["unsupported"] == ["Pastiel heeft 40 jobcoaches in dienst."]


def test_not_found_marker_gives_not_found() -> None:
    model = FakeListChatModel(responses=[f"{NOT_FOUND_MARKER}: de bronnen noemen geen budget."])
    answer = LLMAnswerer(model, _prompts(), fallback=FakeExtractive()).answer(
        "Wat is het budget?", HITS
    )
    assert answer.status == "not_found"
    assert answer.citations == ()
    assert answer.text.startswith("Dat staat niet in de publicaties.")


def test_failure_falls_back_with_a_notice() -> None:
    fallback = FakeExtractive()
    model = FakeListChatModel(responses=["x y z"], error_on_chunk_number=1)
    answerer = LLMAnswerer(model, _prompts(), fallback=fallback)
    items = list(answerer.stream("Hoeveel kandidaten begeleidt Pastiel?", HITS))
    final = items[-1]
    assert isinstance(final, Answer)
    assert final.text == "extractief [1]"
    assert final.notice and "taalmodel" in final.notice
    assert fallback.calls == 1


def test_stream_yields_deltas_then_verified_answer() -> None:
    reply = "Pastiel werkt vanuit Sneek, Joure en Franeker [1]."
    model = GenericFakeChatModel(messages=iter([AIMessage(content=reply)]))
    items = list(
        LLMAnswerer(model, _prompts(), fallback=FakeExtractive()).stream(
            "Waar werkt Pastiel?", HITS
        )
    )
    deltas = [i for i in items if isinstance(i, str)]
    assert "".join(deltas) == reply == items[-1].text
    assert (
        isinstance(items[-1], Answer)
        and items[-1].citations[0].quote == "Pastiel werkt vanuit Sneek, Joure en Franeker."
    )


def test_prompt_carries_numbered_sources_and_language() -> None:
    messages = LLMAnswerer(
        FakeListChatModel(responses=["-"]), _prompts(), fallback=FakeExtractive()
    ).messages("Where does Pastiel work?", HITS)
    assert "[1] Werkfit-trajecten › 4 Casussen › Pastiel, p. 42" in messages[1].content
    assert "[2] Werkfit-trajecten › 4 Casussen › Cycloon" in messages[1].content
    assert "Engels" in messages[1].content
    assert NOT_FOUND_MARKER in messages[0].content


def test_condenser_uses_the_model_for_follow_ups_only() -> None:
    model = FakeListChatModel(responses=["Vanuit welke plaatsen werkt Pastiel?"])
    condenser = LLMCondenser(model, _prompts(), fallback=RuleCondenser())
    history = [Turn(question="Hoeveel kandidaten begeleidt Pastiel?", answer="800 [1]")]
    assert (
        condenser.condense("En vanuit welke plaatsen werken ze?", history)
        == "Vanuit welke plaatsen werkt Pastiel?"
    )
    assert condenser.condense("Wat doet Cycloon in Zwolle?", []) == "Wat doet Cycloon in Zwolle?"


def test_openai_wire_server_answers_and_streams(tmp_path) -> None:  # noqa: ANN001
    reply = "Pastiel begeleidt jaarlijks ongeveer 800 kandidaten [1]."
    with FakeOpenAIServer([reply, reply]).running() as server:
        settings = make_settings(
            tmp_path, llm_base_url=server.base_url, llm_model="fake-model", llm_timeout=5
        )
        answerer, _ = build_llm_answerer(
            settings, fallback=FakeExtractive(), condenser=RuleCondenser()
        )
        answer = answerer.answer("Hoeveel kandidaten begeleidt Pastiel?", HITS)
        streamed = list(answerer.stream("Hoeveel kandidaten begeleidt Pastiel?", HITS))
    assert answer.status == "answered" and answer.notice is None
    assert answer.citations[0].quote.startswith("Pastiel begeleidt jaarlijks")
    assert [r["model"] for r in server.requests] == ["fake-model", "fake-model"]
    assert server.requests[1]["stream"] is True
    assert "".join(i for i in streamed if isinstance(i, str)) == answer.text  # one sentence: one delta
    assert isinstance(streamed[-1], Answer) and streamed[-1].citations == answer.citations


def test_max_tokens_is_sent_only_when_set(tmp_path) -> None:  # noqa: ANN001
    # Unset, the request carries no max_tokens, so the recorded requests' hashes stay the same.
    reply = "Pastiel begeleidt jaarlijks ongeveer 800 kandidaten [1]."
    with FakeOpenAIServer([reply, reply]).running() as server:
        for limit in (None, 50):
            settings = make_settings(tmp_path, llm_base_url=server.base_url, llm_max_tokens=limit)
            answerer, _ = build_llm_answerer(settings, fallback=FakeExtractive(), condenser=RuleCondenser())
            answerer.answer("Hoeveel kandidaten begeleidt Pastiel?", HITS)
    assert "max_tokens" not in server.requests[0] and server.requests[1]["max_tokens"] == 50


def test_openai_wire_server_timeout_and_error_fall_back(tmp_path) -> None:  # noqa: ANN001
    for server in (FakeOpenAIServer(["te laat"], delay=1.0), FakeOpenAIServer([], status=500)):
        with server.running():
            settings = make_settings(tmp_path, llm_base_url=server.base_url, llm_timeout=0.3)
            fallback = FakeExtractive()
            answerer, _ = build_llm_answerer(settings, fallback=fallback, condenser=RuleCondenser())
            answer = answerer.answer("Hoeveel kandidaten begeleidt Pastiel?", HITS)
        assert answer.text == "extractief [1]" and answer.notice
        assert fallback.calls == 1


def test_sources_are_numbered_with_their_place_and_page() -> None:
    from assistant.answer.llm import format_sources

    a = Passage("a", "d", "Rapport", "4 Casussen › Cycloon", 12, "Cycloon bezorgt post.", 0)
    b = Passage("b", "d", "Rapport", None, None, "Zonder plaats.", 1)
    assert format_sources([Hit(a, 0.9), Hit(b, 0.5)]) == (
        "[1] Rapport › 4 Casussen › Cycloon, p. 12\nCycloon bezorgt post.\n\n[2] Rapport\nZonder plaats."
    )
    assert format_sources([]) == ""


def test_a_reply_in_content_parts_is_joined_into_text() -> None:
    from assistant.answer.llm import message_text

    assert message_text(AIMessage(content="Gewoon tekst")) == "Gewoon tekst"
    parts = AIMessage(content=[{"type": "text", "text": "Een "}, {"type": "text", "text": "antwoord"}, "!"])
    assert message_text(parts) == "Een antwoord!"
    assert message_text("los") == "los"
