"""Kennisbijeenkomst packs: a theme's key points, practice examples, case comparison, quotes and questions.

Built extractively from hybrid retrieval and sentence selection: every point is a verbatim quote
with a citation, and no passage is cited twice in one pack (``Citer``). Discussion and quiz
questions are built from templates around those cited quotes, never invented facts. A ``Refiner``
(the configured language model) may then add an introduction and sharper questions written from
the pack's own numbered points; it cites those numbers, so the pack's sources stay as they are.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.briefing.types import (
    DiscussionQuestion,
    Example,
    Pack,
    Point,
    QuizQuestion,
)
from assistant.cases.catalogue import ASPECTS, ASPECTS_BY_KEY, Case, CaseCatalog, CaseRegistry, clean_title
from assistant.cases.compare import Citer, best_evidence, compare
from assistant.cases.types import Comparison
from assistant.errors import InvalidInputError
from assistant.language.sentences import Unit, split_units
from assistant.language.text import analyse, fold
from assistant.ports import Refiner
from assistant.search.index import LoadedIndex
from assistant.search.ranker import LearnedRetriever
from assistant.types import Hit, Passage

#: Passages retrieved for a theme; the pack draws every point from these (and the cases' own passages).
CANDIDATES = 40
KEY_POINTS = 8
MAX_POINTS_PER_DOCUMENT = 3
EXAMPLES = 4
#: Cases described in fewer passages make thin examples (one paragraph cannot fill a table row too).
MIN_EXAMPLE_PASSAGES = 3
TABLE_ASPECTS = 4
QUOTES = 4
DISCUSSION_QUESTIONS = 4
QUIZ_QUESTIONS = 4
#: Key points and quotes are single units of this many words (shorter says too little, longer is a paragraph).
MIN_POINT_WORDS = 6
MAX_POINT_WORDS = 60
MIN_QUOTE_WORDS = 8
MAX_QUOTE_WORDS = 40
#: Aspects a comparison table shows when the theme names none; "aanpak" and "resultaten" are in the examples.
DEFAULT_TABLE_ASPECTS = ("doelgroep", "duur", "succesfactoren", "knelpunten", "financiering")
#: What wrote a part of a pack: the extractive builder, or the language model (verified afterwards).
_NUMBER = re.compile(r"(?<![\w€])(?:€\s?)?\d+(?:[.,]\d+)*(?:\s?%)?(?![\w])")


@dataclass(frozen=True)
class _Candidate:
    passage: Passage
    unit: Unit
    start: int
    end: int
    score: float


def _theme_terms(theme: str) -> set[str]:
    return set(analyse(theme))


def _overlap(text: str, terms: set[str] | dict[str, float]) -> float:
    """Share of the theme's (weighted) terms that ``text`` holds."""
    if not terms:
        return 0.0
    weights = terms if isinstance(terms, dict) else dict.fromkeys(terms, 1.0)
    found = set(analyse(text))
    return sum(w for t, w in weights.items() if t in found) / sum(weights.values())


def _term_weights(hits: Sequence[Hit], terms: set[str]) -> dict[str, float]:
    """Rarer theme words weigh more: in "succesfactoren van werkfit-trajecten" the first one matters."""
    analysed = [set(analyse(h.passage.text)) for h in hits]
    n = len(analysed) or 1
    return {t: math.log(1 + n / (1 + sum(t in a for a in analysed))) for t in terms}


def _lead_in_span(
    passage: Passage, units: Sequence[Unit], i: int, *, max_words: int
) -> tuple[int, int]:
    """A unit ending in ":" with the list items that follow it, up to ``max_words`` words."""
    start, end = units[i].start, units[i].end
    words = len(units[i].text.split())
    if not units[i].text.rstrip().endswith(":"):
        return start, end
    for unit in units[i + 1 :]:
        n = len(unit.text.split())
        if unit.kind != "item" or words + n > max_words:
            break
        end, words = unit.end, words + n
    return start, end


def _is_heading_echo(text: str, passage: Passage) -> bool:
    """A title or heading line that extraction left in the text ("⇒ Simpel switchen ...")."""
    cleaned = fold(clean_title(text))
    return bool(cleaned) and (
        cleaned in fold(passage.document_title) or cleaned in fold(passage.section or "")
    )


