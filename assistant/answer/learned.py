"""The extractive answerer: the units a learned model scores highest, quoted verbatim and cited.

Three trained models decide (see `werkwijzer train`): the passage ranker (already applied by the
retriever: a hit's score is its probability), the unit model (is this sentence, item or row part of
the answer?) and the answerability model (do these passages answer the question at all?). What is
left to rules is only what follows from the form of the text: a list is quoted whole with its lead,
and every name a question compares gets its own best statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.answer import messages
from assistant.answer.units import UNIT_FEATURES, AnswerUnit, UnitFeaturizer, clean, units_of
from assistant.language.details import NAMES, Detail, asked_details, gives_detail
from assistant.language.question import Language, detect_language, is_chitchat
from assistant.language.sentences import BULLET, split_units
from assistant.language.text import PHRASE_JOINER, stem, tokens
from assistant.models import LinearModel
from assistant.search.features import PassageFeaturizer, QueryTerms
from assistant.search.index import IndexHolder, LoadedIndex
from assistant.search.lexical import Concepts
from assistant.types import Answer, Citation, Hit, Turn

#: The answerability model's features, in order.
ANSWERABLE_FEATURES: tuple[str, ...] = (
    "passage_top",  # the best passage's probability
    "passage_mean3",  # the mean of the best three
    "unit_top",  # the best unit's probability
    "unit_mean3",
    "coverage_top",  # the best unit's share of the question's word concepts (in its context)
    "unknown",  # share of the question's word concepts the publications never use, in any form
    "unknown_count",  # how many such words (a question about something else names several)
    "words",  # number of word concepts (log)
    "number_missing",  # a number question whose best units hold no number
    "english",
    "uncovered",  # share of the word concepts none of the best three passages (or their places) has
    "uncovered_idf",  # the rarest such concept's inverse document frequency (0: all covered)
    "uncovered_units",  # share of the word concepts that none of the five best units has in context
    "detail_missing",  # the question asks an amount, percentage, hours or year the best units do not give
)

_LISTED = ("item", "row")  # the unit kinds a list is made of


@dataclass(frozen=True)
class AnswerTuning:
    """How much is read and written (the models decide what; these only bound the length)."""

    # 6 read passages against 8: coverage 0.647 -> 0.652, support 0.747 -> 0.770 on the folds
    # (5, 7 and 10 did worse); the passages beyond them added more wrong statements than right ones.
    passages: int = 6  # hits whose units are read
    # Bounds chosen on cross-validated folds (see README): 180 words / 9 units / keep 0.35 gave
    # coverage 0.654 and support 0.770 against 0.583 and 0.729 for 150 / 7 / 0.5 (median 95 words).
    max_words: int = 180  # stop adding statements past this many words
    max_units: int = 9
    list_items: int = 10  # at most this many items of a list quoted with its lead
    closest: int = 3  # passages shown with a refusal
    shown: int = 8  # passages returned with an answer
    keep: float = 0.35  # a statement is kept down to this share of the best one's probability


@dataclass(frozen=True)
class Reading:
    """A question read against its hits: the analysed query, the units and their probabilities."""

    query: QueryTerms
    units: list[AnswerUnit]
    unit_probability: np.ndarray
    answerable: float
    unknown: tuple[str, ...]
    features: np.ndarray  # the answerability row
    continues: dict[int, int] = field(default_factory=dict)  # a run-on item's unit -> its list's lead


class LearnedAnswerer:
    """Composes an answer from the best-scored units of the retrieved passages; offline, deterministic."""

    def __init__(
        self,
        holder: IndexHolder,
        featurizer: PassageFeaturizer,
        *,
        units: LinearModel,
        answerable: LinearModel,
        tuning: AnswerTuning | None = None,
    ) -> None:
        self._holder = holder
        self._featurizer = featurizer
        self._units = units
        self._answerable = answerable
        self._tuning = tuning or AnswerTuning()

    def warm(self, passages: Sequence[object]) -> None:
        """Nothing to prepare: units are split on demand (milliseconds)."""

    def read(self, question: str, hits: Sequence[Hit]) -> Reading:
        """Score the units of ``hits`` and the question's answerability."""
        index = self._holder.current()
        q = self._featurizer.analyse(index.lexical, question)
        units = units_of(hits, passages=self._tuning.passages)
        X = UnitFeaturizer(index.lexical).features(q, units) if units else np.zeros((0, len(UNIT_FEATURES)))
        p = self._units.probability(X) if len(units) else np.zeros(0)
        unknown = unknown_words(index, q)
        row = answerable_row(q, hits, X, p, unknown, uncovered(index, q, hits, units, p), units)
        answerable = float(self._answerable.probability(row[None, :])[0])
        return Reading(q, units, p, answerable, unknown, row)

    def answer(self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()) -> Answer:
        """Answer ``question`` from ``hits``; 'not_found' when the models judge they do not answer it."""
        language = detect_language(question)
        if is_chitchat(question):
            return Answer("not_found", messages.text(messages.CHITCHAT, language), meta={"reason": "chitchat"})
        if not hits:
            return Answer("not_found", messages.text(messages.NOT_FOUND, language), meta={"reason": "no_passages"})
        reading = self.read(question, hits)
        # A name the publications never use (a place, an organisation) cannot be answered about,
        # whatever else the passages share with the question.
        if unknown_names(self._holder.current(), reading.query):
            return self._not_found(reading, hits, language)
        if not reading.units or reading.answerable < self._answerable.threshold:
            return self._not_found(reading, hits, language)
        chosen = self._choose(reading)
        # A question asking an amount, a percentage, hours or a year is not answered by statements
        # that give none: the near-miss (a real case, a detail the text does not give).
        asked = asked_details(question)
        if asked and not any(gives_detail(u.text, d) for u in chosen for d in asked):
            return self._not_found(reading, hits, language, missing=asked)
        after = {id(reading.units[i]): reading.units[lead] for i, lead in reading.continues.items()}
        text, citations = self._compose(chosen, language, after)
        used_ids = list(dict.fromkeys(c.passage_id for c in citations))
        by_id = {h.passage.id: h for h in hits}
        used = [by_id[i] for i in used_ids if i in by_id] + [h for h in hits if h.passage.id not in used_ids]
        shown = max(self._tuning.shown, len(used_ids))
        meta: dict[str, object] = {"answerable": reading.answerable}
        return Answer("answered", text, tuple(citations), tuple(used[:shown]), meta=meta)

    def stream(self, question: str, hits: Sequence[Hit], *, history: Sequence[Turn] = ()) -> Iterator[str | Answer]:
        """The answer's lines as deltas, then the Answer itself."""
        result = self.answer(question, hits, history=history)
        yield from result.text.splitlines(keepends=True)
        yield result

    # --- choosing -------------------------------------------------------------------------------

    def _choose(self, reading: Reading) -> list[AnswerUnit]:
        """The best units, then whole lists, then one statement for each name not yet covered."""
        t = self._tuning
        p = reading.unit_probability
        order = list(np.argsort(-p, kind="stable"))
        best = float(p[order[0]])
        chosen: list[int] = []
        words = 0
        for i in order:
            if len(chosen) >= t.max_units or words >= t.max_words:
                break
            if chosen and p[i] < t.keep * best:
                break
            if _duplicate(reading.units[i], [reading.units[j] for j in chosen]):
                continue
            chosen.append(int(i))
            words += len(reading.units[i].text.split())
        chosen = self._with_lists(reading, chosen)
        chosen = self._with_names(reading, chosen)
        return [reading.units[i] for i in chosen]

    def _with_lists(self, reading: Reading, chosen: list[int]) -> list[int]:
        """A chosen lead (ending in ':') brings its items; two chosen items of one list bring the
        lead and the rest of that list."""
        units = reading.units
        out = list(chosen)
        leads: dict[int, int] = {}  # lead unit -> chosen items under it
        for i in chosen:
            if units[i].text.rstrip().endswith(":"):
                leads[i] = leads.get(i, 0) + 2
            elif units[i].unit.kind == "item":
                lead = _lead_of(units, i)
                if lead is not None:
                    leads[lead] = leads.get(lead, 0) + 1
        for lead, votes in leads.items():
            if votes < 2:
                continue
            found, gap = _items_of(units, lead)
            items = [lead, *found[: self._tuning.list_items]]
            if gap is not None and len(found) <= self._tuning.list_items:
                items.extend(self._run_on(reading, lead, self._tuning.list_items + 1 - len(items), gap))
            out.extend(k for k in items if k not in out)
        return out

    def _run_on(self, reading: Reading, lead_at: int, room: int, gap: int) -> list[int]:
        """The items a list continues with in the next passages (a list cut by chunking)."""
        index = self._holder.current()
        lead = reading.units[lead_at]
        added: list[int] = []
        passage = lead.passage
        while room > 0:
            following = index.neighbours(passage.id)[1]
            if following is None or following.section != passage.section:
                break
            parts = [u for u in split_units(following.text) if clean(u.text)]
            found, carried = list_items([(u.kind, u.text) for u in parts], 0, gap)
            read = {(u.passage.id, u.index): k for k, u in enumerate(reading.units)}
            for i in found[:room]:
                at = read.get((following.id, i))
                if at is None:  # not read yet (an item read with its own passage is not repeated)
                    reading.units.append(AnswerUnit(Hit(following, 0.0), lead.rank, i, len(parts), parts[i]))
                    at = len(reading.units) - 1
                reading.continues[at] = lead_at
                added.append(at)
            room -= len(found)
            if carried is None:
                break
            gap = carried
            passage = following
        return added

    def _with_names(self, reading: Reading, chosen: list[int]) -> list[int]:
        """For a question naming several cases or places: the best statement about each one."""
        names = reading.query.names
        if len(names) < 2:
            return chosen
        analyser = self._holder.current().lexical.analyser
        out = list(chosen)
        for name in names:
            def about(i: int, name: Concepts = name) -> bool:
                u = reading.units[i]
                terms = set(analyser.terms(f"{u.passage.section or ''} {u.passage.text}"))
                return all(any(t in terms for t in forms) for forms in name.values())

            if any(about(i) for i in out):
                continue
            candidates = [i for i in range(len(reading.units)) if about(i)]
            if candidates:
                out.append(max(candidates, key=lambda i: reading.unit_probability[i]))
        return out

    # --- writing --------------------------------------------------------------------------------

    def _compose(
        self, chosen: Sequence[AnswerUnit], language: Language, after: dict[int, AnswerUnit] | None = None
    ) -> tuple[str, list[Citation]]:
        """An opening naming the publications and years, then the statements grouped by passage."""
        index = self._holder.current()
        # The statement that answers best comes first; a passage's other statements follow it in
        # reading order (a list stays whole under its lead), then the next passage's.
        after = after or {}
        # Items a list runs on with in the next passage stand under its lead, in reading order.
        run_on = {key: n for n, key in enumerate(after)}
        first_of: dict[str, int] = {}
        best_of: dict[str, int] = {}
        for i, u in enumerate(chosen):
            if id(u) not in after:
                first_of.setdefault(u.passage.id, i)
                best_of.setdefault(u.passage.id, u.index)
        # An item that answers best still comes after the lead that announces its list.
        for u in chosen:
            best = best_of.get(u.passage.id, u.index)
            if u.index < best and u.text.rstrip().endswith(":") and _is_item_of(chosen, u, best):
                best_of[u.passage.id] = u.index

        def place(u: AnswerUnit) -> tuple[int, int, int]:
            lead = after.get(id(u))
            if lead is not None and lead.passage.id in first_of:
                return (first_of[lead.passage.id], 0, lead.count + run_on[id(u)])
            best = best_of.setdefault(u.passage.id, u.index)
            first_of.setdefault(u.passage.id, len(chosen))
            in_list = u.unit.kind in _LISTED and best < u.index
            return (first_of[u.passage.id], 0 if u.index == best or in_list else 1, u.index)

        ordered = sorted(chosen, key=place)
        citations: list[Citation] = []
        lines = [_opening(index, ordered, language)]
        paragraph: list[str] = []
        for u in ordered:
            quote = BULLET.sub("", u.text, count=1).strip()
            if quote not in u.passage.text:
                quote = u.text
            citations.append(Citation.of(len(citations) + 1, u.passage, quote))
            statement = f"{clean(quote)} [{len(citations)}]"
            if u.unit.kind in _LISTED:
                if paragraph:
                    lines.append(" ".join(paragraph))
                    paragraph = []
                lines.append(f"- {statement}")
            else:
                paragraph.append(statement)
        if paragraph:
            lines.append(" ".join(paragraph))
        return "\n".join(lines), citations

    def _not_found(
        self, reading: Reading, hits: Sequence[Hit], language: Language, *, missing: Sequence[Detail] = ()
    ) -> Answer:
        closest = list(hits[: self._tuning.closest])
        text = messages.text(messages.NOT_FOUND, language)
        if missing:
            what = _join([NAMES[language][d] for d in missing], "of" if language == "nl" else "or")
            text += " " + messages.text(messages.DETAIL_MISSING, language, what=what)
        elif reading.unknown:
            words = ", ".join(f"‘{w}’" for w in reading.unknown)
            text += " " + messages.text(messages.UNKNOWN_WORDS, language, words=words)
        topics = _topics(closest)
        if topics:
            text += " " + messages.text(messages.CLOSEST, language, topics=topics)
        meta: dict[str, object] = {
            "reason": "detail_missing" if missing else "no_answer",
            "answerable": reading.answerable,
        }
        return Answer("not_found", text, hits=tuple(closest), meta=meta)


