"""The LLM answerer: an OpenAI-compatible chat model through LangChain, every [n] verified afterwards."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answer import citations, messages
from assistant.chat.followup import is_follow_up
from assistant.config import Settings
from assistant.language.question import Language, detect_language
from assistant.language.thesaurus import Thesaurus
from assistant.ports import Answerer, Condenser
from assistant.prompts import DEFAULT_PROMPTS_DIR, PromptLibrary
from assistant.types import Answer, Hit, Passage, Turn

log = logging.getLogger("werkwijzer.llm")

#: The model starts its reply with this when the sources do not answer (the system prompt says so).
NOT_FOUND_MARKER = "NIET GEVONDEN"
LANGUAGE_NAMES: dict[Language, str] = {"nl": "Nederlands", "en": "Engels"}
SOURCES = 6  # numbered sources put in the prompt
HISTORY_CHARS = 600  # of each earlier answer, in the condense prompt


def format_sources(hits: Sequence[Hit]) -> str:
    """The numbered sources block of the answer prompt."""
    blocks = []
    for n, hit in enumerate(hits, 1):
        p = hit.passage
        where = " › ".join(x for x in (p.document_title, p.section) if x)
        page = f", p. {p.page}" if p.page else ""
        blocks.append(f"[{n}] {where}{page}\n{p.text}")
    return "\n\n".join(blocks)


def message_text(message: BaseMessage | Any) -> str:
    """The text of a chat model's reply (or of one streamed chunk)."""
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    # Some providers send a list of content parts.
    return "".join(
        part.get("text", "") if isinstance(part, dict) else str(part) for part in content
    )


def _may_refuse(text: str) -> bool:
    """Whether ``text`` (the reply so far) is, or may still become, the not-found marker."""
    head = text.lstrip().upper()
    return head.startswith(NOT_FOUND_MARKER) or NOT_FOUND_MARKER.startswith(head)


def _refuses(text: str) -> bool:
    """Whether ``text`` (the reply, or the reply so far) starts with the not-found marker."""
    return text.lstrip().upper().startswith(NOT_FOUND_MARKER)


def _refusal_body(text: str) -> str:
    """The model's explanation after the not-found marker (shown after the fixed lead)."""
    return text.lstrip()[len(NOT_FOUND_MARKER) :].lstrip(" :.-\n")


def _uncited(text: str) -> str:
    """``text`` without [n] markers: a refusal has no citations, so none of its words is shown as cited."""
    return citations.MARKER.sub("", text)


class LLMAnswerer:
    """Answers with a chat model from numbered sources; falls back to ``fallback`` when the model fails."""

    def __init__(
        self,
        model: BaseChatModel,
        prompts: PromptLibrary,
        *,
        fallback: Answerer,
        sources: int = SOURCES,
        vocabulary: Sequence[Thesaurus] = (),
    ) -> None:
        self._model = model
        self._prompts = prompts
        self._fallback = fallback
        self._sources = sources
        # The thesaurus and the corpus lexicon: a claim's English words or synonyms may be found
        # in a Dutch source by their Dutch forms.
        self._vocabulary = tuple(vocabulary)

    def warm(self, passages: Sequence[Passage]) -> None:
        """Warm the fall-back answerer."""
        warm = getattr(self._fallback, "warm", None)
        if callable(warm):
            warm(passages)

    def messages(self, question: str, hits: Sequence[Hit]) -> list[BaseMessage]:
        """The chat messages sent to the model."""
        language = detect_language(question)
        system = self._prompts.render("system", not_found_marker=NOT_FOUND_MARKER)
        human = self._prompts.render(
            "answer",
            sources=format_sources(hits[: self._sources]),
            question=question,
            language=LANGUAGE_NAMES[language],
        )
        return [SystemMessage(system), HumanMessage(human)]

    def answer(self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()) -> Answer:
        """The model's answer with verified citations (or the fall-back's, with a notice)."""
        if not hits:
            return self._fallback.answer(question, hits, history=history)
        try:
            raw = message_text(self._model.invoke(self.messages(question, hits)))
        except Exception as e:  # noqa: BLE001 - any failure of the endpoint means: answer without it
            return self._fall_back(question, hits, history, e)
        return self.finish(question, raw, hits, history=history)

    def stream(
        self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()
    ) -> Iterator[str | Answer]:
        """Checked text statement by statement as the model writes it, then the Answer.

        Each statement is checked against the sources as soon as it is finished and sent at once,
        as ``finish`` would show it: a supported one with its renumbered [n], an unsupported one
        without markers and with the note, one without markers (a lead-in) as it is. A refusal sends
        its lead once the model has written the marker, then the model's explanation. The final
        Answer is the one ``answer`` gives for the same reply, and the deltas add up to its text,
        except when nothing the model wrote could be verified: then the extractive answer replaces
        the statements sent (none of which carried a marker), and a client shows the Answer's text.
        """
        if not hits:
            yield from self._fallback.stream(question, hits, history=history)
            return
        language = detect_language(question)
        checker = citations.Checker(
            list(hits[: self._sources]),
            unsupported_note=messages.text(messages.UNSUPPORTED, language),
            vocabulary=self._vocabulary,
        )
        raw = ""
        done = 0  # characters of the reply (of a refusal: of its explanation) already sent
        sent = False
        refusing = False
        try:
            for chunk in self._model.stream(self.messages(question, hits)):
                raw += message_text(chunk)
                if not refusing and _may_refuse(raw):
                    if not _refuses(raw):
                        continue  # the reply may still become the marker: wait for it
                    refusing, sent = True, True
                    yield messages.text(messages.NOT_FOUND, language)
                if refusing:
                    finished, _ = citations.complete_statements(_refusal_body(raw)[done:])
                    if finished:
                        yield ("" if done else " ") + _uncited("".join(finished))
                        done += sum(map(len, finished))
                    continue
                for statement in citations.complete_statements(raw.lstrip()[done:])[0]:
                    done += len(statement)
                    sent = True
                    yield checker.check(statement)
        except Exception as e:  # noqa: BLE001 - see answer()
            fallback = self._fall_back(question, hits, history, e)
            if not sent:
                yield fallback.text
            yield fallback
            return
        rest = (_refusal_body(raw) if refusing else raw.lstrip())[done:].rstrip()
        if rest and refusing:
            yield ("" if done else " ") + _uncited(rest)
        elif rest:
            sent = True
            yield "".join(map(checker.check, citations.complete_statements(rest, final=True)[0]))
        answer = self.finish(question, raw, hits, history=history)
        if not sent:
            yield answer.text  # the deltas always add up to the answer's text
        yield answer

    def finish(
        self, question: str, raw: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()
    ) -> Answer:
        """Verify the model's [n] markers against the passages and build the Answer."""
        language = detect_language(question)
        sources = list(hits[: self._sources])
        text = raw.strip()
        if _refuses(text) or not text:
            closest = self._fallback.answer(question, hits, history=history)
            body = _uncited(_refusal_body(text))
            lead = messages.text(messages.NOT_FOUND, language)
            hits_shown = closest.hits if closest.status == "not_found" else tuple(sources[:3])
            return Answer(
                "not_found",
                f"{lead} {body}".strip(),
                hits=tuple(hits_shown),
                meta={"reason": "llm"},
            )
        checked = citations.verify(
            text,
            sources,
            unsupported_note=messages.text(messages.UNSUPPORTED, language),
            vocabulary=self._vocabulary,
        )
        if not checked.citations:
            # Nothing the model wrote could be traced to a source: show the extractive answer instead.
            fallback = self._fallback.answer(question, hits, history=history)
            notice = messages.text(messages.LLM_UNVERIFIED, language)
            return replace(fallback, notice=notice)
        used = {c.passage_id for c in checked.citations}
        ordered = [h for h in sources if h.passage.id in used] + [
            h for h in sources if h.passage.id not in used
        ]
        meta: dict[str, object] = {"unsupported": list(checked.unsupported)}
        return Answer("answered", checked.text, checked.citations, tuple(ordered), meta=meta)

    def _fall_back(
        self, question: str, hits: Sequence[Hit], history: Sequence[Turn], error: Exception
    ) -> Answer:
        log.warning("LLM failed (%s: %s); answering extractively", type(error).__name__, error)
        fallback = self._fallback.answer(question, hits, history=history)
        return replace(
            fallback, notice=messages.text(messages.LLM_FALLBACK, detect_language(question))
        )