def _best_unit(
    passage: Passage, weights: dict[str, float], *, min_words: int, max_words: int, lead_ins: bool
) -> tuple[int, int, Unit, float] | None:
    best: tuple[int, int, Unit, float] | None = None
    units = split_units(passage.text)
    for i, unit in enumerate(units):
        start, end = (
            _lead_in_span(passage, units, i, max_words=max_words)
            if lead_ins
            else (unit.start, unit.end)
        )
        n = len(passage.text[start:end].split())
        if n < min_words or n > max_words or unit.kind == "row":
            continue
        if unit.text.rstrip().endswith("?") or (
            end == unit.end and unit.text.rstrip().endswith(":")
        ):
            continue  # questions and bare lead-ins state nothing
        if _is_heading_echo(unit.text, passage):
            continue  # a title line left in the text states nothing either
        score = _overlap(passage.text[start:end], weights)
        if best is None or score > best[3]:
            best = (start, end, unit, score)
    return best


def _candidates(
    hits: Sequence[Hit],
    weights: dict[str, float],
    *,
    min_words: int,
    max_words: int,
    lead_ins: bool = False,
) -> list[_Candidate]:
    """The best span of each retrieved passage, scored by rank and by the theme words it holds."""
    out = []
    for rank, hit in enumerate(hits):
        found = _best_unit(
            hit.passage, weights, min_words=min_words, max_words=max_words, lead_ins=lead_ins
        )
        if found is None:
            continue
        start, end, unit, overlap = found
        out.append(_Candidate(hit.passage, unit, start, end, overlap + 1.0 / (1 + rank)))
    return sorted(out, key=lambda c: -c.score)


def _point(citer: Citer, passage: Passage, start: int, end: int) -> Point:
    citation = citer.cite(passage, start, end)
    return Point(citation.quote, citation)


