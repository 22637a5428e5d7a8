"""The chat's unit model as a StatementScorer: every statement of some passages scored for a question."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.answer.units import UNIT_FEATURES, UnitFeaturizer, units_of
from assistant.cases.types import ScoredStatement
from assistant.models import LinearModel
from assistant.search.features import PassageFeaturizer
from assistant.search.index import IndexHolder
from assistant.types import Hit, Passage


class UnitStatementScorer:
    """Scores statements with the same features and model the extractive answer uses."""

    def __init__(self, holder: IndexHolder, featurizer: PassageFeaturizer, units: LinearModel) -> None:
        self._holder = holder
        self._featurizer = featurizer
        self._units = units

    def score(self, question: str, passages: Sequence[Passage]) -> list[ScoredStatement]:
        """One scored statement per unit of ``passages`` (all passages count as equally retrieved)."""
        if not passages:
            return []
        index = self._holder.current()
        q = self._featurizer.analyse(index.lexical, question)
        # The passages are given (a case's own sections), not retrieved: each is a hit at full score,
        # so the unit model ranks statements by what they say, not by where search put them.
        hits = [Hit(p, 1.0) for p in passages]
        units = units_of(hits, passages=len(hits))
        if not units:
            return []
        X = UnitFeaturizer(index.lexical).features(q, units)
        for row in X:
            row[UNIT_FEATURES.index("passage_rr")] = 1.0
        p = self._units.probability(X)
        return [
            ScoredStatement(
                passage_id=u.passage.id,
                start=u.unit.start,
                end=u.unit.end,
                text=u.text,
                kind=u.unit.kind,
                index=u.index,
                count=u.count,
                probability=float(prob),
            )
            for u, prob in zip(units, np.asarray(p), strict=True)
        ]