class LLMCondenser:
    """Rewrites follow-ups with the condense prompt; the rule-based condenser when the model fails."""

    def __init__(
        self, model: BaseChatModel, prompts: PromptLibrary, *, fallback: Condenser
    ) -> None:
        self._model = model
        self._prompts = prompts
        self._fallback = fallback

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """The standalone question."""
        if not is_follow_up(question, history):
            return question
        lines = []
        for turn in history:
            lines.append(f"Gebruiker: {turn.question}")
            lines.append(f"Assistent: {turn.answer[:HISTORY_CHARS]}")
        prompt = self._prompts.render("condense", history="\n".join(lines), question=question)
        try:
            rewritten = message_text(self._model.invoke([HumanMessage(prompt)])).strip()
        except Exception as e:  # noqa: BLE001 - fall back to the rules
            log.warning("LLM condense failed (%s); using the rule-based rewrite", type(e).__name__)
            return self._fallback.condense(question, history)
        first_line = rewritten.splitlines()[0].strip().strip('"') if rewritten else ""
        return first_line or self._fallback.condense(question, history)


def chat_model(settings: Settings) -> BaseChatModel:
    """ChatOpenAI against the configured OpenAI-compatible endpoint (Ollama, vLLM, Azure OpenAI, ...)."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key.get_secret_value() or "none",
        temperature=settings.llm_temperature,
        # As "max_tokens", which OpenAI, vLLM, Ollama and llama.cpp all read (ChatOpenAI's own
        # max_tokens goes out as max_completion_tokens, which llama.cpp ignores); unset: not sent.
        extra_body={"max_tokens": settings.llm_max_tokens} if settings.llm_max_tokens else None,
        timeout=settings.llm_timeout,
        max_retries=0,  # a failure falls back to the extractive answer at once
    )


def build_llm_answerer(
    settings: Settings,
    *,
    fallback: Answerer,
    condenser: Condenser,
    model: BaseChatModel | None = None,
    vocabulary: Sequence[Thesaurus] = (),
) -> tuple[LLMAnswerer, LLMCondenser]:
    """The LLM answerer and condenser; prompts are loaded and checked here, at start-up."""
    prompts = PromptLibrary.load(settings.prompts_dir or DEFAULT_PROMPTS_DIR)
    model = model or chat_model(settings)
    answerer = LLMAnswerer(
        model, prompts, fallback=fallback, sources=settings.llm_sources, vocabulary=vocabulary
    )
    return answerer, LLMCondenser(
        model, prompts, fallback=condenser
    )