def unknown_names(index: LoadedIndex, q: QueryTerms) -> bool:
    """Whether the question names something (a capitalised name) that no passage mentions in any form."""
    lexical = index.lexical
    for name in q.names:
        for key, terms in name.items():
            if PHRASE_JOINER in key or "+" in key:
                continue
            forms = set(terms) | set(q.lexicon.get(key, {})) | set(q.thesaurus.get(key, {}))
            if not any(lexical.column(t, field="text") or lexical.column(t, field="place") for t in forms):
                return True
    return False


def unknown_words(index: LoadedIndex, q: QueryTerms) -> tuple[str, ...]:
    """The question's words that the publications never use, in any form the lexicons know."""
    lexical = index.lexical
    written = {stem(t): t for t in tokens(q.text)}  # a stem → the word as typed
    out = []
    for key, terms in q.typed.items():
        if PHRASE_JOINER in key or "+" in key:
            continue
        forms = set(terms) | set(q.thesaurus.get(key, {})) | set(q.lexicon.get(key, {}))
        if not any(lexical.column(t, field="text") or lexical.column(t, field="place") for t in forms):
            out.append(written.get(key, key))
    return tuple(out)


def uncovered(
    index: LoadedIndex, q: QueryTerms, hits: Sequence[Hit], units: Sequence[AnswerUnit], p: np.ndarray
) -> tuple[float, float, float]:
    """What of the question the best passages and units leave out: (share, rarest idf, share in units).

    A near-miss question (a real case, a detail the text does not give) shows here: its asked word
    is in the corpus, but not where the case is described.
    """
    lexical = index.lexical
    words = [(k, set(t) | set(q.thesaurus.get(k, {})) | set(q.lexicon.get(k, {})))
             for k, t in q.typed.items() if PHRASE_JOINER not in k and "+" not in k]
    if not words or not hits:
        return 0.0, 0.0, 0.0
    analyser = lexical.analyser
    seen: set[str] = set()
    for h in hits[:3]:
        seen |= set(analyser.terms(f"{h.passage.document_title} {h.passage.section or ''}\n{h.passage.text}"))
    in_units: set[str] = set()
    for i in np.argsort(-p)[:5] if len(p) else []:
        u = units[int(i)]
        in_units |= set(analyser.terms(f"{u.passage.section or ''}\n{u.text}"))
    n = max(len(lexical), 1)
    missing, rarest = 0, 0.0
    for _, forms in words:
        if forms & seen:
            continue
        missing += 1
        df = max((len(c[0]) for t in forms if (c := lexical.column(t, field="text")) is not None), default=0)
        rarest = max(rarest, float(np.log((n + 1) / (df + 1))))
    unit_missing = sum(1 for _, forms in words if not forms & in_units)
    return missing / len(words), rarest, unit_missing / len(words)


