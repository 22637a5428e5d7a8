"""Kennisbijeenkomst packs: key points by sub-theme, practice examples, discussion, quiz and agendas.

Built extractively: the passages retrieved for the theme are read with the learned unit model chat
uses (the theme is the question), and only whole sentences that clear the model's own threshold are
used (``assistant/briefing/statements.py``). Every point is a verbatim quote with a citation and
a line of context; questions are built around those quotes, never invented facts. A ``Refiner``
(the configured language model) may then add an introduction and sharper questions written from
the pack's own numbered points; it cites those numbers, so the pack's sources stay as they are.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from assistant.answer.learned import AnswerTuning, LearnedAnswerer
from assistant.briefing import quiz as quizzes
from assistant.briefing.session import agendas, discussion
from assistant.briefing.statements import (
    Statement,
    Theme,
    case_index,
    content,
    context_line,
    inner_quotes,
    names_theme,
    publication,
    same_point,
    statements,
    subtheme,
)
from assistant.briefing.types import DID, GAVE, Example, Pack, Point, QuizQuestion
from assistant.cases.catalogue import CaseRegistry
from assistant.cases.types import Case
from assistant.errors import InvalidInputError
from assistant.language.text import analyse, fold
from assistant.ports import Refiner
from assistant.search.ranker import LearnedRetriever
from assistant.types import Citation, Hit

#: Passages retrieved for a theme (the reader scores the units of all of them).
CANDIDATES = 60
KEY_POINTS = 8
MIN_KEY_POINTS = 6
#: In a first pass, at most this many key points per publication and per case (then fill up).
MAX_POINTS_PER_DOCUMENT = 3
MAX_POINTS_PER_CASE = 1
EXAMPLES = 3
MIN_EXAMPLES = 2
EXAMPLE_STATEMENTS = 2
#: Quiz questions may test statements down to this share of the threshold (after the on-theme ones).
NEAR_THEME = 0.5
#: Passages of a case's publication searched for the case's on-theme statements.
CASE_PASSAGES = 40
#: "Which practice said this" questions: only to reach QUIZ_MINIMUM, as they test memory of the
#: examples more than understanding (review round 2); each statement is an option in one only.
CASE_QUIZ = 2
#: The rubric asks for four questions or more (docs/examples/pack-review-rubric.md); at most
#: FIT_QUESTIONS "which of these is a knelpunt" questions, the rest finish a point's reason or effect.
QUIZ_QUESTIONS = 5
QUIZ_MINIMUM = 4
FIT_QUESTIONS = 2
DISCUSSION_QUESTIONS = 4


class _Cites:
    """Numbered citations, one per quoted span (a span quoted twice keeps its number)."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._by_span: dict[tuple[str, int, int], Citation] = {}
        self.statements: dict[int, Statement] = {}  # what each number quotes

    def cite(self, s: Statement) -> Citation:
        key = (s.passage.id, s.start, s.end)
        if key not in self._by_span:
            citation = Citation.of(len(self.citations) + 1, s.passage, s.text)
            self._by_span[key] = citation
            self.statements[citation.n] = s
            self.citations.append(citation)
        return self._by_span[key]


