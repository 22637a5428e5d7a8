"""The extractive answerer: an answer composed of the verbatim sentences, items and rows that answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from assistant.answer import messages
from assistant.answer.compose import compose
from assistant.answer.concepts import Concept, alias_known, build_concepts
from assistant.answer.relevance import TermSet, TermWeights, coverage
from assistant.answer.selection import (
    NUMBER,
    Candidate,
    Selection,
    SelectionTuning,
    Selector,
    heading_terms,
    headings,
    passage_units,
)
from assistant.language.question import Question, analyse_question
from assistant.language.text import analyse
from assistant.language.thesaurus import Thesaurus
from assistant.ports import PassageContext
from assistant.types import Answer, Hit, Passage, Turn

_WORD_NUMBER = re.compile(
    r"\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|veertig"
    r"|vijftig|honderd|duizend)\s+(?P<what>(?:\w+\s+)?\w+)",
    re.IGNORECASE,
)

__all__ = ["ExtractiveAnswerer", "ExtractiveTuning", "passage_units"]


@dataclass(frozen=True)
class ExtractiveTuning:
    """The answerer's knobs (calibrated on the development set; see bench/)."""

    # How much is read and written
    passages: int = 8  # reranked passages the answer may draw on
    comparison_passages: int = 12  # ... when it compares cases (each needs its own)
    closest: int = 3  # passages shown with a refusal
    shown: int = 8  # passages returned with an answer
    # When to refuse: coverage (IDF-weighted) of the question's terms by the best passage
    min_relevance: float = 0.3
    min_relevance_english: float = (
        0.2  # English questions match the Dutch text on names and numbers
    )
    out_of_domain: float = 0.12  # below this nothing relates: a fixed reply, no passages
    names_needed: float = 0.7  # share of the question's names the section of a number must contain
    retrieval_prior: float = 0.1  # weight of the retriever's order when reranking by coverage
    setting_weight: float = 0.5  # a term only in a statement before the question counts this much
    # Which statements, and how many words
    selection: SelectionTuning = field(default_factory=SelectionTuning)


