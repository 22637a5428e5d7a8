"""Comparison cells chosen as answers: the best statement of a case on an aspect, or "niet beschreven".

Each (case, aspect) cell is asked as a question ("Hoe lang duurt het traject bij Pastiel?") and every
statement of the case's passages (all its publications) is scored by the chat's unit model through the
``StatementScorer`` port. A second, small learned model (``CELL_FEATURES``) weighs that probability
with where the statement stands (under a heading or label naming the aspect, its position) and the
words statements on that aspect use (``AspectWords``, learned from the labelled cells); the best
statement is the cell when its probability clears the model's threshold, fitted out of fold.
Contacts, the colophon, lists of people and table headers are never candidates.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

import numpy as np

from assistant.cases.catalogue import ASPECTS, aspects_of_heading
from assistant.cases.types import AspectDef, Case, ScoredStatement
from assistant.language.backmatter import is_back_matter, is_contact_line
from assistant.language.details import Detail, gives_detail
from assistant.language.text import content_tokens, fold, stem, tokens
from assistant.models import LinearModel
from assistant.ports import StatementScorer
from assistant.types import SECTION_SEPARATOR, Passage


class PassageSource(Protocol):
    """What the chooser needs of an index version: passages by id."""

    def has(self, passage_id: str) -> bool:
        """Whether the passage exists."""
        ...

    def get(self, passage_id: str) -> Passage:
        """The passage with this id."""
        ...

#: Model file name of the cell model (assistant/data/models/cells.json).
CELLS = "cells"

#: Each aspect asked as the question a trainer would ask about one case ({case}: its name).
ASPECT_QUESTIONS: dict[str, str] = {
    "doelgroep": "Voor wie is de aanpak van {case} bedoeld, wat is de doelgroep?",
    "doelen": "Wat is het doel van {case}?",
    "duur": "Hoe lang duurt het traject bij {case}?",
    "aanpak": "Hoe werkt de aanpak van {case}?",
    "samenwerking": "Met wie werkt {case} samen?",
    "resultaten": "Wat zijn de resultaten van {case}?",
    "kosten_baten": "Wat kost de aanpak van {case} en wat levert het op?",
    "financiering": "Hoe wordt de aanpak van {case} gefinancierd?",
    "succesfactoren": "Wat zijn de succesfactoren van {case}?",
    "knelpunten": "Wat zijn de knelpunten bij {case}?",
    "borging": "Hoe is de aanpak van {case} geborgd en ingebed?",
    "nazorg": "Welke nazorg biedt {case} en hoe wordt terugval voorkomen?",
    "organisatie": "Wat voor organisatie is {case}?",
}

#: The feature columns of a candidate statement, in order.
CELL_FEATURES: tuple[str, ...] = (
    "unit",  # the chat's unit model probability for the aspect question
    "unit_relative",  # that probability over the best one of the cell
    "unit_rank",  # 1 / (1 + rank by unit probability in the cell)
    "heading",  # a heading of its passage (inside the case) names the aspect
    "heading_other",  # a heading names another aspect only
    "label",  # a labelled line naming the aspect ("Doelgroep: ...")
    "text",  # the aspect's own words occur ("duurt", "doelgroep")
    "aspect_words",  # learned: how much its words are those of gold statements on this aspect
    "aspect_words_gap",  # that score less the best one of the cell
    "aspect_shape",  # learned: how much its shape (a number, an amount, a percentage) is that of gold statements
    "heading_words",  # learned from the corpus' own headings: how much its words are those under such headings
    "heading_in_cell",  # some candidate of the cell stands under a heading naming the aspect
    "first_in_section",  # the first statement under its heading
    "position",  # place in its passage, 0..1
    "words",  # log of its number of words
    "item",
    "row",
    "number",  # has a digit
    "case_name",  # names the case (its name or an alias): about the case, not a side remark
)

#: The feature columns of a whole cell for the "described at all?" model: its best candidate and the aspect.
PRESENT_FEATURES: tuple[str, ...] = (
    "best",  # the cell model's probability of the best candidate
    "gap",  # that less the second best one's
    "best_unit",  # the unit model's probability of the best candidate
    "best_text",  # the best candidate uses the aspect's own words
    "best_heading",  # the best candidate stands under a heading naming the aspect
    "text_in_cell",  # share of candidates using the aspect's own words
    "heading_in_cell",  # some candidate stands under a heading naming the aspect
    "candidates",  # log of the number of candidates
    *(f"aspect:{a.key}" for a in ASPECTS),  # how often an aspect is described at all differs per aspect
)

# "- WSP Den Haag: Nathalie Pilk en Jeroen van den Berg": a label followed by capitalised names only.
_PEOPLE = re.compile(r"^[^:]{2,60}:\s*(?:(?:[A-Z][\w'-]+|van|de|der|den|en|ten|ter|het|[A-Z]\.)[ ,]*){2,}$")
_DIGIT = re.compile(r"\d")


def question(aspect: AspectDef, case: Case) -> str:
    """The aspect of a case asked as a question."""
    template = ASPECT_QUESTIONS.get(aspect.key, "Wat is de {aspect} bij {case}?")
    return template.format(case=case.name, aspect=aspect.label.lower())


def is_junk(statement: ScoredStatement, passage: Passage, previous_kind: str | None) -> bool:
    """Never a cell: a contact, back matter (the colophon, literature), a list of people or a table's header row."""
    text = statement.text.strip()
    if is_contact_line(text) or is_back_matter(passage.section):
        return True
    if _PEOPLE.match(text.lstrip("-•*· ").strip()):
        return True
    if statement.kind == "row" and previous_kind != "row" and not _DIGIT.search(text):
        return True  # the first row of a table names its columns
    return len(content_tokens(text)) < 2


