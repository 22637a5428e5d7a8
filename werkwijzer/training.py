"""`werkwijzer train`: fit the passage, unit and answerability models on question files (seeded).

The same functions serve cross-validation (`werkwijzer eval --folds`): a fold's models are fitted on
the other folds only, so its figures are what a question nobody tuned on gets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer.learned import ANSWERABLE_FEATURES, answerable_row, uncovered, unknown_words
from assistant.answer.units import UNIT_FEATURES, UnitFeaturizer, units_of
from assistant.models import LinearModel, Models, fit_linear
from assistant.search.features import PASSAGE_FEATURES, PassageFeaturizer, QueryTerms
from assistant.search.index import LoadedIndex
from assistant.types import Hit
from werkwijzer.evaluation import EvalQuestion, Source, passage_hits, term_found, text_hits

SEED = 0
READ = 6  # passages whose units the answerer reads (AnswerTuning.passages; 6 of 5/6/7/8/10 on the folds)
PASSAGE_C = 0.1  # L2 strength of the passage model, chosen by cross-validation (see README)
UNIT_C = 0.1
ANSWERABLE_C = 0.3
#: The share of answerable questions the answerability threshold may refuse (out of fold): the
#: issue's target for wrongly refused questions is 0.05, so the threshold aims a little below it.
MAX_WRONG_REFUSAL = 0.03


@dataclass
class Example:
    """One question with its candidate passages and which of them hit a gold source."""

    question: EvalQuestion
    query: QueryTerms
    rows: np.ndarray
    features: np.ndarray
    labels: np.ndarray


def examples(index: LoadedIndex, featurizer: PassageFeaturizer, questions: Sequence[EvalQuestion]) -> list[Example]:
    """Candidates and labels for every question that stands on its own (follow-ups need their chat)."""
    out = []
    for q in questions:
        if q.follow_up_of:
            continue
        c = featurizer.candidates(index, q.question)
        labels = np.array(
            [
                passage_hits({"document_id": p.document_id, "text": p.text}, q.sources)
                for p in (index.passages[int(r)] for r in c.rows)
            ],
            dtype=np.int64,
        )
        out.append(Example(q, c.query, c.rows, c.features, labels))
    return out


def fit_passages(data: Sequence[Example]) -> LinearModel:
    """The passage ranker: P(passage hits a gold source | features), over answerable questions."""
    used = [e for e in data if e.question.answerable and len(e.rows)]
    X = np.vstack([e.features for e in used])
    y = np.concatenate([e.labels for e in used])
    return fit_linear(X, y, PASSAGE_FEATURES, c=PASSAGE_C, seed=SEED)


def ranked_hits(index: LoadedIndex, e: Example, model: LinearModel, k: int) -> list[Hit]:
    """The example's candidates ordered by ``model``, as the retriever would return them."""
    if not len(e.rows):
        return []
    p = model.probability(e.features)
    order = np.argsort(-p, kind="stable")[:k]
    return [Hit(index.passages[int(e.rows[i])], float(p[i])) for i in order]


def unit_label(q: EvalQuestion, document_id: str, text: str) -> int:
    """A unit belongs in the answer when it is (part of) a gold quote or holds a must-mention term."""
    if any(text_hits(document_id, text, s) or text_hits(document_id, s.quote, Source(s.doc, text)) for s in q.sources):
        return 1
    return int(any(term_found(t, text) for t in q.must_mention))


@dataclass
class Reading:
    """One question's units read against its ranked hits."""

    example: Example
    hits: list[Hit]
    features: np.ndarray
    labels: np.ndarray


def readings(index: LoadedIndex, data: Sequence[Example], passages: LinearModel, *, k: int, read: int) -> list[Reading]:
    """Unit features and labels of every example, over the hits ``passages`` ranks first."""
    featurizer = UnitFeaturizer(index.lexical)
    out = []
    for e in data:
        hits = ranked_hits(index, e, passages, k)
        units = units_of(hits, passages=read)
        X = featurizer.features(e.query, units) if units else np.zeros((0, len(UNIT_FEATURES)), np.float32)
        y = np.array([unit_label(e.question, u.passage.document_id, u.text) for u in units], dtype=np.int64)
        out.append(Reading(e, hits, X, y))
    return out


def fit_units(data: Sequence[Reading]) -> LinearModel:
    """The unit model: P(unit is part of the answer | features), over answerable questions."""
    used = [r for r in data if r.example.question.answerable and len(r.labels)]
    X = np.vstack([r.features for r in used])
    y = np.concatenate([r.labels for r in used])
    return fit_linear(X, y, UNIT_FEATURES, c=UNIT_C, seed=SEED)


def answerable_rows(index: LoadedIndex, data: Sequence[Reading], model: LinearModel) -> tuple[np.ndarray, np.ndarray]:
    """(features, answerable?) per question."""
    rows, labels = [], []
    for r in data:
        p = model.probability(r.features) if len(r.features) else np.zeros(0)
        q = r.example.query
        units = units_of(r.hits, passages=READ)
        left_out = uncovered(index, q, r.hits, units, p)
        rows.append(answerable_row(q, r.hits, r.features, p, unknown_words(index, q), left_out, units))
        labels.append(int(r.example.question.answerable))
    return np.vstack(rows), np.array(labels, dtype=np.int64)


def fit_answerable(X: np.ndarray, y: np.ndarray) -> LinearModel:
    """The answerability model, its threshold set on out-of-fold predictions (5 inner folds)."""
    model = fit_linear(X, y, ANSWERABLE_FEATURES, c=ANSWERABLE_C, seed=SEED)
    oof = np.zeros(len(y))
    inner = np.arange(len(y)) % 5
    for f in range(5):
        train, test = inner != f, inner == f
        if len(set(y[train].tolist())) < 2 or not test.any():
            oof[test] = 0.5
            continue
        oof[test] = fit_linear(X[train], y[train], ANSWERABLE_FEATURES, c=ANSWERABLE_C, seed=SEED).probability(X[test])
    threshold = choose_threshold(oof, y)
    return LinearModel(
        features=model.features,
        mean=model.mean,
        scale=model.scale,
        weights=model.weights,
        bias=model.bias,
        threshold=threshold,
        info={**model.info, "threshold_from": "out-of-fold predictions", "max_wrong_refusal": MAX_WRONG_REFUSAL},
    )


def choose_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The highest cut-off that refuses at most MAX_WRONG_REFUSAL of the answerable questions
    (out of fold): a wrong refusal costs staff more than an answer to an unanswerable question."""
    answerable = np.sort(p[y == 1])
    if not len(answerable):
        return 0.5
    allowed = int(np.floor(MAX_WRONG_REFUSAL * len(answerable)))
    # Refusing below the (allowed+1)-th lowest answerable probability refuses exactly ``allowed``.
    return float(answerable[allowed]) if allowed < len(answerable) else float(answerable[-1])


def train(
    index: LoadedIndex, featurizer: PassageFeaturizer, questions: Sequence[EvalQuestion], *, k: int, read: int
) -> Models:
    """Fit all three models on ``questions``."""
    return fit_all(index, examples(index, featurizer, questions), k=k, read=read)


def fit_all(index: LoadedIndex, data: Sequence[Example], *, k: int, read: int) -> Models:
    """Fit all three models on already featurised examples."""
    passages = fit_passages(data)
    read_data = readings(index, data, passages, k=k, read=read)
    units = fit_units(read_data)
    X, y = answerable_rows(index, read_data, units)
    return Models(passages=passages, units=units, answerable=fit_answerable(X, y))