def answerable_row(
    q: QueryTerms,
    hits: Sequence[Hit],
    X: np.ndarray,
    p: np.ndarray,
    unknown: Sequence[str],
    left_out: tuple[float, float, float] = (0.0, 0.0, 0.0),
    units: Sequence[AnswerUnit] | None = None,
) -> np.ndarray:
    """The answerability features (ANSWERABLE_FEATURES) of a read question."""
    scores = sorted((h.score for h in hits), reverse=True)
    top_units = np.sort(p)[::-1] if len(p) else np.zeros(1)
    words = [k for k in q.typed if PHRASE_JOINER not in k and "+" not in k]
    cov = X[:, UNIT_FEATURES.index("coverage_context")] if len(X) else np.zeros(1)
    best = np.argsort(-p)[:3] if len(p) else np.array([], dtype=int)
    numbers = X[best, UNIT_FEATURES.index("has_number")] if len(best) else np.zeros(1)
    best_texts = [units[int(i)].text for i in best] if units is not None else []
    asked = asked_details(q.text)
    return np.array(
        [
            scores[0] if scores else 0.0,
            float(np.mean(scores[:3])) if scores else 0.0,
            float(top_units[0]),
            float(np.mean(top_units[:3])),
            float(cov[np.argmax(p)]) if len(p) else 0.0,
            len(unknown) / max(len(words), 1),
            float(len(unknown)),
            float(np.log1p(len(words))),
            float(q.number and not numbers.any()),
            float(q.english),
            *left_out,
            float(bool(asked) and not any(gives_detail(t, d) for t in best_texts for d in asked)),
        ],
        dtype=np.float32,
    )