@lru_cache(maxsize=65536)
def _terms(text: str) -> frozenset[str]:
    # Cached: the same statements are scored for every aspect and every (inner) fold.
    return frozenset(stem(t) for t in content_tokens(fold(text)))


@dataclass(frozen=True)
class AspectWords:
    """Per aspect, the log-odds of a word stem in gold statements against the other candidates."""

    weights: dict[str, dict[str, float]]

    def score(self, aspect: str, text: str) -> float:
        """Mean weight of the statement's word stems for ``aspect`` (0 for an aspect never learned)."""
        return self.score_terms(aspect, _terms(text))

    def score_terms(self, aspect: str, terms: frozenset[str]) -> float:
        """Weight of these terms for ``aspect``, summed over the square root of their number."""
        w = self.weights.get(aspect)
        if not w or not terms:
            return 0.0
        return sum(w.get(t, 0.0) for t in terms) / math.sqrt(len(terms))

    @classmethod
    def learn(cls, examples: Iterable[tuple[str, str, bool]], *, smoothing: float = 1.0) -> AspectWords:
        """From (aspect, statement text, is gold) triples: smoothed log-odds per stem and aspect."""
        return cls.learn_terms(((a, _terms(text), positive) for a, text, positive in examples), smoothing=smoothing)

    @classmethod
    def learn_terms(
        cls, examples: Iterable[tuple[str, frozenset[str], bool]], *, smoothing: float = 1.0
    ) -> AspectWords:
        """From (aspect, the statement's terms, is gold) triples: smoothed log-odds per term and aspect."""
        gold: dict[str, Counter[str]] = {}
        rest: dict[str, Counter[str]] = {}
        for aspect, terms, positive in examples:
            (gold if positive else rest).setdefault(aspect, Counter()).update(terms)
        weights: dict[str, dict[str, float]] = {}
        for aspect, pos in gold.items():
            neg = rest.get(aspect, Counter())
            n_pos, n_neg = sum(pos.values()) + smoothing, sum(neg.values()) + smoothing
            weights[aspect] = {
                t: round(math.log(((pos[t] + smoothing) / n_pos) / ((neg[t] + smoothing) / n_neg)), 4)
                for t in pos
                if pos[t] >= 1
            }
        return cls(weights)

    def to_json(self) -> dict[str, dict[str, float]]:
        """As plain JSON (kept in the cell model's ``info``)."""
        return self.weights


