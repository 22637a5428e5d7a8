"""Packs refined by a language model (the model faked): [n] verified, failures extractive."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.briefing.builder import DISCUSSION_QUESTIONS, refined
from assistant.briefing.refine import (
    LLM_DROPPED,
    LLM_FAILED,
    LLM_UNVERIFIED,
    LLMRefiner,
    parse_reply,
    verify_reply,
)
from assistant.briefing.types import Pack
from assistant.prompts import DEFAULT_PROMPTS_DIR, PromptLibrary
from tests.assistant.answer.fake_openai import FakeOpenAIServer
from tests.assistant.briefing.briefing_fakes import FABRICATED, reply_to, reply_to_messages
from tests.conftest import make_settings
from werkwijzer.compose import build_refiner


@pytest.fixture(scope="module")
def pack(corpus_core) -> Pack:  # noqa: ANN001
    return corpus_core.briefings.build("nazorg")


def _refiner(model) -> LLMRefiner:  # noqa: ANN001
    return LLMRefiner(model, PromptLibrary.load(DEFAULT_PROMPTS_DIR))


def _prompt(pack: Pack) -> str:
    return str(_refiner(FakeListChatModel(responses=["-"])).messages(pack)[1].content)


def _model_citations(pack: Pack) -> list:  # noqa: ANN401 - every citation the model's text carries
    cited = [c for s in pack.synthesis for c in s.citations]
    cited += [c for q in pack.discussion if q.origin == "llm" for c in q.citations]
    cited += [q.citation for q in pack.quiz if q.origin == "llm"]
    return cited


def _unchanged_extractive_parts(before: Pack, after: Pack) -> None:
    assert after.key_points == before.key_points and after.examples == before.examples
    assert after.agendas == before.agendas
    assert after.citations == before.citations
    assert after.quiz[: len(before.quiz)] == before.quiz


def test_refined_pack_cites_the_packs_own_sources_verbatim(corpus_core, pack: Pack) -> None:
    model = FakeListChatModel(responses=[reply_to(_prompt(pack))])
    out = refined(pack, _refiner(model))
    assert out.mode == "llm" and out.refined_parts == ["synthesis", "discussion", "quiz"]
    assert len(out.synthesis) == 3
    _unchanged_extractive_parts(pack, out)
    index = corpus_core.holder.current()
    by_n = {c.n: c for c in out.citations}
    for c in _model_citations(out):
        source = by_n[c.n]  # the pack's own number, so the sources list at the end covers it
        assert c.passage_id == source.passage_id and c.quote in source.quote
        assert c.quote in index.get(c.passage_id).text
    for statement in out.synthesis:
        assert statement.citations
        assert all(f"[{c.n}]" in statement.text for c in statement.citations)
    # The model adds no sources: still one per quoted statement, none twice.
    spans = [(c.passage_id, c.quote) for c in out.citations]
    assert out.citations == pack.citations and len(spans) == len(set(spans))
    llm_questions = [q for q in out.discussion if q.origin == "llm"]
    assert len(llm_questions) == 1 and llm_questions[0].text.endswith("eigen organisatie?")
    assert out.discussion[0] is llm_questions[0] and len(out.discussion) <= DISCUSSION_QUESTIONS
    assert all(f"[{n}]" in q.text for q in out.discussion for n in q.refs)


def test_a_fabricated_claim_is_dropped_never_cited(pack: Pack) -> None:
    out = refined(pack, _refiner(FakeListChatModel(responses=[reply_to(_prompt(pack))])))
    texts = [s.text for s in out.synthesis] + [q.text for q in out.discussion]
    assert not any(FABRICATED in t for t in texts)
    dropped = out.meta["llm_dropped"]
    assert len(dropped) == 2 and all(FABRICATED in d for d in dropped)  # type: ignore[union-attr]
    assert out.notice == LLM_DROPPED.format(n=2, verb="zijn")


def test_a_marker_pointing_at_the_wrong_source_is_dropped(pack: Pack) -> None:
    first, second = pack.key_points[0], pack.key_points[1]
    # The words of point 1, but the number of point 2: the quote is not in that source.
    wrong = f"INLEIDING\n{first.text.rstrip('.')} [{second.citation.n}]. Onbekend getal [999]."
    result = verify_reply(parse_reply(wrong), pack)
    assert result.empty and result.notice == LLM_UNVERIFIED
    assert len(result.meta["llm_dropped"]) == 2  # type: ignore[arg-type]
    right = f"INLEIDING\n{first.text.rstrip('.')} [{second.citation.n}][{first.citation.n}]."
    kept = verify_reply(parse_reply(right), pack).synthesis
    assert [c.n for c in kept[0].citations] == [first.citation.n]
    assert f"[{second.citation.n}]" not in kept[0].text


def test_reply_without_verifiable_citations_keeps_the_pack_extractive(pack: Pack) -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage("INLEIDING\nNazorg is belangrijk.")]))
    out = refined(pack, _refiner(model))
    assert out.mode == "extractive" and out.notice == LLM_UNVERIFIED
    assert out.synthesis == () and out.discussion == pack.discussion and out.quiz == pack.quiz


def test_model_failure_keeps_the_pack_extractive_with_a_notice(pack: Pack) -> None:
    model = GenericFakeChatModel(messages=iter([]))  # an exhausted fake raises on invoke
    out = refined(pack, _refiner(model))
    assert out.mode == "extractive" and out.notice == LLM_FAILED
    assert out.refined_parts == [] and out.meta["llm_error"]
    _unchanged_extractive_parts(pack, out)
    assert out.discussion == pack.discussion and out.quiz == pack.quiz


def test_openai_wire_round_trip_refines_and_failures_fall_back(tmp_path, pack: Pack) -> None:
    with FakeOpenAIServer([reply_to_messages]).running() as server:
        settings = make_settings(tmp_path, llm_base_url=server.base_url, llm_model="fake-model")
        out = refined(pack, build_refiner(settings))  # type: ignore[arg-type]
    assert out.mode == "llm" and out.synthesis
    request = server.requests[0]
    assert request["model"] == "fake-model"
    assert "kennisbijeenkomst" in request["messages"][0]["content"]
    assert f"Thema van de kennisbijeenkomst: {pack.theme}" in request["messages"][1]["content"]
    for failing in (FakeOpenAIServer(["te laat"], delay=1.0), FakeOpenAIServer([], status=500)):
        with failing.running():
            settings = make_settings(tmp_path, llm_base_url=failing.base_url, llm_timeout=0.3)
            out = refined(pack, build_refiner(settings))  # type: ignore[arg-type]
        assert out.mode == "extractive" and out.notice == LLM_FAILED


def test_no_llm_configured_means_no_refiner(tmp_path) -> None:  # noqa: ANN001
    assert build_refiner(make_settings(tmp_path)) is None


def test_prompt_holds_the_numbered_points_but_not_the_quiz_answers(pack: Pack) -> None:
    prompt = _prompt(pack)
    for p in pack.key_points:
        assert f"[{p.citation.n}] Kernpunt ({p.subtheme}) — " in prompt
    shown = {p.citation.n for p in pack.key_points} | {p.citation.n for e in pack.examples for p in e.statements}
    for q in pack.quiz:  # a quiz on a point of the pack tests that point; other sources stay out
        assert (f"[{q.citation.n}] " in prompt) == (q.citation.n in shown)
    assert "Nederlands" in prompt and "INLEIDING" in prompt and "QUIZ" in prompt


def test_reply_parsing_tolerates_headings_bullets_and_wrapped_lines() -> None:
    reply = parse_reply(
        "Inleiding:\nEen zin [1].\nNog een zin [2].\n\n**Discussievragen**\n1. Eerste [1]. Vraag\n"
        "die doorloopt?\n2) Tweede?\n\n### Quiz\n- Vraag: Hoeveel?\n  Antwoord: Drie [3].\n"
    )
    assert reply.synthesis == "Een zin [1]. Nog een zin [2]."
    assert reply.discussion == ["Eerste [1]. Vraag die doorloopt?", "Tweede?"]
    assert reply.quiz == [("Hoeveel?", "Drie [3].")]