class BriefingBuilder:
    """Builds packs from retrieval, the unit model and the case catalogue, refined by ``refiner`` if given."""

    def __init__(
        self,
        retriever: LearnedRetriever,
        cases: CaseRegistry,
        *,
        reader: LearnedAnswerer,
        threshold: float,
        refiner: Refiner | None = None,
    ) -> None:
        self._retriever = retriever
        self._cases = cases
        self._reader = reader
        self._threshold = threshold
        self._refiner = refiner

    def build(self, theme: str, *, documents: Sequence[str] | None = None) -> Pack:
        """The pack for ``theme``, optionally drawn from some publications only."""
        theme = theme.strip()
        if not theme:
            raise InvalidInputError("The theme is empty: name a subject, e.g. 'nazorg na plaatsing'.")
        started = time.perf_counter()
        hits = self._retriever.search(theme, k=CANDIDATES, document_ids=documents or None)
        index, catalog = self._cases.snapshot()
        years = {d.info.id: d.info.year for d in index.documents()}
        by_passage = case_index(catalog.for_documents(documents))
        reading = self._reader.read(theme, hits) if hits else None
        pool = statements(reading) if reading else []
        focus = Theme.of(theme)
        covering = [s for s in pool if focus.covers(s)]
        on_theme = [s for s in covering if s.score >= self._threshold]
        # Too few points for a session: fill up with statements on the theme down to half the
        # threshold (the same floor the quiz uses), still the best-scored first. Below the threshold
        # (fill, examples, quiz) a theme that names no aspect is held to its head word ("motivatie
        # van kandidaten": motivatie): its other words let in sentences about something else.
        focus = focus.headed()
        on_theme += [
            s
            for s in covering
            if self._threshold > s.score >= self._threshold * NEAR_THEME and focus.covers(s)
        ][: max(0, MIN_KEY_POINTS - len(on_theme))]
        # Still too few: a sentence that uses the theme's own head word or aspect is about it, however
        # the sentence model scores it ("Motivatie van de deelnemers is cruciaal"); best-scored first.
        taken = {s.key for s in on_theme}
        on_theme += [s for s in covering if s.key not in taken and focus.covers(s)][
            : max(0, MIN_KEY_POINTS - len(on_theme))
        ]
        cites = _Cites()

        chosen = _key_statements(theme_sections_first(on_theme, focus), by_passage)
        key_points = [self._point(s, cites, by_passage, years, focus) for s in chosen]
        key_points = _grouped(key_points)
        used = {s.key for s in chosen}
        examples = self._examples(focus, hits, on_theme, used, by_passage, years, cites, pool)
        # Quiz on the pack's own points first, then other on-theme statements; never off-theme ones.
        shown = [cites.statements[p.citation.n] for e in examples for p in e.statements]
        # Then statements down to half the threshold: still on the theme, and the quiz needs
        # sentences that can be cut at a connecting word, which few statements are.
        near = [s for s in pool if s.score >= self._threshold * NEAR_THEME and focus.covers(s)]
        targets = [*chosen, *shown, *(s for s in near if s.key not in {c.key for c in (*chosen, *shown)})]
        # Distractors: endings of the theme's other points first, the most on-theme first.
        pool.sort(key=lambda s: (not names_theme(s, set(focus.terms)), -s.score))
        cut_items = quizzes.items(
            targets,
            pool,
            limit=QUIZ_QUESTIONS,
            preferred={s.key for s in near},
            names=[n for c in catalog.for_documents(documents) for n in (c.name, *c.aliases)],
            case_of={pid: fold(c.name) for pid, c in by_passage.items()},
            theme_terms=frozenset(Theme.of(theme).terms),
        )
        # "Which of these is a knelpunt": any statement on the theme (its words and aspect) may be
        # asked, as the question tests its label, which the publication gives, not its score.
        covered = [s for s in pool if focus.covers(s)]
        fit_items = quizzes.fit_items(
            [*targets, *(s for s in covered if s.key not in {t.key for t in targets})],
            pool,  # distractors: other cases' statements too, those naming the theme first
            limit=FIT_QUESTIONS,
            theme=focus.aspects,
            used={i.statement.key for i in cut_items},
        )
        cut_items = cut_items[: max(QUIZ_QUESTIONS - len(fit_items), 0)]
        quiz = [
            _question(
                f"“{inner_quotes(i.stem)} …” ({self._context(i.statement, by_passage, years)}) {quizzes.ASKS[i.kind]}",
                i,
                cites,
            )
            for i in cut_items
        ]
        quiz += [_question(f"Welke van deze uitspraken over {theme} beschrijft {i.stem}?", i, cites) for i in fit_items]
        quiz += self._case_quiz(
            theme,
            examples,
            key_points,
            by_passage,
            cites,
            limit=QUIZ_MINIMUM - len(quiz),
            asked=[i.statement for i in (*cut_items, *fit_items)],
        )
        questions = discussion(theme, key_points, examples)
        pack = Pack(
            theme=theme,
            documents=tuple(documents) if documents else None,
            key_points=tuple(key_points),
            examples=tuple(examples),
            discussion=tuple(questions),
            quiz=tuple(quiz),
            citations=tuple(cites.citations),
            agendas=agendas(
                points=len(key_points),
                subthemes=len({p.subtheme for p in key_points}),
                examples=len(examples),
                discussion=len(questions),
                quiz=len(quiz),
            ),
            years=years,
            meta={
                "index_version": index.manifest.version,
                "threshold": round(self._threshold, 4),
                "on_theme_statements": len(on_theme),
            },
        )
        if self._refiner is not None:
            pack = refined(pack, self._refiner)
        return replace(pack, meta={"seconds": round(time.perf_counter() - started, 3), **pack.meta})

    @staticmethod
    def _context(s: Statement, by_passage: dict[str, Case], years: dict[str, int | None]) -> str:
        return context_line(s.passage, by_passage.get(s.passage.id), years)

    def _point(
        self,
        s: Statement,
        cites: _Cites,
        by_passage: dict[str, Case],
        years: dict[str, int | None],
        focus: Theme,
    ) -> Point:
        citation = cites.cite(s)
        case = by_passage.get(s.passage.id)
        return Point(
            citation.quote,
            citation,
            context=context_line(s.passage, case, years),
            subtheme=subtheme(s.passage, s.text, start=s.start, theme=focus.aspects),
            score=round(s.score, 4),
        )

    def _examples(
        self,
        focus: Theme,
        hits: Sequence[Hit],
        on_theme: Sequence[Statement],
        used: set[str],
        by_passage: dict[str, Case],
        years: dict[str, int | None],
        cites: _Cites,
        pool: list[Statement],
    ) -> list[Example]:
        """Cases whose statements are on the theme, the most on-theme case first.

        Each case's own passages are then read for the theme (retrieval limited to its publication
        and its passages), so an example shows what that case says on the theme, not a key point again.
        Every statement read joins ``pool`` (the quiz's distractors).
        """
        cases: dict[str, Case] = {}
        # Cases with on-theme statements first, then the cases of the other retrieved passages.
        for passage in [*(s.passage for s in on_theme), *(h.passage for h in hits)]:
            case = by_passage.get(passage.id)
            if case is not None:
                cases.setdefault(fold(case.name), case)  # report and slides: one example
        # What the key points say: another case's sentence in the same words adds nothing, unless
        # the pack would otherwise have fewer than MIN_EXAMPLES examples (then it shows a second
        # practice doing the same).
        key_said = [content(cites.statements[c.n].text) for c in cites.citations]
        floor = self._threshold * NEAR_THEME
        read_by_case: list[tuple[Case, list[Statement]]] = []
        for case in cases.values():
            if len(self._pick(read_by_case, used, key_said, floor, focus)) >= EXAMPLES:
                break
            # The theme alone is searched (the case's name would make every passage of it look
            # relevant); its publication is searched deeper so the case's passages are ranked too.
            read = self._read_case(case, focus.text)
            pool.extend(s for s in read if s.key not in {p.key for p in pool})
            read_by_case.append((case, read))
        picked = self._pick(read_by_case, used, key_said, floor, focus)
        if len(picked) < MIN_EXAMPLES:
            picked = self._pick(read_by_case, used, [], floor, focus)
        out: list[Example] = []
        for case, found in picked:
            used.update(s.key for s in found)
            # A result never stands in the approach row: what it gave goes to its own row.
            gave = [s for s in found if _is_outcome(s)]
            did = [s for s in found if s not in gave]
            if not gave and (outcome := self._outcome(case, used, floor)) is not None:
                gave = [outcome]
                used.add(outcome.key)
                pool.append(outcome)
            if not did and (approach := self._approach(case, focus.text, used, floor)) is not None:
                did = [approach]  # only results were on the theme: what the case does, from its own text
                used.add(approach.key)
                pool.append(approach)
            points = tuple(
                replace(self._point(s, cites, by_passage, years, focus), role=role)
                for role, group in ((DID, did), (GAVE, gave))
                for s in group
            )
            own = set(case.passage_ids)
            # Its result may already be a key point (shown once per pack): the table then points to it.
            see = tuple(
                n for n, st in cites.statements.items() if not gave and st.passage.id in own and _is_outcome(st)
            )
            out.append(Example(case, publication(found[0].passage, years), points, see=see[:1]))
        return out

    def _approach(self, case: Case, theme: str, used: set[str], floor: float) -> Statement | None:
        """What ``case`` does about ``theme``: its best statement that is no result."""
        read = self._read_case(case, f"Hoe werkt {case.name} aan {theme}, wat is de aanpak?")
        return next((s for s in read if s.score >= floor and s.key not in used and not _is_outcome(s)), None)

    def _read_case(self, case: Case, question: str) -> list[Statement]:
        """The statements of ``case``'s own passages, read as answers to ``question``."""
        own = set(case.passage_ids)
        hits = [
            h
            for h in self._retriever.search(question, k=CASE_PASSAGES, document_ids=[case.document_id])
            if h.passage.id in own
        ]
        return statements(self._reader.read(question, hits)) if hits else []

    def _outcome(self, case: Case, used: set[str], floor: float) -> Statement | None:
        """What ``case`` achieved: its best statement about results, read as an answer to that question.

        The case's own passages are searched and read for "what did it give" (the same reader as
        chat), so the example shows a result next to what the case did; None when none clears ``floor``.
        """
        read = self._read_case(case, f"Wat heeft {case.name} opgeleverd, welke resultaten?")
        best = next((s for s in read if s.score >= floor and s.key not in used and _is_outcome(s)), None)
        # A case whose publication gives a results section has a result, however it is worded:
        # "not described" would then be false.
        return best or next((s for s in read if s.key not in used and _is_outcome(s)), None)


    @staticmethod
    def _pick(
        read_by_case: Sequence[tuple[Case, list[Statement]]],
        used: set[str],
        said: Sequence[frozenset[str]],
        floor: float,
        focus: Theme,
    ) -> list[tuple[Case, list[Statement]]]:
        """Up to EXAMPLES cases with their on-theme statements (down to ``floor``), each saying something new.

        ``focus`` holds each statement to the theme's aspect or head word; nothing already in ``used``
        or saying no more than ``said`` (or than an earlier example) is picked.
        """
        out: list[tuple[Case, list[Statement]]] = []
        said = list(said)
        for case, read in read_by_case:
            if len(out) >= EXAMPLES:
                break
            found = [
                s
                for s in read
                if s.score >= floor
                and s.key not in used
                and focus.covers(s)
                and not any(same_point(content(s.text), w) for w in said)
            ]
            if not found:
                continue
            # A second statement only when it is about as on-theme as the first (chat's own rule).
            found = [s for s in found[:EXAMPLE_STATEMENTS] if s.score >= AnswerTuning().keep * found[0].score]
            said.extend(content(s.text) for s in found)
            out.append((case, found))
        return out

    def _case_quiz(
        self,
        theme: str,
        examples: Sequence[Example],
        points: Sequence[Point],
        by_passage: dict[str, Case],
        cites: _Cites,
        *,
        limit: int,
        asked: Sequence[Statement] = (),
    ) -> list[QuizQuestion]:
        """Which practice does what: a statement of each example, the other cases' as options.

        The key points of a case count as its statements too, so a pack with two examples can still
        ask it when a third case stands among the key points.
        """
        grouped: dict[str, tuple[Case, list[Statement]]] = {}
        for e in examples:
            grouped[fold(e.case.name)] = (e.case, [cites.statements[p.citation.n] for p in e.statements])
        for p in points:
            s = cites.statements[p.citation.n]
            case = by_passage.get(s.passage.id)
            if case is not None:
                grouped.setdefault(fold(case.name), (case, []))[1].append(s)
        by_case = [(case.name, found) for case, found in grouped.values()]
        cases = [case for case, _ in grouped.values()]
        names = [n for c in cases for n in (c.name, c.title, *c.aliases)]
        return [
            _question(f"Wat zegt de publicatie over {theme} bij {i.stem}? Kies de uitspraak over {i.stem}.", i, cites)
            for i in quizzes.case_items(by_case, limit=min(max(limit, 0), CASE_QUIZ), names=names, asked=asked)
        ]