#: The details a statement may give (language layer), as shape terms learned per aspect like words.
_DETAILS: tuple[Detail, ...] = ("amount", "percentage", "hours", "year")


@lru_cache(maxsize=65536)
def shapes(text: str) -> frozenset[str]:
    """Shape terms of a statement: "#number" when it names a number, "#amount", "#percentage", ... per detail."""
    out = {f"#{d}" for d in _DETAILS if gives_detail(text, d)}
    if any(t[:1].isdigit() for t in tokens(text)):
        out.add("#number")
    return frozenset(out)


def _heading_aspects(passage: Passage, case: Case) -> tuple[str, ...]:
    """Aspects named by the passage's headings below the case's own section."""
    return _headings_below(passage.section or "", tuple(s.section for s in case.sources))


@lru_cache(maxsize=8192)
def _headings_below(section: str, case_sections: tuple[str, ...]) -> tuple[str, ...]:
    parts = section.split(SECTION_SEPARATOR) if section else []
    base = next((len(s.split(SECTION_SEPARATOR)) for s in case_sections if section.startswith(s)), len(parts))
    keys: list[str] = []
    for part in parts[base:]:
        keys = aspects_of_heading(part) or keys
    return tuple(keys)


@dataclass(frozen=True)
class Candidate:
    """A statement that may fill a cell, with its passage."""

    statement: ScoredStatement
    passage: Passage


def candidates(statements: Sequence[ScoredStatement], passages: dict[str, Passage]) -> list[Candidate]:
    """The statements that may be a cell (junk left out), in reading order."""
    out = []
    previous: tuple[str, str | None] = ("", None)
    for s in statements:
        passage = passages[s.passage_id]
        prev_kind = previous[1] if previous[0] == s.passage_id else None
        if not is_junk(s, passage, prev_kind):
            out.append(Candidate(s, passage))
        previous = (s.passage_id, s.kind)
    return out


def features(case: Case, aspect: AspectDef, found: Sequence[Candidate], words: AspectWords) -> np.ndarray:
    """One CELL_FEATURES row per candidate of one cell."""
    X = np.zeros((len(found), len(CELL_FEATURES)), dtype=np.float64)
    if not found:
        return X
    col = {name: i for i, name in enumerate(CELL_FEATURES)}
    probs = np.array([c.statement.probability for c in found])
    order = np.argsort(-probs, kind="stable")
    rank = np.empty(len(found))
    rank[order] = np.arange(len(found))
    best = max(float(probs.max()), 1e-9)
    aw = np.array([words.score(aspect.key, c.statement.text) for c in found])
    heads_of = [_heading_aspects(c.passage, case) for c in found]
    any_heading = any(aspect.key in h for h in heads_of)
    names = _name_terms(case)
    seen_sections: set[str] = set()
    for row, c in enumerate(found):
        s = c.statement
        heads = heads_of[row]
        section = c.passage.section or ""
        label = s.text.split(":", 1)[0] if ":" in s.text[:40] else ""
        X[row, col["unit"]] = s.probability
        X[row, col["unit_relative"]] = s.probability / best
        X[row, col["unit_rank"]] = 1.0 / (1.0 + rank[row])
        X[row, col["heading"]] = float(aspect.key in heads)
        X[row, col["heading_other"]] = float(bool(heads) and aspect.key not in heads)
        X[row, col["label"]] = float(bool(label) and aspect.key in aspects_of_heading(label))
        X[row, col["text"]] = float(bool(aspect.text and aspect.text.search(fold(s.text))))
        X[row, col["aspect_words"]] = aw[row]
        X[row, col["aspect_words_gap"]] = aw[row] - aw.max()
        X[row, col["aspect_shape"]] = words.score_terms(_SHAPED + aspect.key, shapes(s.text))
        X[row, col["heading_words"]] = words.score(_HEADED + aspect.key, s.text)
        X[row, col["heading_in_cell"]] = float(any_heading)
        X[row, col["first_in_section"]] = float(section not in seen_sections)
        X[row, col["position"]] = s.index / max(s.count - 1, 1)
        X[row, col["words"]] = math.log1p(len(s.text.split()))
        X[row, col["item"]] = float(s.kind == "item")
        X[row, col["row"]] = float(s.kind == "row")
        X[row, col["number"]] = float(bool(_DIGIT.search(s.text)))
        X[row, col["case_name"]] = float(bool(names & _terms(s.text)))
        seen_sections.add(section)
    return X


