"""Learned scoring models as small JSON files: a standardised logistic regression over named features."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ConfigurationError

#: Shipped model files (built by `werkwijzer train`), in the package's data folder.
PASSAGES = "passages"
UNITS = "units"
ANSWERABLE = "answerable"
MODEL_NAMES = (PASSAGES, UNITS, ANSWERABLE)


@dataclass(frozen=True)
class LinearModel:
    """P(y=1 | x) = sigmoid(w · (x - mean) / scale + b); ``threshold`` is its calibrated cut-off."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float = 0.5
    info: dict[str, Any] = field(default_factory=dict)

    def probability(self, X: np.ndarray) -> np.ndarray:
        """The probability of the positive class for each row of ``X`` (columns = ``features``)."""
        if X.ndim != 2 or X.shape[1] != len(self.features):
            raise ValueError(f"expected {len(self.features)} feature columns, got {X.shape}")
        z = ((X - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict[str, Any]:
        """The model as plain JSON."""
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "threshold": self.threshold,
            "info": self.info,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, expected: Sequence[str] | None = None, origin: str = "") -> LinearModel:
        """Read a model; refuses one made for other features (it would score garbage)."""
        features = tuple(data["features"])
        if expected is not None and features != tuple(expected):
            raise ConfigurationError(
                f"The model {origin} was trained on other features than this version computes; "
                "rebuild it with `werkwijzer train`."
            )
        return cls(
            features=features,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data.get("threshold", 0.5)),
            info=dict(data.get("info") or {}),
        )

    def save(self, path: Path) -> None:
        """Write the model as JSON (stable key order, so a retrain shows as a readable diff)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def fit_linear(
    X: np.ndarray, y: np.ndarray, features: Sequence[str], *, c: float = 0.1, seed: int = 0, balanced: bool = False
) -> LinearModel:
    """Fit a standardised, L2-regularised logistic regression (scikit-learn) and keep its numbers."""
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    Z = (X - mean) / scale
    if len(set(y.tolist())) < 2:
        raise ValueError("training needs examples of both classes")
    lr = LogisticRegression(
        C=c, max_iter=5000, random_state=seed, class_weight="balanced" if balanced else None
    ).fit(Z, y)
    return LinearModel(
        features=tuple(features),
        mean=mean,
        scale=scale,
        weights=lr.coef_[0].astype(np.float64),
        bias=float(lr.intercept_[0]),
        info={"examples": int(len(y)), "positives": int(y.sum()), "C": c},
    )


def load_model(name: str, *, folder: Path | None = None, expected: Sequence[str] | None = None) -> LinearModel:
    """A model by name from ``folder`` (a setting), else the one shipped with the package."""
    file = f"{name}.json"
    if folder is not None:
        path = folder / file
        if not path.is_file():
            raise ConfigurationError(f"No model file {path}: run `werkwijzer train --out {folder}`.")
        text = path.read_text(encoding="utf-8")
        origin = str(path)
    else:
        try:
            text = resources.files("assistant.data").joinpath("models", file).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigurationError(f"The package ships no model {file}: run `werkwijzer train`.") from None
        origin = f"assistant/data/models/{file}"
    return LinearModel.from_json(json.loads(text), expected=expected, origin=origin)


@dataclass(frozen=True)
class Models:
    """The three trained models: the passage ranker, the unit model and the answerability model."""

    passages: LinearModel
    units: LinearModel
    answerable: LinearModel
