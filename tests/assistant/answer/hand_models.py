"""Hand-set linear models for tests: one feature decides, so a test knows which unit or passage wins.

These are fakes named as fakes: the shipped models are fitted by `werkwijzer train`; these only make
the rules around a model (lists, names, refusals, ordering) testable on a small corpus.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.models import LinearModel


def fake_model(
    features: Sequence[str], *, on: str | None = None, weight: float = 4.0, bias: float = 0.0, threshold: float = 0.5
) -> LinearModel:
    """P = sigmoid(weight * x[on] + bias); with ``on=None`` every row gets sigmoid(bias)."""
    w = np.zeros(len(features))
    if on is not None:
        w[list(features).index(on)] = weight
    n = len(features)
    return LinearModel(tuple(features), np.zeros(n), np.ones(n), w, bias, threshold=threshold)