#: An item may carry a paragraph of up to this many sentences before the next item of its list.
ITEM_PARAGRAPH = 6
def list_items(parts: Sequence[tuple[str, str]], start: int, gap: int | None = None) -> tuple[list[int], int | None]:
    """The items of a list from ``parts[start]`` on ((kind, text) pairs of one passage), passing
    over an item's own paragraph (up to ITEM_PARAGRAPH sentences between two items, not quoted).

    ``gap`` carries the list over from the passage before (None: no item seen yet). Returns the
    items and the gap at the passage's end, or None there when the list ended inside the passage.
    """
    items: list[int] = []
    for j in range(start, len(parts)):
        kind, text = parts[j]
        if kind in _LISTED:
            items.append(j)
            gap = 0
        elif gap is not None and gap < ITEM_PARAGRAPH and not text.rstrip().endswith(":"):
            gap += 1
        else:
            return items, None
    return items, gap if gap is not None else 0


def _items_of(units: Sequence[AnswerUnit], lead: int) -> tuple[list[int], int | None]:
    """The items of the list ``lead`` opens, as indices of ``units`` (see ``list_items``)."""
    end = lead + 1
    while end < len(units) and units[end].passage.id == units[lead].passage.id:
        end += 1
    parts = [(u.unit.kind, u.text) for u in units[lead + 1 : end]]
    found, gap = list_items(parts, 0)
    return [lead + 1 + i for i in found], gap