class ExtractiveAnswerer:
    """Composes answers from the units of retrieved passages; deterministic and offline."""

    def __init__(
        self,
        weights: Callable[[], TermWeights],
        *,
        tuning: ExtractiveTuning | None = None,
        thesaurus: Thesaurus | None = None,
        context: PassageContext | None = None,
    ) -> None:
        self._weights = weights
        self._tuning = tuning or ExtractiveTuning()
        self._thesaurus = thesaurus
        self._context = context

    def warm(self, passages: Sequence[Passage]) -> None:
        """Analyse every passage's units ahead of the first question (keeps first answers fast)."""
        self._weights()
        for p in passages:
            for unit in passage_units(p.text):
                TermSet.of(unit.text)
            TermSet.of(p.text)
            heading_terms(p)

    @property
    def tuning(self) -> ExtractiveTuning:
        """The knobs in use."""
        return self._tuning

    def answer(self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()) -> Answer:
        """Answer ``question`` from ``hits``; 'not_found' when they do not answer it."""
        return self._answer(analyse_question(question), hits)

    def _answer(
        self, q: Question, hits: Sequence[Hit], concepts: tuple[Concept, ...] | None = None
    ) -> Answer:
        """The answer to the analysed question (``concepts``: its concepts, when already built)."""
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
        ranked = self.order_passages(q, hits, weights, terms=known)
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
        if relevance < threshold or self._unknown_entity(q, weights) or self._only_names(q, known):
            return self._not_found(q, top, relevance)
        selection, top, about_names = self._select(
            q, [h for h, _ in ranked], weights, terms=known, concepts=concepts
        )
        chosen = selection.chosen
        # Statements none of which is about the case the question names do not answer it.
        if not chosen or not about_names or not self._answers_kind(q, chosen, top, weights):
            return self._not_found(q, top, relevance)
        cases = self._context.case_names if self._context else None
        text, citations = compose(q, chosen, labels=selection.labels, case_names=cases)
        used = _used_hits([h for h, _ in ranked], selection)
        # Every cited passage is returned, however many a list ran over.
        shown = max(self._tuning.shown, len({c.passage_id for c in citations}))
        meta: dict[str, object] = {"relevance": relevance, "kind": q.kind}
        return Answer("answered", text, tuple(citations), tuple(used[:shown]), meta=meta)

    def relevance(self, question: str, hits: Sequence[Hit]) -> list[float]:
        """One score per hit, for ranking search results as an answer reads them.

        The score is the weighted share of the question's concepts a passage covers (0..1), plus a
        little for the retrieval order, plus 1 for each passage the extractive answer quotes: the
        passages that answer the question come first, in the order of how much of it they cover.
        """
        order = [self._prior(rank, len(hits)) for rank in range(len(hits))]
        q = analyse_question(question)
        weights = self._weights()
        known = tuple(t for t in q.terms if weights.known(t))
        if q.kind == "chitchat" or not known:
            return order  # nothing to judge by: the retrieval order stands
        # Coverage by concepts, as the answer selects: a name counts once, a synonym or the
        # glossary's Dutch for an English word counts as the word.
        concepts = build_concepts(
            q, weights, terms=known, thesaurus=self._thesaurus, setting_weight=self._tuning.setting_weight
        )
        total = sum(c.weight for c in concepts) or 1.0
        answer = self._answer(q, hits, concepts)  # the same question and concepts: analysed once
        quoted = {c.passage_id for c in answer.citations} if answer.status == "answered" else set()
        scores = []
        for i, h in enumerate(hits):
            p = h.passage
            found = TermSet.of(p.text) | heading_terms(p)
            cov = sum(c.weight for c in concepts if c.found(found, f"{p.text}\n{headings(p)}")) / total
            scores.append(cov + order[i] + (1.0 if p.id in quoted else 0.0))
        return scores

    def stream(
        self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()
    ) -> Iterator[str | Answer]:
        """The answer's lines as deltas, then the Answer itself."""
        result = self.answer(question, hits, history=history)
        yield from result.text.splitlines(keepends=True)
        yield result

    def order_passages(
        self, q: Question, hits: Sequence[Hit], weights: TermWeights, *, terms: Sequence[str]
    ) -> list[tuple[Hit, float]]:
        """Hits with their coverage of the question's terms (IDF-weighted, 0..1), best first.

        The retrieval order breaks ties and adds a little, so an equally covering passage that the
        retriever ranked higher stays ahead.
        """
        scored = []
        for rank, hit in enumerate(hits):
            p = hit.passage
            found = TermSet.of(p.text) | heading_terms(p)
            cov = coverage(terms, found, weights)
            scored.append((hit, cov, cov + self._prior(rank, len(hits))))
        scored.sort(key=lambda x: -x[2])
        return [(h, cov) for h, cov, _ in scored]

    def _prior(self, rank: int, count: int) -> float:
        """What the retrieval order adds to a hit's coverage: up to ``retrieval_prior`` for the first."""
        return self._tuning.retrieval_prior * (1 - rank / max(count, 1))

    def _answers_kind(
        self, q: Question, chosen: Sequence[Candidate], hits: Sequence[Hit], weights: TermWeights
    ) -> bool:
        """Whether the chosen statements give what the question's kind asks for.

        What a Dutch number or list question counts or lists must be a word the publications use.
        A number question needs a statement with a number about what is counted (its focus term in
        the statement, the one before it or the section; for an English question, the glossary's
        Dutch for it), in a section that names the question's names and the years or numbers it
        asks about; a (Dutch) focus term the publications never use means they do not answer it.
        """
        if q.language == "nl" and any(not weights.known(t) for t in q.focus):
            return False  # what is counted or listed ("welke sancties") is nowhere in the text
        if q.kind != "number":
            return True
        focus = [t for t in q.focus if weights.known(t) and weights.df(t) < weights.common_df]
        if q.language == "en":
            dutch = self._dutch_for(q, q.focus, weights)
            focus += [t for t in dutch if weights.df(t) < weights.common_df]
        names = [e for e in q.entities if not _is_number(e) and self._entity_known(q, e, weights)]
        numbers = [e for e in q.entities if _is_number(e)]
        counted = [t for t in q.focus if weights.known(t)]
        for c in chosen:
            if not NUMBER.search(c.unit.text) and not _counts(c.unit.text, counted, weights):
                continue
            around = TermSet.of(c.context) | heading_terms(c.passage)
            if focus and not any(weights.found(t, around) for t in focus):
                continue
            section = _section_terms(c.passage, hits)
            coverage_ = _name_coverage(names, section, weights, self._entity_forms(q, names, weights))
            if names and coverage_ < self._tuning.names_needed:
                continue
            if any(n not in section.terms and n not in around.terms for n in numbers):
                continue  # "in 2020": a statement about other years does not answer
            return True
        return False

    def _dutch_for(self, q: Question, terms: Sequence[str], weights: TermWeights) -> list[str]:
        """The glossary's Dutch terms for those of ``terms`` it translates (known to the index)."""
        if self._thesaurus is None:
            return []
        wanted = set(terms)
        out: list[str] = []
        for expansion in self._thesaurus.expand(q.text):
            if expansion.kind == "en" and set(analyse(expansion.trigger)) <= wanted:
                out.extend(t for t in analyse(expansion.text) if weights.known(t))
        return list(dict.fromkeys(out))

    def _only_names(self, q: Question, known: Sequence[str]) -> bool:
        """Whether all a Dutch question asks besides its names are words the publications never
        use ("Wie is de wethouder van Ede?"): then they do not speak of it."""
        if q.language != "nl":
            return False  # English words are unknown to the Dutch text by nature
        named = {t for n in q.names for t in n.terms} | set(q.entities)
        asked = [t for t in q.terms if t not in named]
        return bool(asked) and not any(t in known for t in asked)

    def _unknown_entity(self, q: Question, weights: TermWeights) -> bool:
        # A name the publications never mention cannot be answered about.
        return any(not self._entity_known(q, e, weights) for e in q.entities if not _is_number(e))

    def _entity_known(self, q: Question, entity: str, weights: TermWeights) -> bool:
        """Whether the publications use a name term, the place it is an adjective of, or (for an
        English question) the glossary's Dutch for it ("March": "maart")."""
        if alias_known(q, entity, weights):
            return True
        return q.language == "en" and bool(self._dutch_for(q, (entity,), weights))

    def _entity_forms(
        self, q: Question, entities: Sequence[str], weights: TermWeights
    ) -> dict[str, tuple[str, ...]]:
        """Per name term: other terms that stand for it in the text (a place, the Dutch for it)."""
        out = {}
        for e in entities:
            dutch = self._dutch_for(q, (e,), weights) if q.language == "en" else []
            out[e] = (*q.alias_of(e), *dutch)
        return out

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

    def _select(
        self,
        q: Question,
        ranked: Sequence[Hit],
        weights: TermWeights,
        *,
        terms: Sequence[str],
        concepts: tuple[Concept, ...] | None = None,
    ) -> tuple[Selection, list[Hit], bool]:
        """The statements chosen, the passages they were chosen from, and whether they are about
        what the question names."""
        if concepts is None:
            concepts = build_concepts(
                q,
                weights,
                terms=terms,
                thesaurus=self._thesaurus,
                setting_weight=self._tuning.setting_weight,
            )
        selector = Selector(
            q, concepts, weights, tuning=self._tuning.selection, context=self._context
        )
        t = self._tuning
        count = t.comparison_passages if q.kind == "comparison" else t.passages
        read = selector.read(ranked, count)
        selection = selector.select(read)
        return selection, read, selector.about_names(selection.chosen)


