"""Scoring of search and chat against a question file, by the rules of the shared eval README.

Pure functions over the contract's JSON shapes (a ``POST /api/search`` body, a ``POST /api/chat``
body), plus a runner that takes the two calls as plain callables, so the same code scores the
pipeline in-process and a live server over HTTP.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import InvalidInputError

SEARCH_K = 10  # the README scores the first 10 passages of POST /api/search
HIT_CUTOFFS = (1, 5, 10)
MAX_STRETCH = 60  # a shared stretch of this many characters always counts as a hit
COVERAGE_WORDS = 200  # must_mention terms count only in the first 200 words of the answer
UNANSWERABLE = "unanswerable"
FOLLOW_UP = "follow-up"
QUESTION_TYPES = (
    "factoid",
    "list",
    "case-specific",
    "comparison",
    "definition",
    UNANSWERABLE,
    FOLLOW_UP,
)

_WHITE_SPACE = re.compile(r"\s+")
_THOUSANDS_DOT = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_EURO_SPACE = re.compile(r"€\s+(?=\d)")

SearchCall = Callable[[str, int], Mapping[str, Any]]
"""search(query, k) -> a POST /api/search body."""
ChatCall = Callable[[str, "str | None"], "Mapping[str, Any] | None"]
"""chat(message, conversation_id) -> a POST /api/chat body (None: no chat available)."""


@dataclass(frozen=True)
class Source:
    """A gold source: a corpus file and a verbatim quote from it."""

    doc: str
    quote: str


@dataclass(frozen=True)
class EvalQuestion:
    """One line of a question file."""

    id: str
    type: str
    question: str
    lang: str = "nl"
    follow_up_of: str | None = None
    answer: str = ""
    must_mention: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    @property
    def answerable(self) -> bool:
        """Whether the publications answer it (it has gold sources)."""
        return self.type != UNANSWERABLE and bool(self.sources)


# --- text rules -------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower-case and collapse every run of white space to one space (the README's comparison)."""
    return _WHITE_SPACE.sub(" ", text.lower()).strip()


def normalise_numbers(text: str) -> str:
    """Also make "7.000" equal "7000" and "€ 3000" equal "€3000" (for coverage)."""
    return _EURO_SPACE.sub("€", _THOUSANDS_DOT.sub("", normalise(text)))


def stretch_needed(quote: str) -> int:
    """Shortest shared stretch that counts: min(60, half the normalised quote), at least 1."""
    return max(1, min(MAX_STRETCH, math.ceil(len(normalise(quote)) / 2)))


def shares_stretch(text: str, quote: str, length: int) -> bool:
    """Whether ``text`` and ``quote`` share a contiguous stretch of ``length`` characters."""
    if length <= 0:
        return True
    if len(quote) < length or len(text) < length:
        return False
    # Every shared stretch of >= length chars contains a window of exactly ``length`` chars of the
    # quote, so checking those windows (with C-speed substring search) is exact.
    return any(quote[i : i + length] in text for i in range(len(quote) - length + 1))


def same_document(document_id: str, doc: str) -> bool:
    """A passage's document id (file name without extension) names the source file ``doc``."""
    return document_id == doc or document_id == Path(doc).stem


def text_hits(document_id: str, text: str, source: Source) -> bool:
    """The README's passage hit: same document, and contains the quote or shares a long stretch."""
    if not same_document(document_id, source.doc):
        return False
    passage, quote = normalise(text), normalise(source.quote)
    return quote in passage or shares_stretch(passage, quote, stretch_needed(source.quote))


def passage_hits(passage: Mapping[str, Any], sources: Iterable[Source]) -> bool:
    """Whether a contract Passage hits any of the gold ``sources``."""
    return any(text_hits(str(passage["document_id"]), str(passage["text"]), s) for s in sources)


def first_hit_rank(
    passages: Sequence[Mapping[str, Any]], sources: Sequence[Source], *, k: int = SEARCH_K
) -> int | None:
    """1-based rank of the first passage among the first ``k`` that hits a source, else None."""
    for rank, passage in enumerate(passages[:k], 1):
        if passage_hits(passage, sources):
            return rank
    return None


def term_found(term: str, text: str) -> bool:
    """Whether a must_mention term occurs in ``text`` (numbers compared digit-exact)."""
    needle, hay = normalise_numbers(term), normalise_numbers(text)
    if not needle:
        return True
    # A number must not match inside a longer number: "600" is not found in "1600".
    left = r"(?<!\d)" if needle[0].isdigit() else ""
    right = r"(?!\d)" if needle[-1].isdigit() else ""
    return re.search(left + re.escape(needle) + right, hay) is not None


