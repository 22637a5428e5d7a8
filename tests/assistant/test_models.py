"""The learned models: fit, score, save and load, and refusal of a model made for other features."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigurationError
from assistant.models import LinearModel, fit_linear, load_model
from werkwijzer.compose import load_models


def _data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] > 0).astype(int)  # only the first feature matters
    return X, y


def test_a_fitted_model_learns_which_feature_matters() -> None:
    X, y = _data()
    model = fit_linear(X, y, ("signal", "noise"), c=1.0)
    assert abs(model.weights[0]) > 5 * abs(model.weights[1])
    p = model.probability(np.array([[2.0, 0.0], [-2.0, 0.0]]))
    assert p[0] > 0.9 and p[1] < 0.1


def test_a_model_survives_a_round_trip_through_json(tmp_path: Path) -> None:
    X, y = _data()
    model = fit_linear(X, y, ("signal", "noise"))
    model.save(tmp_path / "m.json")
    again = load_model("m", folder=tmp_path, expected=("signal", "noise"))
    assert np.allclose(again.probability(X), model.probability(X))


def test_a_model_for_other_features_is_refused(tmp_path: Path) -> None:
    X, y = _data()
    fit_linear(X, y, ("signal", "noise")).save(tmp_path / "m.json")
    with pytest.raises(ConfigurationError, match="werkwijzer train"):
        load_model("m", folder=tmp_path, expected=("signal", "other"))


def test_scoring_rows_of_the_wrong_width_is_an_error() -> None:
    model = LinearModel(("a",), np.zeros(1), np.ones(1), np.ones(1), 0.0)
    with pytest.raises(ValueError, match="feature columns"):
        model.probability(np.zeros((1, 2)))


def test_the_shipped_models_load_with_the_features_this_version_computes() -> None:
    models = load_models()
    assert 0.0 < models.answerable.threshold < 1.0
    assert models.passages.info["examples"] > 1000


def test_a_missing_model_folder_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="werkwijzer train"):
        load_models(tmp_path)