def _lead_of(units: Sequence[AnswerUnit], i: int) -> int | None:
    """The lead (a unit ending in ':') of the list item ``i`` belongs to, if any."""
    j = i - 1
    while j >= 0 and units[j].passage.id == units[i].passage.id:
        if units[j].text.rstrip().endswith(":"):
            return j if i in _items_of(units, j)[0] else None
        j -= 1
    return None


def _is_item_of(chosen: Sequence[AnswerUnit], lead: AnswerUnit, index: int) -> bool:
    """Whether the unit at ``index`` of the lead's passage is an item of the list the lead opens."""
    between = {u.index: u for u in chosen if u.passage.id == lead.passage.id and lead.index < u.index <= index}
    target = between.get(index)
    return target is not None and target.unit.kind in _LISTED and all(u.unit.kind in _LISTED for u in between.values())


def _duplicate(u: AnswerUnit, chosen: Sequence[AnswerUnit]) -> bool:
    """The same words already chosen (report and slides often repeat a sentence)."""
    text = clean(u.text).lower()
    return any(clean(c.text).lower() == text for c in chosen)


def _opening(index: LoadedIndex, ordered: Sequence[AnswerUnit], language: Language) -> str:
    """'Volgens ‘title’ (year):' — the year says how current the arrangements described are."""
    docs = list(dict.fromkeys(u.passage.document_id for u in ordered))
    named = []
    for d in docs[:3]:
        try:
            info = index.document(d).info
        except Exception:  # noqa: BLE001 - a document missing from the manifest still gets its title
            info = None
        title = info.title if info else next(u.passage.document_title for u in ordered if u.passage.document_id == d)
        named.append(f"‘{title}’" + (f" ({info.year})" if info and info.year else ""))
    if language == "en":
        return f"According to {_join(named, 'and')} (quoted in Dutch):"
    return f"Volgens {_join(named, 'en')}:"


def _join(items: Sequence[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _topics(hits: Sequence[Hit]) -> str:
    names = []
    for h in hits:
        parts = h.passage.section_parts
        names.append(f"{parts[-1]} ({h.passage.document_title})" if parts else h.passage.document_title)
    return "; ".join(dict.fromkeys(names))


Years = Callable[[str], "int | None"]
