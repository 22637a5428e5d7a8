"""The extractive answerer: an answer composed of the verbatim sentences, items and rows that answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer import messages
from assistant.answer.question import Question, analyse_question
from assistant.answer.relevance import TermSet, TermWeights, coverage
from assistant.sentences import Unit, split_units
from assistant.types import Answer, Citation, Hit, Passage, Turn

_BULLET = re.compile(r"^\s*(?:[-•▪◦●·*–]\s*)?(?:\d{1,2}[.)]\s*)?")
_EMPHASIS = re.compile(r"\*\*|__")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\S+")
# A sentence that opens like this leans on the one before it ("Dit wordt ... genoemd.").
_POINTS_BACK = re.compile(
    r"^(?:dit|dat|deze|die|daar\w*|hier\w+|zo|zij|ze|hij|hun|ook|bovendien|daarnaast|wel|maar|echter"
    r"|this|that|these|those|they|it|also|however)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ExtractiveTuning:
    """The answerer's knobs (calibrated on the development set; see bench/)."""

    # How much is read and written
    passages: int = 8  # reranked passages the answer may draw on
    target_words: int = 95  # stop adding statements past this many words
    list_words: int = 150  # a list or comparison may run longer
    overflow: float = 1.15  # a statement overshooting the budget by more than this is left out
    min_words: int = 45  # a shorter answer goes on with the sentences after its best statement
    closest: int = 3  # passages shown with a refusal
    shown: int = 8  # passages returned with an answer
    # When to refuse: coverage (IDF-weighted) of the question's terms by the best passage
    min_relevance: float = 0.3
    min_relevance_english: float = (
        0.2  # English questions match the Dutch text on names and numbers
    )
    out_of_domain: float = 0.12  # below this nothing relates: a fixed reply, no passages
    names_needed: float = 0.7  # share of the question's names the section of a number must contain
    # Which statements: unit score = term credit + kind bonus - rank penalty
    keep_ratio: float = 0.5  # statements scoring below this share of the best one are left out
    section_credit: float = 0.5  # a term in the passage's section path half counts for its units
    passage_credit: float = 0.3  # a term elsewhere in the same passage counts a little
    rank_penalty: float = 0.03  # later passages need slightly more to be chosen
    kind_bonus: float = 0.15  # a number for a number question, an item for a list question
    retrieval_prior: float = 0.1  # weight of the retriever's order when reranking by coverage
    context_units: int = (
        3  # the best statements bring the sentence they refer to or that explains them
    )


@dataclass(frozen=True)
class _Candidate:
    rank: int
    passage: Passage
    unit: Unit
    position: int
    score: float
    context: str  # the unit with its neighbours (what "it" and "dit" in the unit refer to)

    @property
    def quote(self) -> str:
        """The unit without its bullet (still verbatim in the passage)."""
        stripped = _BULLET.sub("", self.unit.text, count=1)
        return stripped.strip() or self.unit.text

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.quote))