#: Words that say what a practice achieved ("… heeft regulier werk gevonden", "zijn aan het werk
#: gekomen", "resultaat van 80% uitstroom"); a goal ("het beoogde resultaat", "het doel") is none.
_ACHIEVED = re.compile(
    r"\b(?:resultaat|resultaten|opgeleverd|oplevert|opleverde|geplaatst|gevonden|aan het werk gekomen|"
    r"aan het werk geholpen|uitgestroomd|gerealiseerd|bereikt|geleid tot|zichtbaar|teruggedrongen|gestegen)\b"
)
#: A goal, or how results are recorded ("wordt geregistreerd", "gemonitord"), says nothing achieved.
_GOAL = re.compile(r"\b(?:doel\w*|beoogd\w*|streven|ambitie|geregistreerd|gemonitord|gemeten)\b")
_MONEY = re.compile(r"€|\beuro\b|\bkost")


def _question(text: str, item: quizzes.Item, cites: _Cites) -> QuizQuestion:
    """A quiz question asking ``text`` about ``item``, cited; the key gives the whole sourced sentence."""
    return QuizQuestion(text, item.answer, cites.cite(item.statement), item.options, explanation=item.statement.text)


#: A heading over what a practice gave ("Resultaten", "Effect", "Financiën en resultaten").
_RESULTS_HEADING = re.compile(r"\b(?:resultat\w*|effect\w*|opbrengst\w*|uitkomst\w*|opgeleverd)\b")