def first_words(text: str, n: int = COVERAGE_WORDS) -> str:
    """The first ``n`` white-space separated words of ``text``."""
    return " ".join(text.split()[:n])


def coverage(answer: str, must_mention: Sequence[str]) -> float | None:
    """Share of ``must_mention`` terms in the first 200 words of ``answer`` (None when none given)."""
    if not must_mention:
        return None
    head = first_words(answer)
    return sum(term_found(t, head) for t in must_mention) / len(must_mention)


def word_count(text: str) -> int:
    """Words in an answer (white-space separated)."""
    return len(text.split())


def citation_checks(
    chat: Mapping[str, Any], passages_by_id: Mapping[str, Mapping[str, Any]]
) -> list[bool]:
    """Per citation: does its quote occur verbatim in the text of the passage it names?"""
    out = []
    for citation in chat.get("citations") or []:
        passage = passages_by_id.get(str(citation.get("passage_id")))
        out.append(
            passage is not None and str(citation.get("quote", "")) in str(passage.get("text", ""))
        )
    return out


def citation_supports(
    chat: Mapping[str, Any],
    passages_by_id: Mapping[str, Mapping[str, Any]],
    sources: Sequence[Source],
) -> tuple[bool, bool]:
    """(a cited passage hits a gold source, a citation's quote itself hits a gold source)."""
    by_passage = by_quote = False
    for citation in chat.get("citations") or []:
        passage = passages_by_id.get(str(citation.get("passage_id")))
        if passage is not None and passage_hits(passage, sources):
            by_passage = True
        doc = str(citation.get("document_id", ""))
        if any(text_hits(doc, str(citation.get("quote", "")), s) for s in sources):
            by_quote = True
    return by_passage, by_quote


# --- question files -----------------------------------------------------------------------------