class BriefingBuilder:
    """Builds packs from retrieval and the case catalogue, refined by ``refiner`` if given."""

    def __init__(
        self, retriever: LearnedRetriever, cases: CaseRegistry, *, refiner: Refiner | None = None
    ) -> None:
        self._retriever = retriever
        self._cases = cases
        self._refiner = refiner

    def build(self, theme: str, *, documents: Sequence[str] | None = None) -> Pack:
        """The pack for ``theme``, optionally drawn from some publications only."""
        theme = theme.strip()
        if not theme:
            raise InvalidInputError(
                "The theme is empty: name a subject, e.g. 'nazorg na plaatsing'."
            )
        started = time.perf_counter()
        hits = self._retriever.search(theme, k=CANDIDATES, document_ids=documents or None)
        index, catalog = self._cases.snapshot()
        terms = _theme_terms(theme)
        weights = _term_weights(hits, terms)
        citer = Citer()

        key_points = self._key_points(hits, weights, citer)
        cases = self._relevant_cases(catalog.for_documents(documents), hits, weights, index)
        examples = self._examples(cases, index, weights, citer)
        comparison = self._comparison(catalog, index, [e.case for e in examples], theme, citer)
        quotes = self._quotes(hits, weights, citer)
        quiz = self._quiz(hits, examples, cases, index, citer)
        discussion = self._discussion(theme, key_points, examples, comparison)
        pack = Pack(
            theme=theme,
            documents=tuple(documents) if documents else None,
            key_points=tuple(key_points),
            examples=tuple(examples),
            comparison=comparison,
            quotes=tuple(quotes),
            discussion=tuple(discussion),
            quiz=tuple(quiz),
            citations=tuple(citer.citations),
            meta={"index_version": index.manifest.version},
        )
        if self._refiner is not None:
            pack = refined(pack, self._refiner)
        return replace(
            pack, meta={"seconds": round(time.perf_counter() - started, 3), **pack.meta}
        )

    # -- sections -------------------------------------------------------------------------------

    def _key_points(
        self, hits: Sequence[Hit], weights: dict[str, float], citer: Citer
    ) -> list[Point]:
        candidates = _candidates(
            hits, weights, min_words=MIN_POINT_WORDS, max_words=MAX_POINT_WORDS, lead_ins=True
        )
        per_doc: Counter[str] = Counter()
        points: list[Point] = []
        # First spread over the publications; then, if few speak of the theme, fill up from the best.
        for cap in (MAX_POINTS_PER_DOCUMENT, KEY_POINTS):
            for c in candidates:
                if len(points) >= KEY_POINTS:
                    return points
                if per_doc[c.passage.document_id] >= cap or not citer.available(c.passage.id):
                    continue
                text = fold(c.passage.text[c.start : c.end])
                if any(fold(p.text) == text for p in points):
                    continue  # the same words in two publications (report and its slides) count once
                per_doc[c.passage.document_id] += 1
                points.append(_point(citer, c.passage, c.start, c.end))
        return points

    def _relevant_cases(
        self,
        cases: Sequence[Case],
        hits: Sequence[Hit],
        terms: dict[str, float],
        index: LoadedIndex,
    ) -> list[Case]:
        """Cases ranked by how much of the retrieved material is theirs, richest description first."""
        rank = {h.passage.id: 1.0 / (1 + i) for i, h in enumerate(hits)}
        scored = []
        for case in cases:
            retrieved = sum(rank.get(pid, 0.0) for pid in case.passage_ids)
            mentions = sum(
                _overlap(index.get(pid).text, terms) for pid in case.passage_ids if index.has(pid)
            )
            score = retrieved + mentions / max(1, len(case.passage_ids))
            if score > 0:
                scored.append((score, case))
        scored.sort(key=lambda sc: (-sc[0], -len(sc[1].passage_ids)))
        out: list[Case] = []
        names: set[str] = set()
        for _, case in scored:
            if fold(case.name) in names:
                continue  # the same case in the report and in its slides: keep the fuller one
            names.add(fold(case.name))
            out.append(case)
        return out

    def _evidence_point(
        self, case: Case, aspect: str, index: LoadedIndex, terms: dict[str, float], citer: Citer
    ) -> Point | None:
        found = best_evidence(
            case, ASPECTS_BY_KEY[aspect], index, citer, rank=lambda p: _overlap(p.text, terms)
        )
        if found is None:
            return None
        passage, start, end, _ = found
        return _point(citer, passage, start, end)

    def _examples(
        self, cases: Sequence[Case], index: LoadedIndex, terms: dict[str, float], citer: Citer
    ) -> list[Example]:
        examples: list[Example] = []
        for case in cases:
            if len(examples) >= EXAMPLES:
                break
            if len(case.passage_ids) < MIN_EXAMPLE_PASSAGES:
                continue  # a case told in a paragraph cannot fill an example and a table row
            did = self._evidence_point(case, "aanpak", index, terms, citer)
            if did is None:
                continue
            yielded = self._evidence_point(case, "resultaten", index, terms, citer)
            examples.append(Example(case, did, yielded))
        return examples

    def _comparison(
        self,
        catalog: CaseCatalog,
        index: LoadedIndex,
        cases: Sequence[Case],
        theme: str,
        citer: Citer,
    ) -> Comparison | None:
        if len(cases) < 2:
            return None
        # Aspects the theme itself names come first ("nazorg" → Nazorg en terugval), then the usual ones.
        words = _theme_terms(theme) | set(fold(theme).split())
        named = [a.key for a in ASPECTS if any(a.heading.search(w) for w in words)]
        chosen = [k for k in (*named, *DEFAULT_TABLE_ASPECTS) if k not in ("aanpak", "resultaten")]
        aspects = list(dict.fromkeys(chosen))[:TABLE_ASPECTS]
        return compare(catalog, index, [c.id for c in cases], aspects, citer=citer)

    def _quotes(self, hits: Sequence[Hit], weights: dict[str, float], citer: Citer) -> list[Point]:
        quotes: list[Point] = []
        for c in _candidates(hits, weights, min_words=MIN_QUOTE_WORDS, max_words=MAX_QUOTE_WORDS):
            if len(quotes) >= QUOTES:
                break
            if c.unit.kind != "sentence" or not citer.available(c.passage.id):
                continue
            quotes.append(_point(citer, c.passage, c.start, c.end))
        return quotes

    def _quiz(
        self,
        hits: Sequence[Hit],
        examples: Sequence[Example],
        cases: Sequence[Case],
        index: LoadedIndex,
        citer: Citer,
    ) -> list[QuizQuestion]:
        quiz: list[QuizQuestion] = []
        # Fill in the number: a figure from a retrieved passage.
        for hit in hits:
            if len(quiz) >= QUIZ_QUESTIONS // 2 or not citer.available(hit.passage.id):
                continue
            for unit in split_units(hit.passage.text):
                match = _NUMBER.search(unit.text)
                words = len(unit.text.split())
                if (
                    match is None
                    or unit.kind != "sentence"
                    or not MIN_QUOTE_WORDS <= words <= MAX_POINT_WORDS
                ):
                    continue
                if unit.text.isupper() or not unit.text.rstrip().endswith("."):
                    continue  # a title or a fragment, not a statement to learn
                point = _point(citer, hit.passage, unit.start, unit.end)
                blanked = unit.text[: match.start()] + "____" + unit.text[match.end() :]
                quiz.append(QuizQuestion(f"Vul aan: “{blanked}”", match.group(0), point.citation))
                break
        # Which case is this? A sentence from one of the practice examples, the examples' names as options.
        options = tuple(e.case.name for e in examples)
        if len(options) >= 2:
            for example in examples:
                if len(quiz) >= QUIZ_QUESTIONS:
                    break
                for pid in example.case.passage_ids:
                    if not index.has(pid) or not citer.available(pid):
                        continue
                    passage = index.get(pid)
                    sentence = next(
                        (
                            u
                            for u in split_units(passage.text)
                            if u.kind == "sentence"
                            and MIN_QUOTE_WORDS <= len(u.text.split()) <= MAX_QUOTE_WORDS
                            and not any(fold(o) in fold(u.text) for o in options)
                        ),
                        None,
                    )
                    if sentence is None:
                        continue
                    point = _point(citer, passage, sentence.start, sentence.end)
                    quiz.append(
                        QuizQuestion(
                            f"Over welk praktijkvoorbeeld gaat dit: “{sentence.text}”?",
                            example.case.name,
                            point.citation,
                            options,
                        )
                    )
                    break
        return quiz

    def _discussion(
        self,
        theme: str,
        key_points: Sequence[Point],
        examples: Sequence[Example],
        comparison: Comparison | None,
    ) -> list[DiscussionQuestion]:
        questions: list[DiscussionQuestion] = []
        if key_points:
            first = key_points[0].citation
            questions.append(
                DiscussionQuestion(
                    f"“{key_points[0].text}” [{first.n}] — herkent u dit in uw eigen praktijk rond {theme}? "
                    "Wat gaat bij u anders?",
                    (first.n,),
                )
            )
        if len(examples) >= 2:
            a, b = examples[0], examples[1]
            questions.append(
                DiscussionQuestion(
                    f"{a.case.name} [{a.did.citation.n}] en {b.case.name} [{b.did.citation.n}] pakken het verschillend aan. "  # noqa: E501
                    "Welke aanpak past het best bij uw doelgroep, en waarom?",
                    (a.did.citation.n, b.did.citation.n),
                )
            )
        if comparison is not None:
            for aspect, column in zip(
                comparison.aspects, zip(*comparison.rows, strict=True), strict=True
            ):
                refs = tuple(c.citation.n for c in column if c.citation)
                missing = [
                    case.name
                    for case, c in zip(comparison.cases, column, strict=True)
                    if c.citation is None
                ]
                if refs and aspect.key in ("knelpunten", "succesfactoren"):
                    questions.append(
                        DiscussionQuestion(
                            f"Vergelijk de {aspect.label.lower()} in de tabel ({', '.join(f'[{n}]' for n in refs)}). "
                            "Welke spelen in uw organisatie, en wat kunt u er morgen aan doen?",
                            refs,
                        )
                    )
                elif refs and missing:
                    questions.append(
                        DiscussionQuestion(
                            f"Over {aspect.label.lower()} zeggen de publicaties niets bij {', '.join(missing)}. "
                            f"Hoe zou u dat daar regelen, gezien {', '.join(f'[{n}]' for n in refs)}?",
                            refs,
                        )
                    )
                if len(questions) >= DISCUSSION_QUESTIONS - 1:
                    break
        with_results = [e for e in examples if e.yielded is not None]
        if with_results and len(questions) < DISCUSSION_QUESTIONS:
            e = with_results[0]
            questions.append(
                DiscussionQuestion(
                    f"Wat leverde {e.case.name} op [{e.yielded.citation.n}]? "  # type: ignore[union-attr]
                    "Welke resultaten zou u zelf willen meten, en hoe?",
                    (e.yielded.citation.n,),  # type: ignore[union-attr]
                )
            )
        return questions[:DISCUSSION_QUESTIONS]


def refined(pack: Pack, refiner: Refiner) -> Pack:
    """``pack`` with what ``refiner`` verified; unchanged but for a notice when nothing came back.

    The model's questions come before the template ones (the pack keeps DISCUSSION_QUESTIONS); its
    quiz questions follow the extractive ones (whose answers lie in passages shown nowhere else).
    """
    started = time.perf_counter()
    refinement = refiner.refine(pack)
    meta = {**pack.meta, **refinement.meta, "llm_seconds": round(time.perf_counter() - started, 3)}
    if refinement.empty:
        return replace(pack, notice=refinement.notice, meta=meta)
    return replace(
        pack,
        mode="llm",
        synthesis=refinement.synthesis,
        discussion=(*refinement.discussion, *pack.discussion)[:DISCUSSION_QUESTIONS],
        quiz=(*pack.quiz, *refinement.quiz),
        notice=refinement.notice,
        meta=meta,
    )