class ExtractiveAnswerer:
    """Composes answers from the units of retrieved passages; deterministic and offline."""

    def __init__(
        self, weights: Callable[[], TermWeights], *, tuning: ExtractiveTuning | None = None
    ) -> None:
        self._weights = weights
        self._tuning = tuning or ExtractiveTuning()

    def warm(self, passages: Sequence[Passage]) -> None:
        """Analyse every passage's units ahead of the first question (keeps first answers fast)."""
        self._weights()
        for p in passages:
            for unit in passage_units(p.text):
                TermSet.of(unit.text)
            TermSet.of(p.text)
            TermSet.of(f"{p.document_title} {p.section or ''}")

    @property
    def tuning(self) -> ExtractiveTuning:
        """The knobs in use."""
        return self._tuning

    def answer(self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()) -> Answer:
        """Answer ``question`` from ``hits``; 'not_found' when they do not answer it."""
        q = analyse_question(question)
        if q.kind == "chitchat" or not q.terms:
            return Answer(
                "not_found",
                messages.text(messages.CHITCHAT, q.language),
                meta={"reason": "chitchat"},
            )
        weights = self._weights()
        # Terms the publications never use cannot be matched (English words, typos): judge on the rest.
        known = tuple(t for t in q.terms if weights.known(t))
        if not known:
            text = messages.text(messages.OUT_OF_DOMAIN, q.language)
            return Answer("not_found", text, meta={"reason": "out_of_domain"})
        ranked = self.rerank(q, hits, weights, terms=known)
        relevance = ranked[0][1] if ranked else 0.0
        top = [h for h, _ in ranked[: self._tuning.passages]]
        if relevance < self._tuning.out_of_domain:
            text = messages.text(messages.OUT_OF_DOMAIN, q.language)
            return Answer(
                "not_found", text, meta={"reason": "out_of_domain", "relevance": relevance}
            )
        threshold = (
            self._tuning.min_relevance_english if q.language == "en" else self._tuning.min_relevance
        )
        if relevance < threshold or self._unknown_entity(q, weights):
            return self._not_found(q, top, relevance)
        chosen = self._select(q, top, weights, terms=known)
        if not chosen or not self._answers_kind(q, chosen, top, weights):
            return self._not_found(q, top, relevance)
        text, citations = self._compose(q, chosen)
        used = _used_hits([h for h, _ in ranked], chosen)
        meta = {"relevance": relevance, "kind": q.kind}
        return Answer(
            "answered", text, tuple(citations), tuple(used[: self._tuning.shown]), meta=meta
        )

    def stream(
        self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()
    ) -> Iterator[str | Answer]:
        """The answer's lines as deltas, then the Answer itself."""
        result = self.answer(question, hits, history=history)
        yield from result.text.splitlines(keepends=True)
        yield result

    def rerank(
        self, q: Question, hits: Sequence[Hit], weights: TermWeights, *, terms: Sequence[str]
    ) -> list[tuple[Hit, float]]:
        """Hits with their coverage of the question's terms (IDF-weighted, 0..1), best first.

        The retrieval order breaks ties and adds a little, so an equally covering passage that the
        retriever ranked higher stays ahead.
        """
        scored = []
        for rank, hit in enumerate(hits):
            p = hit.passage
            found = TermSet.of(p.text) | TermSet.of(f"{p.document_title} {p.section or ''}")
            cov = coverage(terms, found, weights)
            prior = self._tuning.retrieval_prior * (1 - rank / max(len(hits), 1))
            scored.append((hit, cov, cov + prior))
        scored.sort(key=lambda x: -x[2])
        return [(h, cov) for h, cov, _ in scored]

    def _answers_kind(
        self, q: Question, chosen: Sequence[_Candidate], hits: Sequence[Hit], weights: TermWeights
    ) -> bool:
        """Whether the chosen statements give what the question's kind asks for.

        A number question needs a statement with a number about what is counted (its focus term in
        the statement, the one before it or the section), in a section that names the question's
        names; a (Dutch) focus term the publications never use means they do not answer it.
        """
        if q.kind != "number":
            return True
        if q.language == "nl" and any(not weights.known(t) for t in q.focus):
            return False
        focus = [t for t in q.focus if weights.known(t) and weights.df(t) < weights.common_df]
        names = [e for e in q.entities if not _is_number(e) and weights.known(e)]
        for c in chosen:
            if not _DIGIT.search(c.unit.text):
                continue
            around = TermSet.of(c.context) | _heading_terms(c.passage)
            if focus and not any(weights.found(t, around) for t in focus):
                continue
            if (
                names
                and coverage(names, _section_terms(c.passage, hits), weights)
                < self._tuning.names_needed
            ):
                continue
            return True
        return False

    def _unknown_entity(self, q: Question, weights: TermWeights) -> bool:
        # A name the publications never mention cannot be answered about.
        return any(not weights.known(e) for e in q.entities if not _is_number(e))

    def _not_found(self, q: Question, hits: Sequence[Hit], relevance: float) -> Answer:
        closest = list(hits[: self._tuning.closest])
        topics = _topics(closest)
        text = messages.text(messages.NOT_FOUND, q.language)
        if topics:
            text += " " + messages.text(messages.CLOSEST, q.language, topics=topics)
        return Answer(
            "not_found",
            text,
            hits=tuple(closest),
            meta={"reason": "no_answer", "relevance": relevance},
        )

    def _candidates(
        self, q: Question, hits: Sequence[Hit], weights: TermWeights, *, terms: Sequence[str]
    ) -> list[_Candidate]:
        t = self._tuning
        total = sum(weights.idf(term) for term in terms) or 1.0
        out = []
        for rank, hit in enumerate(hits):
            p = hit.passage
            in_passage = TermSet.of(p.text)
            in_section = TermSet.of(f"{p.document_title} {p.section or ''}")
            units = passage_units(p.text)
            for position, unit in enumerate(units):
                in_unit = TermSet.of(unit.text)
                got = 0.0
                for term in terms:
                    if weights.found(term, in_unit):
                        credit = 1.0
                    elif weights.found(term, in_section):
                        credit = t.section_credit
                    elif weights.found(term, in_passage):
                        credit = t.passage_credit
                    else:
                        credit = 0.0
                    got += credit * weights.idf(term)
                score = got / total - t.rank_penalty * rank + self._kind_bonus(q, unit)
                before = units[position - 1].text if position else ""
                after = units[position + 1].text if position + 1 < len(units) else ""
                context = f"{before} {unit.text} {after}"
                out.append(_Candidate(rank, p, unit, position, score, context))
        return out

    def _kind_bonus(self, q: Question, unit: Unit) -> float:
        if q.kind == "number" and _DIGIT.search(unit.text):
            return self._tuning.kind_bonus
        if q.kind == "list" and unit.kind in ("item", "row"):
            return self._tuning.kind_bonus
        return 0.0

    def _select(
        self, q: Question, hits: Sequence[Hit], weights: TermWeights, *, terms: Sequence[str]
    ) -> list[_Candidate]:
        t = self._tuning
        candidates = self._candidates(q, hits, weights, terms=terms)
        if not candidates:
            return []
        ranked = sorted(candidates, key=lambda c: (-c.score, c.rank, c.position))
        best = ranked[0].score
        budget = t.list_words if q.kind in ("list", "comparison") else t.target_words
        chosen: list[_Candidate] = []
        seen: list[frozenset[str]] = []
        words = 0
        for i, c in enumerate(ranked):
            if c.score < best * t.keep_ratio or words >= budget:
                break
            group = [c]
            if q.kind == "list" or c.unit.kind == "item" or c.unit.text.rstrip().endswith(":"):
                group = _with_list(c, candidates)
            elif i < t.context_units:
                group = _with_context(c, candidates)
            for member in group:
                key = frozenset(TermSet.of(member.unit.text).terms)
                too_long = chosen and words + member.words > budget * t.overflow
                if any(_similar(key, s) for s in seen) or words >= budget or too_long:
                    continue
                seen.append(key)
                chosen.append(member)
                words += member.words
        return _continued(chosen, candidates, min_words=t.min_words, seen=seen)

    def _compose(self, q: Question, chosen: Sequence[_Candidate]) -> tuple[str, list[Citation]]:
        # Statements in reading order within each publication, publications in order of relevance.
        order: dict[str, int] = {}
        for c in chosen:
            order.setdefault(c.passage.document_id, len(order))
        ordered = sorted(
            chosen, key=lambda c: (order[c.passage.document_id], c.passage.ordinal, c.position)
        )
        citations: list[Citation] = []
        lines = [_opening(q, ordered)]
        paragraph: list[str] = []
        for c in ordered:
            citations.append(Citation.of(len(citations) + 1, c.passage, c.quote))
            statement = f"{_display(c.quote)} [{len(citations)}]"
            if c.unit.kind in ("item", "row"):
                if paragraph:
                    lines.append(" ".join(paragraph))
                    paragraph = []
                lines.append(f"- {statement}")
            else:
                paragraph.append(statement)
        if paragraph:
            lines.append(" ".join(paragraph))
        return "\n".join(lines), citations


