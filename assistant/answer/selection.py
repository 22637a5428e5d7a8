"""Which units of the retrieved passages answer a question: scored by its concepts, kept with
their list or context, one best statement per thing asked and per compared case, within a budget."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answer.concepts import Concept
from assistant.answer.relevance import TermSet, TermWeights
from assistant.language.question import Name, Question
from assistant.language.sentences import Unit, split_units
from assistant.ports import PassageContext
from assistant.types import Hit, Passage

# A list marker the statement does without: a bullet, then "1)" or "2." before white space (never
# the "3." of "3.200 euro").
_BULLET = re.compile(r"^\s*(?:[-•▪◦●·*–]\s*)?(?:\d{1,2}[.)](?=\s|\*))?\s*")
_DIGIT = re.compile(r"\d")
# A number in figures, or a duration or amount in words ("acht weken", "anderhalf jaar"); a bare
# number word counts something else too often ("twee accountadviseurs" for "hoeveel mensen").
NUMBER = re.compile(
    r"\d|\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|veertig"
    r"|vijftig|honderd|duizend|anderhalf|half|halve|een"
    r"|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand|a|one|half)"
    r"\s+(?:\w+\s+)?(?:uur|uren|dag|dagen|dagdelen|week|weken|maand|maanden|jaar|jaren|keer|maal"
    r"|procent|euro|hours?|days?|weeks?|months?|years?|times|percent)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
# A sentence that opens like this leans on the one before it ("Dit wordt ... genoemd.").
_POINTS_BACK = re.compile(
    r"^(?:dit|dat|deze|die|daar\w*|hier\w+|zo|zij|ze|hij|hun|ook|bovendien|daarnaast|wel|maar|echter"
    r"|this|that|these|those|they|it|also|however)\b",
    re.IGNORECASE,
)
_LISTED = ("item", "row")
# A sentence states something when it ends like one or labels a value ("Doelgroep: ...").
_STATES = re.compile(r"[.!?;:]\W*$|[:=]")
_LABEL_WORDS = 4  # a shorter line that does neither is a title, heading or date left in the text
_CAPTION = re.compile(
    r"^\W*(?:figuur|tabel|grafiek|afbeelding|figure|table|chart)\s*\d+[a-z]?\s*[:.]", re.I
)


@dataclass(frozen=True)
class SelectionTuning:
    """How statements are chosen (part of ExtractiveTuning; calibrated on the development set)."""

    target_words: int = 95  # stop adding statements past this many words
    list_words: int = 150  # a list or comparison may run longer
    overflow: float = 1.15  # a statement overshooting the budget by more than this is left out
    min_words: int = 45  # a shorter answer goes on with the sentences after its best statement
    # ... and one that asks two things, one of them in words the text never uses, this many
    compound_words: int = 115
    keep_ratio: float = 0.5  # statements scoring below this share of the best one are left out
    section_credit: float = 0.5  # a concept in the passage's section path half counts for its units
    passage_credit: float = 0.3  # a concept elsewhere in the same passage counts a little
    rank_penalty: float = 0.03  # later passages need slightly more to be chosen
    kind_bonus: float = 0.15  # a number for a number question, an item for a list question
    # per share of the question's names a passage lacks, compared with the best passage
    focus_penalty: float = 0.5
    question_penalty: float = 0.3  # a question in the text is rarely the answer to one
    # the best statements bring the sentence they refer to or that explains them
    context_units: int = 3
    follow_units: int = 2  # the best one also brings the sentences after it
    run_on_items: int = 8  # ... and where its passage ends, the list the next one opens with
    list_gap: int = 4  # explanation units between two items of one list
    list_passages: int = 4  # passages a list may run on into after the retrieved one
    explanation_units: int = 3  # sentences under an item that explain it (non-list questions)
    similar: float = 0.8  # statements sharing this share of their terms say the same
    shared_terms: int = 10  # a comparison also scores by the rarest words its cases' passages share
    shared_weight: float = 0.5  # ... weighing together this share of the question's own concepts


@dataclass(frozen=True)
class Candidate:
    """A unit of a passage, with how well it answers."""

    rank: int
    passage: Passage
    unit: Unit
    position: int
    # per concept: 1 in the unit, less in its section or elsewhere in the passage
    credits: tuple[float, ...]
    score: float
    context: str  # the unit with its neighbours (what "it" and "dit" in the unit refer to)

    @property
    def quote(self) -> str:
        """The unit without its bullet (still verbatim in the passage)."""
        stripped = _BULLET.sub("", self.unit.text, count=1)
        return stripped.strip() or self.unit.text

    @property
    def words(self) -> int:
        """Words the statement adds to the answer."""
        return len(_WORD.findall(self.quote))

    @property
    def key(self) -> tuple[str, int]:
        """Where the unit stands."""
        return (self.passage.id, self.position)

    @property
    def quotable(self) -> bool:
        """Whether the unit can stand as a statement: not a caption ("Figuur 2: ...") nor a title
        or date line left in the text ("Eindevaluatie SW-sectorplannen", "Februari 2017")."""
        text = self.unit.text.strip()
        if _CAPTION.match(text):
            return False
        label = self.unit.kind == "sentence" and not _STATES.search(text)
        return not (label and len(_WORD.findall(text)) <= _LABEL_WORDS)

    @property
    def listed(self) -> bool:
        """Whether the unit is a list item or table row."""
        return self.unit.kind in _LISTED

    @property
    def leads_list(self) -> bool:
        """Whether the unit introduces a list ("... de volgende stappen:")."""
        return self.unit.kind == "sentence" and self.unit.text.rstrip().endswith(":")


@dataclass
class Selection:
    """The statements chosen, passages fetched beyond the retrieved ones, comparison labels."""

    chosen: list[Candidate] = field(default_factory=list)
    fetched: list[Hit] = field(default_factory=list)  # passages a list ran on into
    labels: dict[str, str] = field(default_factory=dict)  # passage id -> compared subject


@lru_cache(maxsize=16384)
def passage_units(text: str) -> tuple[Unit, ...]:
    """The quotable units of a passage text (cached: the same passages come back again)."""
    return tuple(split_units(text))


def heading_terms(passage: Passage) -> TermSet:
    """Terms of a passage's publication title and section path."""
    return TermSet.of(headings(passage))


