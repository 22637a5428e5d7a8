"""The learned models: fit, score, save and load, and refusal of a model made for other features."""

from __future__ import annotations

import json
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


def test_probabilities_do_not_overflow_on_extreme_rows() -> None:
    model = LinearModel(("a",), np.zeros(1), np.ones(1), np.array([1.0]), 0.0)
    p = model.probability(np.array([[1e6], [-1e6], [0.0]]))
    assert np.all(np.isfinite(p)) and p[0] > 0.999 and p[1] < 0.001 and p[2] == 0.5


def test_a_model_file_without_threshold_or_info_reads_with_defaults() -> None:
    data = {"features": ["a"], "mean": [1.0], "scale": [2.0], "weights": [3.0], "bias": 0.5}
    model = LinearModel.from_json(data)
    assert model.threshold == 0.5 and model.info == {}
    # Standardised: x = mean scores the bias alone.
    assert model.probability(np.array([[1.0]]))[0] == 1 / (1 + np.exp(-0.5))


def test_fitting_one_class_is_refused_and_a_constant_feature_gets_scale_one() -> None:
    X = np.column_stack([np.arange(10.0), np.ones(10)])
    with pytest.raises(ValueError, match="both classes"):
        fit_linear(X, np.zeros(10, dtype=int), ("a", "b"))
    model = fit_linear(X, (np.arange(10) > 4).astype(int), ("a", "b"))
    assert model.scale[1] == 1.0 and model.info["examples"] == 10 and model.info["positives"] == 5


def test_saved_models_are_stable_json(tmp_path: Path) -> None:
    X, y = _data()
    model = fit_linear(X, y, ("signal", "noise"))
    model.save(tmp_path / "a.json")
    model.save(tmp_path / "b.json")
    text = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert text == (tmp_path / "b.json").read_text(encoding="utf-8") and text.endswith("\n")
    keys = list(json.loads(text))
    assert keys == sorted(keys)