@lru_cache(maxsize=16384)
def passage_units(text: str) -> tuple[Unit, ...]:
    """The quotable units of a passage text (cached: the same passages come back question after question)."""
    return tuple(split_units(text))


def _is_number(term: str) -> bool:
    return any(ch.isdigit() for ch in term)


def _heading_terms(passage: Passage) -> TermSet:
    return TermSet.of(f"{passage.document_title} {passage.section or ''}")


def _section_terms(passage: Passage, hits: Sequence[Hit]) -> TermSet:
    """Terms of a passage's headings and of every retrieved passage in the same section."""
    found = _heading_terms(passage) | TermSet.of(passage.text)
    for h in hits:
        if h.passage.document_id == passage.document_id and h.passage.section == passage.section:
            found = found | TermSet.of(h.passage.text)
    return found


def _continued(
    chosen: list[_Candidate],
    candidates: Sequence[_Candidate],
    *,
    min_words: int,
    seen: list[frozenset[str]],
) -> list[_Candidate]:
    """A short answer continued with what follows its best statement (the why and how after it)."""
    if not chosen:
        return chosen
    words = sum(c.words for c in chosen)
    by_position = _neighbours(chosen[0], candidates)
    step = chosen[0].position + 1
    taken = {(c.passage.id, c.position) for c in chosen}
    while words < min_words and step in by_position:
        nxt = by_position[step]
        key = frozenset(TermSet.of(nxt.unit.text).terms)
        if (nxt.passage.id, step) not in taken and not any(_similar(key, s) for s in seen):
            chosen.append(nxt)
            words += nxt.words
        step += 1
    return chosen