def headings(passage: Passage) -> str:
    """A passage's publication title and section path, as one text."""
    return f"{passage.document_title} {passage.section or ''}"


class Selector:
    """Chooses the statements of one answer from the reranked passages."""

    def __init__(
        self,
        q: Question,
        concepts: Sequence[Concept],
        weights: TermWeights,
        *,
        tuning: SelectionTuning,
        context: PassageContext | None = None,
    ) -> None:
        self._q = q
        self._concepts = tuple(concepts)
        self._weights = weights
        self._t = tuning
        self._context = context
        self._all = tuple(range(len(self._concepts)))
        self._subjects = self._name_groups()
        self._parts = self._part_groups()
        self._by_passage: dict[str, list[Candidate]] = {}
        self._abouts: dict[tuple[str, tuple[int, ...]], float] = {}
        self._places: dict[str, str] = {}
        self._unanswered = 0  # things asked that no statement says in the question's words

    # --- scoring -----------------------------------------------------------------------------

    def _name_groups(self) -> list[tuple[Name, tuple[int, ...]]]:
        groups = []
        for name in self._q.names:
            idx = tuple(
                i
                for i, c in enumerate(self._concepts)
                if c.name and set(c.terms) <= set(name.terms)
            )
            if idx:
                groups.append((name, idx))
        return groups

    def _part_groups(self) -> list[tuple[int, ...]]:
        """Per thing the question asks (when it asks more than one): its concepts besides names
        (empty when the publications never use its words: "hoe is dat rechtgezet?")."""
        groups = []
        for part in self._q.parts:
            idx = tuple(
                i for i, c in enumerate(self._concepts) if not c.name and set(c.terms) & set(part)
            )
            if idx or not set(part) <= {t for c in self._concepts if c.name for t in c.terms}:
                groups.append(idx)  # a part that is only a name ("(Cycloon)") asks nothing
        return groups if len(groups) > 1 else []

    def _weighted(self, credits: Sequence[float], subset: Sequence[int]) -> float:
        total = sum(self._concepts[i].weight for i in subset)
        if not total:
            return 0.0
        return sum(credits[i] * self._concepts[i].weight for i in subset) / total

    def _about(self, passage: Passage, subset: tuple[int, ...]) -> float:
        """Share of the names in ``subset`` that the passage or its headings mention."""
        key = (passage.id, subset)
        cached = self._abouts.get(key)
        if cached is None:
            text = f"{passage.text}\n{self._place(passage)}"
            found = TermSet.of(passage.text) | TermSet.of(self._place(passage))
            credits = [1.0 if c.found(found, text) else 0.0 for c in self._concepts]
            cached = self._abouts[key] = self._weighted(credits, subset)
        return cached

    def about_names(self, chosen: Sequence[Candidate]) -> bool:
        """Whether some statement comes from a passage that mentions a name the question asks about
        (True when it names none)."""
        if not self._subjects:
            return True
        return any(self._about(c.passage, idx) > 0 for c in chosen for _, idx in self._subjects)

    def _headed(self, passage: Passage, subset: tuple[int, ...]) -> bool:
        """Whether the passage's headings name all of ``subset``."""
        headings = self._place(passage)
        where = TermSet.of(headings)
        return all(self._concepts[i].found(where, headings) for i in subset)

    def _place(self, passage: Passage) -> str:
        """The publication's title and publisher, the passage's section path and the names of the
        case it belongs to: a name there ("Cedris", "Simpel switchen", a case's other name) says
        where the passage stands, for every unit in it."""
        cached = self._places.get(passage.id)
        if cached is None:
            publisher = self._context.publisher(passage) if self._context else None
            cases = " ".join(self._context.case_names(passage)) if self._context else ""
            cached = f"{passage.document_title} {publisher or ''} {passage.section or ''} {cases}"
            self._places[passage.id] = cached
        return cached

    def _focus(self, passage: Passage) -> float:
        """How much the passage is about what the question names (comparison: any one of them)."""
        if not self._subjects:
            return 1.0
        if self._q.kind == "comparison" and len(self._subjects) > 1:
            return max(self._about(passage, idx) for _, idx in self._subjects)
        names = tuple(i for _, idx in self._subjects for i in idx)
        return self._about(passage, names)

    def _score_passage(self, rank: int, passage: Passage, penalty: float) -> list[Candidate]:
        cached = self._by_passage.get(passage.id)
        if cached is not None:
            return cached
        t = self._t
        in_passage = TermSet.of(passage.text)
        # A name may stand in the headings or be the publisher ("de Cedris-evaluatie"); other
        # words only in the headings (the publisher "Samen voor de klant" is none).
        place, titles = self._place(passage), headings(passage)
        in_place, in_headings = TermSet.of(place), TermSet.of(titles)

        def around(c: Concept) -> float:
            """What a unit that does not say it gets from its headings or, a little, its passage."""
            if c.found(in_place, place) if c.name else c.found(in_headings, titles):
                return t.section_credit
            return t.passage_credit if c.found(in_passage, passage.text) else 0.0

        arounds = tuple(around(c) for c in self._concepts)
        units = passage_units(passage.text)
        out = []
        for position, unit in enumerate(units):
            in_unit = TermSet.of(unit.text)
            credits = tuple(
                1.0 if c.found(in_unit, unit.text) else a
                for c, a in zip(self._concepts, arounds, strict=True)
            )
            score = self._weighted(credits, self._all) - t.rank_penalty * rank - penalty
            score += self._kind_bonus(unit)
            if unit.text.rstrip().endswith("?"):
                score -= t.question_penalty
            before = units[position - 1].text if position else ""
            after = units[position + 1].text if position + 1 < len(units) else ""
            context = f"{before} {unit.text} {after}"
            out.append(Candidate(rank, passage, unit, position, credits, score, context))
        self._by_passage[passage.id] = out
        return out

    def _kind_bonus(self, unit: Unit) -> float:
        kind = self._q.kind
        if kind == "number" and NUMBER.search(unit.text):
            return self._t.kind_bonus
        if kind == "list" and (unit.kind in _LISTED or unit.text.rstrip().endswith(":")):
            return self._t.kind_bonus
        return 0.0

    # --- choosing ----------------------------------------------------------------------------

    def read(self, ranked: Sequence[Hit], count: int) -> list[Hit]:
        """The ``count`` passages to answer from: the best ones; for a comparison, taken in turn
        from the passages about each case it names, so that every case gets its own."""
        if self._q.kind != "comparison" or len(self._subjects) < 2:
            return list(ranked[:count])
        queues = [
            [h for h in ranked if self._about(h.passage, idx) == 1.0] for _, idx in self._subjects
        ]
        if sum(1 for q in queues if q) < 2:
            return list(ranked[:count])
        picked: dict[str, Hit] = {}
        while len(picked) < count and any(queues):
            for queue in queues:
                while queue and queue[0].passage.id in picked:
                    queue.pop(0)
                if queue and len(picked) < count:
                    hit = queue.pop(0)
                    picked[hit.passage.id] = hit
        order = {h.passage.id: i for i, h in enumerate(ranked)}
        return sorted(picked.values(), key=lambda h: order[h.passage.id])

    def select(self, hits: Sequence[Hit]) -> Selection:
        """The statements that answer, most important first (compose puts them in reading order)."""
        t = self._t
        shared = self._shared_concepts(hits)
        if shared:
            self._concepts = (*self._concepts, *shared)
            self._all = tuple(range(len(self._concepts)))
        focus = {h.passage.id: self._focus(h.passage) for h in hits}
        best_focus = max(focus.values(), default=1.0)
        candidates: list[Candidate] = []
        for rank, hit in enumerate(hits):
            penalty = t.focus_penalty * (best_focus - focus[hit.passage.id])
            candidates.extend(self._score_passage(rank, hit.passage, penalty))
        selection = Selection()
        if not candidates:
            return selection
        ranked = sorted(
            (c for c in candidates if c.quotable), key=lambda c: (-c.score, c.rank, c.position)
        )
        if not ranked:
            return selection
        seeds = self._number_seed(ranked) + self._part_seeds(ranked)
        seeds += self._subject_seeds(ranked, selection)
        best = ranked[0].score
        budget = t.list_words if self._q.kind in ("list", "comparison") else t.target_words
        seen: list[frozenset[str]] = []
        taken: set[tuple[str, int]] = set()
        words = 0
        order = list(dict.fromkeys([*seeds, *ranked]))
        for i, c in enumerate(order):
            seed = i < len(seeds)
            if words >= budget or (not seed and c.score < best * t.keep_ratio):
                break
            if not seed and not self._compares(c, selection):
                continue
            for member in self._group(c, i, selection):
                if member.key in taken or not member.quotable:
                    continue
                key = frozenset(TermSet.of(member.unit.text).terms)
                too_long = selection.chosen and words + member.words > budget * t.overflow
                if any(_similar(key, s, t.similar) for s in seen) or words >= budget or too_long:
                    continue
                seen.append(key)
                taken.add(member.key)
                selection.chosen.append(member)
                words += member.words
        if self._q.kind == "list" and not any(m.listed or m.leads_list for m in selection.chosen):
            words = _trim(selection.chosen, t.target_words)  # the list asked for is in one sentence
        # What one part asks may only be answered by what follows the answer to the other.
        wanted = t.compound_words if self._unanswered else t.min_words
        self._continue(selection, seen=seen, taken=taken, words=words, wanted=wanted)
        return selection

    def _shared_concepts(self, hits: Sequence[Hit]) -> tuple[Concept, ...]:
        """For a comparison: the distinctive words the compared cases' passages share (what they
        have in common, and the aspects on which they differ), as extra concepts."""
        if self._q.kind != "comparison" or len(self._subjects) < 2:
            return ()
        weights = self._weights
        vocabularies = []
        for _, idx in self._subjects:
            words: set[str] = set()
            for h in hits:
                if self._about(h.passage, idx) == 1.0:
                    words |= TermSet.of(h.passage.text).terms
            if words:
                vocabularies.append(words)
        if len(vocabularies) < 2:
            return ()
        names = {t for c in self._concepts if c.name for t in c.terms}
        counts = Counter(t for words in vocabularies for t in words)
        shared = [
            t
            for t, n in counts.items()
            if n > 1
            and t not in names
            and not _DIGIT.search(t)
            and weights.df(t) < weights.common_df
            and not any(weights.found(t, TermSet(frozenset(c.terms))) for c in self._concepts)
        ]
        shared = sorted(shared, key=lambda t: (-weights.idf(t), t))[: self._t.shared_terms]
        if not shared:
            return ()
        # Together they weigh a share of what the question's own concepts weigh.
        total = sum(c.weight for c in self._concepts) * self._t.shared_weight
        idf = {t: weights.idf(t) for t in shared}
        scale = total / sum(idf.values())
        return tuple(Concept((t,), ((t,),), idf[t] * scale).with_forms(weights) for t in shared)

    def _number_seed(self, ranked: Sequence[Candidate]) -> list[Candidate]:
        """For a number question: the best statement that gives a number (first, if the best
        statement of all gives none, so the budget is not spent before it)."""
        if self._q.kind != "number" or not ranked:
            return []
        floor = ranked[0].score * self._t.keep_ratio
        for c in ranked:
            if c.score < floor:
                break
            if NUMBER.search(c.unit.text) and not c.unit.text.rstrip().endswith("?"):
                return [c]
        return []

    def _part_seeds(self, ranked: Sequence[Candidate]) -> list[Candidate]:
        """The best statement for each thing a compound question asks: one that says it, about
        what the question names, and a fair answer to the whole question too."""
        seeds: list[Candidate] = []
        names = tuple(i for i, c in enumerate(self._concepts) if c.name)
        floor = ranked[0].score * self._t.keep_ratio if ranked else 0.0
        self._unanswered = 0
        for asked in self._parts:
            if not asked:
                self._unanswered += 1
                continue
            subset = (*asked, *names)
            # Said in the statement itself, or in the heading it stands under.
            scored = [
                (max(c.credits[i] for i in asked) == 1.0, self._weighted(c.credits, subset), c)
                for c in ranked
                if c.score >= floor
                and max(c.credits[i] for i in asked) >= self._t.section_credit
                and not c.unit.text.rstrip().endswith("?")
            ]
            if not scored:
                self._unanswered += 1
                continue
            best = max(scored, key=lambda x: (x[0], x[1], x[2].score))[2]
            if best not in seeds:
                seeds.append(best)
        return seeds

    def _subject_seeds(self, ranked: Sequence[Candidate], selection: Selection) -> list[Candidate]:
        """For a comparison: the best statement about each case or organisation it names."""
        if self._q.kind != "comparison" or len(self._subjects) < 2:
            return []
        others = tuple(i for i, c in enumerate(self._concepts) if not c.name)
        seeds: list[Candidate] = []
        found: list[tuple[Name, list[Candidate]]] = []
        about: dict[str, list[str]] = {}
        for name, idx in self._subjects:
            own = [c for c in ranked if self._about(c.passage, idx) == 1.0]
            if own:
                found.append((name, own))
                for pid in dict.fromkeys(c.passage.id for c in own):
                    about.setdefault(pid, []).append(name.text)
        if len(found) < 2:
            return []
        for name, own in found:
            idx = next(idx for n, idx in self._subjects if n == name)
            subset = (*others, *idx)
            # Best from the case's own sections ("4 Casussen › Pastiel › ..."); a list that names
            # every case in passing (interviewees, a colophon) describes none of them.
            described = [c for c in own if self._headed(c.passage, idx)] or own
            best = max(described, key=lambda c: (self._weighted(c.credits, subset), c.score))
            if best not in seeds:
                seeds.append(best)
        # A passage about exactly one of them is labelled with it (a table of all cases is not).
        selection.labels.update({pid: names[0] for pid, names in about.items() if len(names) == 1})
        return seeds

    def _compares(self, c: Candidate, selection: Selection) -> bool:
        """For a comparison with its cases found: whether the statement is about one of them, or is
        a row of a table of them. A passage naming every case otherwise is a roster (the people
        interviewed, a colophon) that describes none."""
        if not selection.labels:
            return True
        return c.passage.id in selection.labels or c.unit.kind == "row"

    def _group(self, c: Candidate, i: int, selection: Selection) -> list[Candidate]:
        """The candidate with what it needs: its list, the explanation under an item, its context;
        the best statement also brings the sentences that go on from it."""
        if c.leads_list or (c.listed and self._q.kind == "list"):
            return self._with_list(c, selection)
        if c.listed:
            return self._with_explanation(c)
        if i == 0:
            return self._with_context(c, follow=self._t.follow_units, selection=selection)
        if i < self._t.context_units:
            return self._with_context(c)
        return [c]

    def _units_of(self, candidate: Candidate) -> list[Candidate]:
        return self._by_passage.get(candidate.passage.id) or self._score_passage(
            candidate.rank, candidate.passage, 0.0
        )

    def _with_context(
        self, c: Candidate, *, follow: int = 0, selection: Selection | None = None
    ) -> list[Candidate]:
        """The candidate with the sentence its opening word points back to, one that continues it,
        and up to ``follow`` sentences after it; a statement that ends its passage brings the list
        the section goes on with."""
        units = self._units_of(c)
        group = [c]
        if c.position and _POINTS_BACK.match(c.unit.text):
            before = units[c.position - 1]
            if before.unit.kind == "sentence":
                group.insert(0, before)
        after = units[c.position + 1 : c.position + 1 + max(follow, 1)]
        for i, nxt in enumerate(after):
            if nxt.listed or (i >= follow and not _POINTS_BACK.match(nxt.unit.text)):
                break
            group.append(nxt)
        if follow and selection is not None and c.position == len(units) - 1:
            group.extend(self._run_on(c, selection))
        return group

    def _run_on(self, c: Candidate, selection: Selection) -> list[Candidate]:
        """The list the next passage of the section opens with (the statement introduces it)."""
        nxt = self._following(c.passage)
        if nxt is None:
            return []
        units = self._score_passage(c.rank, nxt, 0.0)
        run: list[Candidate] = []
        for u in units:
            if not u.listed or len(run) == self._t.run_on_items:
                break
            run.append(u)
        if run:
            selection.fetched.append(Hit(nxt, 0.0))
        return run

    def _with_explanation(self, c: Candidate) -> list[Candidate]:
        """An item with the sentences under it that explain it (up to the next item)."""
        units = self._units_of(c)
        group = [c]
        for nxt in units[c.position + 1 : c.position + 1 + self._t.explanation_units]:
            if nxt.listed or nxt.leads_list:
                break
            group.append(nxt)
        return group

    def _with_list(self, c: Candidate, selection: Selection) -> list[Candidate]:
        """The list the candidate belongs to or introduces: its lead and its items, also where the
        list runs on into the next passages of the same section (explanations under items stay in
        the cited passages)."""
        units = self._units_of(c)
        group: list[Candidate] = []
        start = c.position
        if c.listed:
            while start > 0 and units[start - 1].listed:
                start -= 1
            if start > 0 and units[start - 1].leads_list:
                start -= 1
        group.append(units[start])
        passage, position, passages, gap = c.passage, start + 1, 0, 0
        while gap <= self._t.list_gap:
            if position >= len(units):
                nxt = self._following(passage)
                if nxt is None or passages >= self._t.list_passages:
                    break
                if not any(u.kind in _LISTED for u in passage_units(nxt.text)):
                    break
                selection.fetched.append(Hit(nxt, 0.0))
                passage, position, passages = nxt, 0, passages + 1
                units = self._score_passage(c.rank, nxt, 0.0)
                continue
            unit = units[position]
            if unit.listed:
                group.append(unit)
                gap = 0
            elif unit.leads_list:
                break  # "Als afbreukrisico's worden genoemd:" starts another list
            else:
                gap += 1  # an explanation under the previous item, or the list has ended
            position += 1
        if len(group) == 1 and not group[0].listed:
            return [c]  # a lead with no items after it is just a sentence
        return group

    def _following(self, passage: Passage) -> Passage | None:
        """The next passage when it continues the same section."""
        if self._context is None:
            return None
        nxt = self._context.following(passage)
        if nxt is None or nxt.section != passage.section:
            return None
        return nxt

    def _continue(
        self,
        selection: Selection,
        *,
        seen: list[frozenset[str]],
        taken: set[tuple[str, int]],
        words: int,
        wanted: int,
    ) -> None:
        """A short answer goes on with what follows its best statement (the why and how after it),
        into the next passage of the same section; then with what precedes it in its passage."""
        if not selection.chosen or words >= wanted:
            return
        first = selection.chosen[0]
        if first.listed or first.leads_list:
            return  # after a list come explanations of its items, not more of the answer

        def take(c: Candidate) -> int:
            key = frozenset(TermSet.of(c.unit.text).terms)
            if (
                c.key in taken
                or not c.quotable
                or any(_similar(key, s, self._t.similar) for s in seen)
            ):
                return 0
            selection.chosen.append(c)
            taken.add(c.key)
            seen.append(key)
            return c.words

        units, position, passage, fetched = (
            self._units_of(first),
            first.position + 1,
            first.passage,
            0,
        )
        while words < wanted:
            if position < len(units):
                nxt = units[position]
                if not nxt.listed and not nxt.leads_list:
                    words += take(nxt)  # the narrative goes on; a list belongs to another question
                position += 1
                continue
            following = self._following(passage)
            if following is None or fetched:
                break
            selection.fetched.append(Hit(following, 0.0))
            passage, position, fetched = following, 0, 1
            units = self._score_passage(first.rank, following, 0.0)
        # The sentence before it, when it speaks of what is asked too (the context of a number).
        if words < wanted and first.position:
            before = self._units_of(first)[first.position - 1]
            asked = [i for i, c in enumerate(self._concepts) if not c.name]
            said = any(before.credits[i] == 1.0 for i in asked)
            if said and not before.listed and not before.leads_list:
                take(before)


def _trim(chosen: list[Candidate], budget: int) -> int:
    """Leave out the least important statements (the last chosen) beyond ``budget`` words; the
    most important one always stays. The words left."""
    words = sum(c.words for c in chosen)
    while len(chosen) > 1 and words > budget:
        words -= chosen.pop().words
    return words


def _similar(a: frozenset[str], b: frozenset[str], share: float) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= share
