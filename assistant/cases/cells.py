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
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

from assistant.cases.catalogue import aspects_of_heading
from assistant.cases.types import AspectDef, Case, ScoredStatement
from assistant.language.backmatter import is_back_matter, is_contact_line
from assistant.language.text import content_tokens, fold, stem
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
    "heading_in_cell",  # some candidate of the cell stands under a heading naming the aspect
    "first_in_section",  # the first statement under its heading
    "position",  # place in its passage, 0..1
    "words",  # log of its number of words
    "item",
    "row",
    "number",  # has a digit
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


def _terms(text: str) -> set[str]:
    return {stem(t) for t in content_tokens(fold(text))}


@dataclass(frozen=True)
class AspectWords:
    """Per aspect, the log-odds of a word stem in gold statements against the other candidates."""

    weights: dict[str, dict[str, float]]

    def score(self, aspect: str, text: str) -> float:
        """Mean weight of the statement's word stems for ``aspect`` (0 for an aspect never learned)."""
        w = self.weights.get(aspect)
        terms = _terms(text)
        if not w or not terms:
            return 0.0
        return sum(w.get(t, 0.0) for t in terms) / math.sqrt(len(terms))

    @classmethod
    def learn(cls, examples: Iterable[tuple[str, str, bool]], *, smoothing: float = 1.0) -> AspectWords:
        """From (aspect, statement text, is gold) triples: smoothed log-odds per stem and aspect."""
        gold: dict[str, Counter[str]] = {}
        rest: dict[str, Counter[str]] = {}
        for aspect, text, positive in examples:
            (gold if positive else rest).setdefault(aspect, Counter()).update(_terms(text))
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
        X[row, col["heading_in_cell"]] = float(any_heading)
        X[row, col["first_in_section"]] = float(section not in seen_sections)
        X[row, col["position"]] = s.index / max(s.count - 1, 1)
        X[row, col["words"]] = math.log1p(len(s.text.split()))
        X[row, col["item"]] = float(s.kind == "item")
        X[row, col["row"]] = float(s.kind == "row")
        X[row, col["number"]] = float(bool(_DIGIT.search(s.text)))
        seen_sections.add(section)
    return X


@dataclass(frozen=True)
class CellModel:
    """The learned cell model: a linear model over CELL_FEATURES, its aspect words and its threshold."""

    model: LinearModel
    words: AspectWords

    def choose(self, case: Case, aspect: AspectDef, found: Sequence[Candidate]) -> tuple[Candidate, float] | None:
        """The best candidate and its probability, or None ("niet beschreven") below the threshold."""
        if not found:
            return None
        p = self.model.probability(features(case, aspect, found, self.words))
        best = int(np.argmax(p))
        return (found[best], float(p[best])) if p[best] >= self.model.threshold else None

    @classmethod
    def from_linear(cls, model: LinearModel) -> CellModel:
        """From a stored model whose ``info`` holds the aspect words."""
        return cls(model, AspectWords(dict(model.info.get("aspect_words", {}))))


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


def _max_probabilities(model: CellModel, cells: Sequence[LabelledCell]) -> list[tuple[float, bool]]:
    """Per cell: the best candidate's probability and whether that candidate is gold."""
    out = []
    for cell in cells:
        if not cell.found:
            out.append((0.0, False))
            continue
        p = model.model.probability(features(cell.case, cell.aspect, cell.found, model.words))
        best = int(np.argmax(p))
        out.append((float(p[best]), cell.is_gold(cell.found[best])))
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


def _words_of(cells: Sequence[LabelledCell]) -> AspectWords:
    return AspectWords.learn(
        (cell.aspect.key, cand.statement.text, cell.is_gold(cand)) for cell in cells for cand in cell.found
    )


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


def fit_cells(cells: Sequence[LabelledCell], *, folds: int = 5, c: float = 0.3, seed: int = 0) -> CellModel:
    """Fit the cell model; its threshold is chosen on out-of-fold predictions of ``cells`` (inner CV)."""
    scored: list[tuple[float, bool]] = [(0.0, False)] * len(cells)
    for k in range(folds):
        train = [cell for i, cell in enumerate(cells) if i % folds != k]
        held = [i for i in range(len(cells)) if i % folds == k]
        inner = _fit_once(train, c=c, seed=seed)
        for i, s in zip(held, _max_probabilities(inner, [cells[i] for i in held]), strict=True):
            scored[i] = s
    threshold = best_threshold(scored, [bool(cell.gold) for cell in cells])
    final = _fit_once(cells, c=c, seed=seed)
    info = {**final.model.info, "aspect_words": final.words.to_json(), "threshold_folds": folds}
    model = LinearModel(
        features=final.model.features,
        mean=final.model.mean,
        scale=final.model.scale,
        weights=final.model.weights,
        bias=final.model.bias,
        threshold=threshold,
        info=info,
    )
    return CellModel(model, final.words)


def cell_correct(model: CellModel, cell: LabelledCell) -> bool:
    """Whether the model fills the cell as labelled (the gold statement, or "niet beschreven")."""
    chosen = model.choose(cell.case, cell.aspect, cell.found)
    if chosen is None:
        return not cell.gold
    return cell.is_gold(chosen[0])


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