def _neighbours(c: _Candidate, candidates: Sequence[_Candidate]) -> dict[int, _Candidate]:
    return {x.position: x for x in candidates if x.passage.id == c.passage.id}


def _with_context(c: _Candidate, candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """The candidate with the sentence its opening word points back to, and one that continues it."""
    by_position = _neighbours(c, candidates)
    group = [c]
    before = by_position.get(c.position - 1)
    if before is not None and _POINTS_BACK.match(c.unit.text) and before.unit.kind == "sentence":
        group.insert(0, before)
    after = by_position.get(c.position + 1)
    if after is not None and _POINTS_BACK.match(after.unit.text):
        group.append(after)
    return group


def _with_list(c: _Candidate, candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """The candidate with the list it belongs to or introduces (the items of its passage).

    An item may be followed by a sentence that explains it; the list goes on after it, and the
    answer keeps the items (the explanation stays in the cited passage).
    """
    by_position = _neighbours(c, candidates)
    group = [c]
    step, loose = c.position + 1, 0
    while step in by_position and loose <= 1:
        unit = by_position[step].unit
        if unit.kind in ("item", "row"):
            group.append(by_position[step])
            loose = 0
        elif len(group) > 1 or c.unit.kind in ("item", "row"):
            loose += 1  # an explanation under the previous item
        else:
            break
        step += 1
    if c.unit.kind in ("item", "row"):
        step = c.position - 1
        while step in by_position and by_position[step].unit.kind in ("item", "row"):
            group.insert(0, by_position[step])
            step -= 1
        lead = by_position.get(step)
        if lead is not None and lead.unit.text.rstrip().endswith(":"):
            group.insert(0, lead)
    return group


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= 0.8


def _display(quote: str) -> str:
    return _EMPHASIS.sub("", quote).strip()


def _used_hits(hits: Sequence[Hit], chosen: Sequence[_Candidate]) -> list[Hit]:
    used = {c.passage.id for c in chosen}
    return [h for h in hits if h.passage.id in used] + [h for h in hits if h.passage.id not in used]


def _opening(q: Question, chosen: Sequence[_Candidate]) -> str:
    titles = list(dict.fromkeys(c.passage.document_title for c in chosen))
    if q.language == "en":
        source = f"‘{titles[0]}’" if len(titles) == 1 else "the publications"
        return f"According to {source} (quoted in Dutch):"
    source = f"‘{titles[0]}’" if len(titles) == 1 else "de publicaties"
    return f"Volgens {source}:"


def _topics(hits: Sequence[Hit]) -> str:
    names = []
    for h in hits:
        parts = h.passage.section_parts
        names.append(
            f"{parts[-1]} ({h.passage.document_title})" if parts else h.passage.document_title
        )
    return "; ".join(dict.fromkeys(names))
