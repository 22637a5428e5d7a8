"""The app a uvicorn worker builds: settings from the environment, warmed when it can be."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import LOCAL_URL, make_settings
from werkwijzer import compose
from werkwijzer.serving import APP_FACTORY, served_app


@pytest.fixture
def shared_model(embedder, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """Cores built here use the session's loaded model instead of loading it again."""
    real = compose.build_core
    monkeypatch.setattr(compose, "build_core", lambda settings: real(settings, embedder=embedder))


def test_a_worker_reads_its_settings_from_the_environment_and_serves_the_index(
    small_core, shared_model: None, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(small_core.settings.data_dir))
    monkeypatch.setenv("WERKWIJZER_CORPUS_DIR", str(small_core.settings.corpus_dir))
    app = served_app()
    assert app.state.core.settings.data_dir == small_core.settings.data_dir
    with TestClient(app, base_url=LOCAL_URL) as client:
        assert client.get("/healthz").status_code == 200


def test_without_an_index_the_app_is_still_made_and_says_so(
    tmp_path: Path, shared_model: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="werkwijzer.serving"):
        app = served_app(make_settings(tmp_path / "empty"))
    assert any(r.getMessage().startswith("not warmed: ") for r in caplog.records)
    with TestClient(app, base_url=LOCAL_URL) as client:
        health = client.get("/healthz")
    assert health.status_code == 503 and "index" in health.text


def test_the_factory_string_names_this_function() -> None:
    module, name = APP_FACTORY.split(":")
    assert getattr(__import__(module, fromlist=[name]), name) is served_app