def parse_question(data: Mapping[str, Any], *, where: str = "") -> EvalQuestion:
    """One question from its JSON object; InvalidInputError names what is wrong."""
    for key in ("id", "type", "question"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise InvalidInputError(f"{where}'{key}' is missing or not a text")
    sources = []
    for s in data.get("sources") or []:
        if (
            not isinstance(s, Mapping)
            or not isinstance(s.get("doc"), str)
            or not isinstance(s.get("quote"), str)
        ):
            raise InvalidInputError(f"{where}each source needs a 'doc' and a 'quote' text")
        sources.append(Source(doc=s["doc"], quote=s["quote"]))
    must = data.get("must_mention") or []
    if not isinstance(must, list) or not all(isinstance(t, str) for t in must):
        raise InvalidInputError(f"{where}'must_mention' must be a list of texts")
    if data["type"] != UNANSWERABLE and not sources:
        raise InvalidInputError(f"{where}an answerable question needs at least one source")
    return EvalQuestion(
        id=data["id"],
        type=data["type"],
        question=data["question"],
        lang=str(data.get("lang") or "nl"),
        follow_up_of=data.get("follow_up_of") or None,
        answer=str(data.get("answer") or ""),
        must_mention=tuple(must),
        sources=tuple(sources),
    )


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a question file in the dev.jsonl format (one JSON object per line)."""
    if not path.is_file():
        raise InvalidInputError(f"No question file at {path}")
    questions: list[EvalQuestion] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}: "
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            raise InvalidInputError(f"{where}not valid JSON ({e.msg})") from e
        if not isinstance(data, dict):
            raise InvalidInputError(f"{where}expected a JSON object")
        question = parse_question(data, where=where)
        if question.id in seen:
            raise InvalidInputError(f"{where}the id {question.id!r} occurs twice")
        seen.add(question.id)
        questions.append(question)
    if not questions:
        raise InvalidInputError(f"{path} holds no questions")
    return questions


def conversation_order(questions: Sequence[EvalQuestion]) -> list[EvalQuestion]:
    """Questions in file order, each follow-up moved to right after its parent (chains too)."""
    ids = {q.id for q in questions}
    children: dict[str, list[EvalQuestion]] = {}
    for q in questions:
        if q.follow_up_of and q.follow_up_of in ids:
            children.setdefault(q.follow_up_of, []).append(q)
    ordered: list[EvalQuestion] = []

    def visit(q: EvalQuestion) -> None:
        ordered.append(q)
        for child in children.get(q.id, []):
            visit(child)

    for q in questions:
        if not (q.follow_up_of and q.follow_up_of in ids):
            visit(q)
    return ordered


# --- running ------------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    """What happened to one question."""

    id: str
    type: str
    lang: str
    answerable: bool
    rank: int | None = None  # first hit among the scored passages (None: no hit in the top 10)
    scored_on: str = "search"  # "search" or "chat" (follow-ups inside their conversation)
    search_ms: float | None = None
    status: str | None = None  # chat status
    answer_words: int | None = None
    coverage: float | None = None
    citations: int = 0
    verbatim: int = 0
    cited_passage_hit: bool | None = None
    cited_quote_hit: bool | None = None
    chat_ms: float | None = None
    passages: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON form."""
        return dict(self.__dict__)


def _passage_map(*bodies: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    out: dict[str, Mapping[str, Any]] = {}
    for body in bodies:
        if body:
            for p in list(body.get("passages") or []) + list(body.get("results") or []):
                out.setdefault(str(p["id"]), p)
    return out


def run(
    questions: Sequence[EvalQuestion],
    *,
    search: SearchCall,
    chat: ChatCall | None = None,
    passage: Callable[[str], Mapping[str, Any] | None] | None = None,
    k: int = SEARCH_K,
) -> list[QuestionResult]:
    """Ask every question; follow-ups in their parent's conversation right after it.

    Non-follow-ups are scored on ``search(question, k)``; follow-ups on the chat body's
    ``passages`` when ``chat`` is given, else on a plain search of the follow-up text.
    ``passage(id)`` looks up a cited passage that the chat body does not include.
    """
    conversations: dict[str, str] = {}
    results: list[QuestionResult] = []
    for q in conversation_order(questions):
        result = QuestionResult(id=q.id, type=q.type, lang=q.lang, answerable=q.answerable)
        started = time.perf_counter()
        found = search(q.question, k)
        result.search_ms = (time.perf_counter() - started) * 1000
        ranked: list[Mapping[str, Any]] = list(found.get("results") or [])
        body: Mapping[str, Any] | None = None
        if chat is not None:
            parent_conversation = conversations.get(q.follow_up_of) if q.follow_up_of else None
            started = time.perf_counter()
            body = chat(q.question, parent_conversation)
            result.chat_ms = (time.perf_counter() - started) * 1000
        if body is not None:
            conversations[q.id] = str(body.get("conversation_id"))
            if q.follow_up_of:
                ranked = list(body.get("passages") or [])
                result.scored_on = "chat"
            _score_answer(result, q, body, found, passage)
        result.passages = [str(p["id"]) for p in ranked[:k]]
        if q.answerable:
            result.rank = first_hit_rank(ranked, q.sources, k=k)
        results.append(result)
    return results


def _score_answer(
    result: QuestionResult,
    q: EvalQuestion,
    body: Mapping[str, Any],
    found: Mapping[str, Any],
    passage: Callable[[str], Mapping[str, Any] | None] | None,
) -> None:
    result.status = str(body.get("status"))
    answer = str(body.get("answer") or "")
    by_id = _passage_map(body, found)
    for citation in body.get("citations") or []:
        pid = str(citation.get("passage_id"))
        if pid not in by_id and passage is not None:
            looked_up = passage(pid)
            if looked_up is not None:
                by_id[pid] = looked_up
    checks = citation_checks(body, by_id)
    result.citations, result.verbatim = len(checks), sum(checks)
    if q.answerable:
        result.answer_words = word_count(answer)
        result.coverage = coverage(answer, q.must_mention)
        result.cited_passage_hit, result.cited_quote_hit = citation_supports(body, by_id, q.sources)


# --- summaries ----------------------------------------------------------------------------------


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def retrieval_metrics(results: Sequence[QuestionResult], *, k: int = SEARCH_K) -> dict[str, Any]:
    """hit@1/5/10 and MRR@10 over the answerable questions among ``results``."""
    scored = [r for r in results if r.answerable]
    out: dict[str, Any] = {"questions": len(scored)}
    for cutoff in HIT_CUTOFFS:
        out[f"hit@{cutoff}"] = _mean(
            [1.0 if r.rank is not None and r.rank <= cutoff else 0.0 for r in scored]
        )
    out[f"mrr@{k}"] = _mean([1.0 / r.rank if r.rank else 0.0 for r in scored])
    return out


def answer_metrics(results: Sequence[QuestionResult]) -> dict[str, Any]:
    """Coverage, length, citation and refusal figures over the questions that were chatted."""
    chatted = [r for r in results if r.status is not None]
    answerable = [r for r in chatted if r.answerable]
    unanswerable = [r for r in chatted if not r.answerable]
    answered = [r for r in answerable if r.status == "answered"]
    follow_ups = [r for r in chatted if r.scored_on == "chat"]
    citations = sum(r.citations for r in chatted)
    return {
        "questions": len(chatted),
        "coverage": _mean([r.coverage for r in answerable if r.coverage is not None]),
        "median_answer_words": statistics.median([r.answer_words or 0 for r in answered])
        if answered
        else None,
        "citation_verbatim": sum(r.verbatim for r in chatted) / citations if citations else None,
        "citation_support": _mean([1.0 if r.cited_passage_hit else 0.0 for r in answerable]),
        "citation_support_quote": _mean([1.0 if r.cited_quote_hit else 0.0 for r in answerable]),
        "refusal_unanswerable": _mean(
            [1.0 if r.status == "not_found" else 0.0 for r in unanswerable]
        ),
        "wrong_refusal_answerable": _mean(
            [1.0 if r.status == "not_found" else 0.0 for r in answerable]
        ),
        "follow_up": retrieval_metrics(follow_ups) if follow_ups else None,
    }


def _percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def summarise(
    results: Sequence[QuestionResult], *, chat_available: bool, k: int = SEARCH_K
) -> dict[str, Any]:
    """All figures: retrieval overall and per type and language, answers (or None), latency."""
    types = [t for t in QUESTION_TYPES if any(r.type == t for r in results)]
    types += sorted({r.type for r in results} - set(types))
    search_ms = [r.search_ms for r in results if r.search_ms is not None]
    chat_ms = [r.chat_ms for r in results if r.chat_ms is not None]
    return {
        "questions": len(results),
        "answerable": sum(r.answerable for r in results),
        "follow_ups_scored_on": "chat passages"
        if chat_available
        else "plain search of the follow-up text (no chat yet)",
        "retrieval": {
            "overall": retrieval_metrics(results, k=k),
            "by_type": {
                t: retrieval_metrics([r for r in results if r.type == t], k=k) for t in types
            },
            "by_lang": {
                lang: retrieval_metrics([r for r in results if r.lang == lang], k=k)
                for lang in sorted({r.lang for r in results})
            },
        },
        "answers": answer_metrics(results) if chat_available else None,
        "latency_ms": {
            "search_p50": _percentile(search_ms, 0.5),
            "search_p95": _percentile(search_ms, 0.95),
            "chat_p50": _percentile(chat_ms, 0.5),
            "chat_p95": _percentile(chat_ms, 0.95),
        },
        "results": [r.to_json() for r in results],
    }


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def format_report(summary: Mapping[str, Any], *, k: int = SEARCH_K) -> str:
    """A readable table of the figures in ``summary``."""
    keys = [f"hit@{c}" for c in HIT_CUTOFFS] + [f"mrr@{k}"]
    lines = [
        f"Questions: {summary['questions']} ({summary['answerable']} answerable); "
        f"follow-ups scored on {summary['follow_ups_scored_on']}.",
        "",
        f"{'retrieval':<16}{'n':>4}" + "".join(f"{key:>9}" for key in keys),
    ]
    rows = [("overall", summary["retrieval"]["overall"])]
    rows += [(t, m) for t, m in summary["retrieval"]["by_type"].items() if m["questions"]]
    rows += [
        (f"lang={lang}", m) for lang, m in summary["retrieval"]["by_lang"].items() if m["questions"]
    ]
    for name, m in rows:
        lines.append(
            f"{name:<16}{m['questions']:>4}" + "".join(f"{_fmt(m[key]):>9}" for key in keys)
        )
    lines.append("")
    answers = summary.get("answers")
    if answers is None:
        lines.append("answers: n/a (no chat yet)")
    else:
        follow = answers.get("follow_up") or {}
        lines += [
            "answers",
            f"  coverage of must_mention (first {COVERAGE_WORDS} words)  {_fmt(answers['coverage'])}",
            f"  median answer words                           {_fmt(answers['median_answer_words'], 0)}",
            f"  citation quotes verbatim                      {_fmt(answers['citation_verbatim'])}",
            f"  citation support (cited passage hits gold)    {_fmt(answers['citation_support'])}",
            f"  citation support (quote itself hits gold)     {_fmt(answers['citation_support_quote'])}",
            f"  refused, unanswerable (higher is better)      {_fmt(answers['refusal_unanswerable'])}",
            f"  refused, answerable (lower is better)         {_fmt(answers['wrong_refusal_answerable'])}",
            f"  follow-up hit@5 on chat passages              {_fmt(follow.get('hit@5'))}",
        ]
    latency = summary["latency_ms"]
    lines += [
        "",
        f"latency ms: search p50 {_fmt(latency['search_p50'], 1)}, p95 {_fmt(latency['search_p95'], 1)}"
        + (
            f"; chat p50 {_fmt(latency['chat_p50'], 1)}, p95 {_fmt(latency['chat_p95'], 1)}"
            if latency["chat_p50"] is not None
            else ""
        ),
    ]
    misses = [
        r["id"]
        for r in summary["results"]
        if r["answerable"] and (r["rank"] is None or r["rank"] > 5)
    ]
    if misses:
        lines.append(f"not in the top 5: {', '.join(misses)}")
    return "\n".join(lines)