def _is_number(term: str) -> bool:
    return any(ch.isdigit() for ch in term)


def _name_coverage(
    names: Sequence[str], found: TermSet, weights: TermWeights, others: dict[str, tuple[str, ...]]
) -> float:
    """IDF-weighted share of the name terms ``found`` has, as written or as a term that stands for
    it (``others``: "Haagse" in a section on "Den Haag")."""
    total = got = 0.0
    for term in names:
        w = weights.idf(term)
        total += w
        if weights.found(term, found) or not found.terms.isdisjoint(others.get(term, ())):
            got += w
    return got / total if total else 1.0


def _counts(text: str, focus: Sequence[str], weights: TermWeights) -> bool:
    """Whether a number in words counts what is asked for ("negen Friese gemeenten")."""
    for match in _WORD_NUMBER.finditer(text):
        counted = TermSet.of(match.group("what"))
        if any(weights.found(t, counted) for t in focus):
            return True
    return False


def _section_terms(passage: Passage, hits: Sequence[Hit]) -> TermSet:
    """Terms of a passage's headings and of every retrieved passage in the same section."""
    found = heading_terms(passage) | TermSet.of(passage.text)
    for h in hits:
        if h.passage.document_id == passage.document_id and h.passage.section == passage.section:
            found = found | TermSet.of(h.passage.text)
    return found


def _used_hits(hits: Sequence[Hit], selection: Selection) -> list[Hit]:
    """The passages the answer quotes (retrieved ones best first, then those a list ran on into),
    then the other retrieved ones."""
    used = {c.passage.id for c in selection.chosen}
    retrieved = {h.passage.id for h in hits}
    fetched = {h.passage.id: h for h in selection.fetched if h.passage.id in used - retrieved}
    return (
        [h for h in hits if h.passage.id in used]
        + list(fetched.values())
        + [h for h in hits if h.passage.id not in used]
    )


def _topics(hits: Sequence[Hit]) -> str:
    names = []
    for h in hits:
        parts = h.passage.section_parts
        names.append(
            f"{parts[-1]} ({h.passage.document_title})" if parts else h.passage.document_title
        )
    return "; ".join(dict.fromkeys(names))