def _name_terms(case: Case) -> frozenset[str]:
    """Word stems of the case's name and aliases."""
    return frozenset().union(*(_terms(n) for n in (case.name, *case.aliases)))


def present_features(aspect: AspectDef, found: Sequence[Candidate], X: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The PRESENT_FEATURES row of one cell, from its candidates' CELL_FEATURES ``X`` and probabilities ``p``."""
    col = {name: i for i, name in enumerate(CELL_FEATURES)}
    row = dict.fromkeys(PRESENT_FEATURES, 0.0)
    if len(found):
        order = np.argsort(-p, kind="stable")
        best = int(order[0])
        row["best"] = float(p[best])
        row["gap"] = float(p[best] - (p[order[1]] if len(order) > 1 else 0.0))
        row["best_unit"] = float(X[best, col["unit"]])
        row["best_text"] = float(X[best, col["text"]])
        row["best_heading"] = float(X[best, col["heading"]])
        row["text_in_cell"] = float(X[:, col["text"]].mean())
        row["heading_in_cell"] = float(X[best, col["heading_in_cell"]])
        row["candidates"] = math.log1p(len(found))
    row[f"aspect:{aspect.key}"] = 1.0
    return np.array([list(row.values())], dtype=np.float64)


@dataclass(frozen=True)
class CellModel:
    """The learned cell model: a linear model over CELL_FEATURES, its aspect words and its threshold."""

    model: LinearModel
    words: AspectWords
    present: LinearModel | None = None  # P(the cell is described at all); None: the ranking threshold decides

    def best(self, case: Case, aspect: AspectDef, found: Sequence[Candidate]) -> tuple[int, float, float]:
        """Index and probability of the best candidate, and the probability that the cell is described."""
        X = features(case, aspect, found, self.words)
        p = self.model.probability(X)
        best = int(np.argmax(p))
        if self.present is None:
            return best, float(p[best]), float(p[best])
        return best, float(p[best]), float(self.present.probability(present_features(aspect, found, X, p))[0])

    def choose(self, case: Case, aspect: AspectDef, found: Sequence[Candidate]) -> tuple[Candidate, float] | None:
        """The best candidate and its probability, or None ("niet beschreven") below the threshold."""
        if not found:
            return None
        best, p, described = self.best(case, aspect, found)
        cut = self.model.threshold if self.present is None else self.present.threshold
        return (found[best], p) if described >= cut else None

    @classmethod
    def from_linear(cls, model: LinearModel) -> CellModel:
        """From a stored model whose ``info`` holds the aspect words (and the "described at all?" model)."""
        present = model.info.get("present")
        return cls(
            model,
            AspectWords(dict(model.info.get("aspect_words", {}))),
            LinearModel.from_json(present, expected=PRESENT_FEATURES, origin="cells.json present") if present else None,
        )


# ---------------------------------------------------------------------------------------------
# Learning the cell model from labelled cells


@dataclass(frozen=True)
class LabelledCell:
    """A (case, aspect) cell with its candidates and the statements a person accepts as its answer."""

    case: Case
    aspect: AspectDef
    found: tuple[Candidate, ...]
    gold: frozenset[str]  # verbatim statements; empty: "niet beschreven"

    def is_gold(self, candidate: Candidate) -> bool:
        """Whether the candidate is one of the accepted statements."""
        return _norm(candidate.statement.text) in self.gold


def _norm(text: str) -> str:
    return " ".join(text.split())


def gold_set(statements: Iterable[str]) -> frozenset[str]:
    """Accepted statements, whitespace-normalised for comparison."""
    return frozenset(_norm(s) for s in statements)


def _max_probabilities(model: CellModel, cells: Sequence[LabelledCell]) -> list[tuple[np.ndarray, bool]]:
    """Per cell: its PRESENT_FEATURES row and whether its best candidate is gold."""
    out = []
    for cell in cells:
        if not cell.found:
            out.append((present_features(cell.aspect, (), np.zeros((0, len(CELL_FEATURES))), np.zeros(0))[0], False))
            continue
        X = features(cell.case, cell.aspect, cell.found, model.words)
        p = model.model.probability(X)
        out.append((present_features(cell.aspect, cell.found, X, p)[0], cell.is_gold(cell.found[int(np.argmax(p))])))
    return out


def best_threshold(scored: Sequence[tuple[float, bool]], described: Sequence[bool]) -> float:
    """The cut-off that makes the most cells right: above it a gold best statement, below it none."""
    cuts = sorted({0.0, *(p for p, _ in scored), 1.0})
    best_cut, best_right = 0.5, -1
    for cut in cuts:
        right = sum(
            (p >= cut and ok) if d else (p < cut) for (p, ok), d in zip(scored, described, strict=True)
        )
        if right > best_right:
            best_cut, best_right = cut, right
    return best_cut


#: Prefix of the aspect-word tables learned from headings rather than from gold statements.
_HEADED = "heading:"
#: Prefix of the tables of shape terms (``shapes``) learned from gold statements.
_SHAPED = "shape:"


def _heading_examples(cells: Sequence[LabelledCell]) -> Iterable[tuple[str, str, bool]]:
    """(heading:aspect, statement, stands under a heading naming the aspect) for each distinct statement.

    The publications' own headings ("Resultaten", "Wie werken samen?") label far more statements than the
    gold cells do; cases without sub-headings (the sector-plan regions) borrow that vocabulary.
    """
    aspects = sorted({cell.aspect.key for cell in cells})
    seen: set[tuple[str, int]] = set()
    for cell in cells:
        for cand in cell.found:
            key = (cand.statement.passage_id, cand.statement.start)
            if key in seen:
                continue
            seen.add(key)
            heads = _heading_aspects(cand.passage, cell.case)
            for aspect in aspects:
                yield _HEADED + aspect, cand.statement.text, aspect in heads


def _words_of(cells: Sequence[LabelledCell]) -> AspectWords:
    gold = AspectWords.learn(
        (cell.aspect.key, cand.statement.text, cell.is_gold(cand)) for cell in cells for cand in cell.found
    )
    headed = AspectWords.learn(_heading_examples(cells))
    shaped = AspectWords.learn_terms(
        (_SHAPED + cell.aspect.key, shapes(cand.statement.text), cell.is_gold(cand))
        for cell in cells
        for cand in cell.found
    )
    return AspectWords({**gold.weights, **headed.weights, **shaped.weights})


#: Inner folds for the aspect words of the training rows: a cell's own gold words must not describe it.
_WORD_FOLDS = 5


def _fit_once(cells: Sequence[LabelledCell], *, c: float, seed: int) -> CellModel:
    from assistant.models import fit_linear

    words = _words_of(cells)
    # Each training cell is described by aspect words learned from the other cells (as at use time).
    held_words = [
        _words_of([cell for i, cell in enumerate(cells) if i % _WORD_FOLDS != k]) for k in range(_WORD_FOLDS)
    ]
    rows: list[np.ndarray] = []
    labels: list[float] = []
    for i, cell in enumerate(cells):
        if not cell.found or not cell.gold:
            continue
        rows.append(features(cell.case, cell.aspect, cell.found, held_words[i % _WORD_FOLDS]))
        labels.extend(float(cell.is_gold(cand)) for cand in cell.found)
    X = np.vstack(rows)
    y = np.array(labels)
    return CellModel(fit_linear(X, y, CELL_FEATURES, c=c, seed=seed, balanced=False), words)


def _fit_present(rows: np.ndarray, described: np.ndarray, *, c: float, seed: int) -> LinearModel:
    from assistant.models import fit_linear

    return fit_linear(rows, described, PRESENT_FEATURES, c=c, seed=seed)


def fit_cells(
    cells: Sequence[LabelledCell], *, folds: int = 5, c: float = 0.3, present_c: float = 0.3, seed: int = 0
) -> CellModel:
    """Fit the cell model and its "described at all?" model, both on out-of-fold predictions (inner CV).

    The ranking model picks the best statement of a cell; the present model, fitted on out-of-fold rows
    of the ranking model, says whether the cell is described at all; its threshold is chosen on
    predictions of the present model for rows it was not fitted on either.
    """
    rows: list[np.ndarray] = [np.zeros(len(PRESENT_FEATURES))] * len(cells)
    best_ok: list[bool] = [False] * len(cells)
    for k in range(folds):
        train = [cell for i, cell in enumerate(cells) if i % folds != k]
        held = [i for i in range(len(cells)) if i % folds == k]
        inner = _fit_once(train, c=c, seed=seed)
        for i, (row, ok) in zip(held, _max_probabilities(inner, [cells[i] for i in held]), strict=True):
            rows[i], best_ok[i] = row, ok
    R = np.vstack(rows)
    described = np.array([float(bool(cell.gold)) for cell in cells])
    held_p = np.zeros(len(cells))
    for k in range(folds):
        fit_on = np.array([i % folds != k for i in range(len(cells))])
        held_p[~fit_on] = _fit_present(R[fit_on], described[fit_on], c=present_c, seed=seed).probability(R[~fit_on])
    scored = [(float(p), ok) for p, ok in zip(held_p, best_ok, strict=True)]
    present = _fit_present(R, described, c=present_c, seed=seed)
    present = replace(present, threshold=best_threshold(scored, [bool(cell.gold) for cell in cells]))
    final = _fit_once(cells, c=c, seed=seed)
    info = {
        **final.model.info,
        "aspect_words": final.words.to_json(),
        "threshold_folds": folds,
        "present": present.to_json(),
    }
    return CellModel(replace(final.model, info=info), final.words, present)


#: How a filled cell compares with its label (cell_outcome).
RIGHT, WRONG_STATEMENT, SHOULD_BE_EMPTY, WRONGLY_EMPTY = "right", "wrong statement", "should be empty", "wrongly empty"


def cell_outcome(model: CellModel, cell: LabelledCell) -> str:
    """RIGHT, or which error: another statement, a statement where none is described, or none where one is."""
    chosen = model.choose(cell.case, cell.aspect, cell.found)
    if chosen is None:
        return RIGHT if not cell.gold else WRONGLY_EMPTY
    if not cell.gold:
        return SHOULD_BE_EMPTY
    return RIGHT if cell.is_gold(chosen[0]) else WRONG_STATEMENT


def cell_correct(model: CellModel, cell: LabelledCell) -> bool:
    """Whether the model fills the cell as labelled (the gold statement, or "niet beschreven")."""
    return cell_outcome(model, cell) == RIGHT


# ---------------------------------------------------------------------------------------------
# Choosing cells at use time


class CellChooser:
    """Fills a (case, aspect) cell: scores the case's statements (StatementScorer) and applies the cell model."""

    def __init__(self, scorer: StatementScorer, model: CellModel) -> None:
        self._scorer = scorer
        self._model = model

    def choose(self, case: Case, aspect: AspectDef, index: PassageSource) -> tuple[Passage, int, int] | None:
        """The passage and span of the best statement, or None ("niet beschreven")."""
        passages = [index.get(pid) for pid in case.passage_ids if index.has(pid)]
        found = candidates(self._scorer.score(question(aspect, case), passages), {p.id: p for p in passages})
        chosen = self._model.choose(case, aspect, found)
        if chosen is None:
            return None
        statement = chosen[0].statement
        return chosen[0].passage, statement.start, statement.end