def _is_outcome(s: Statement) -> bool:
    """Whether a statement says what a practice gave: words of an achievement, not of a goal or a cost,
    or any statement under a results heading of its case that names no goal or cost."""
    text = fold(s.text)
    if _GOAL.search(text) or _MONEY.search(text):
        return False
    heading = fold(s.passage.section_parts[-1]) if s.passage.section_parts else ""
    return bool(_ACHIEVED.search(text) or _RESULTS_HEADING.search(heading))


def theme_sections_first(found: Sequence[Statement], focus: Theme) -> list[Statement]:
    """``found`` with the statements of sections whose headings name the theme's head word first (the
    part of a publication that treats the theme by name: "Monitoring en nazorg"), each group in its
    given order. The head word only: "gemeente" in a samenwerking theme would match every case title."""
    head = next(iter(analyse(focus.text)), None)

    def in_theme_section(s: Statement) -> bool:
        return head is not None and any(head in analyse(h) for h in s.passage.section_parts)

    return sorted(found, key=lambda s: not in_theme_section(s))


def _key_statements(on_theme: Sequence[Statement], by_passage: dict[str, Case]) -> list[Statement]:
    """The best on-theme statements, spread over publications and cases, then filled up from the best."""
    chosen: list[Statement] = []
    per_doc: Counter[str] = Counter()
    per_case: Counter[str] = Counter()
    for doc_cap, case_cap in ((MAX_POINTS_PER_DOCUMENT, MAX_POINTS_PER_CASE), (KEY_POINTS, KEY_POINTS)):
        for s in on_theme:
            if len(chosen) >= KEY_POINTS:
                return chosen
            case = by_passage.get(s.passage.id)
            case_key = fold(case.name) if case else ""
            if s in chosen or per_doc[s.passage.document_id] >= doc_cap:
                continue
            if case and per_case[case_key] >= case_cap:
                continue
            chosen.append(s)
            per_doc[s.passage.document_id] += 1
            if case:
                per_case[case_key] += 1
    return chosen


def _grouped(points: Sequence[Point]) -> list[Point]:
    """Points grouped by sub-theme; groups ordered by their best point, points by score within."""
    order: dict[str, int] = {}
    for p in points:
        order.setdefault(p.subtheme, len(order))
    return sorted(points, key=lambda p: (order[p.subtheme], -p.score))


def refined(pack: Pack, refiner: Refiner) -> Pack:
    """``pack`` with what ``refiner`` verified; unchanged but for a notice when nothing came back.

    The model's questions come before the template ones; its quiz questions follow the extractive ones.
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
