"""Shared fixtures: the real bundled embedding model, a real index of the corpus, an app over it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEV_SET = ROOT / "bench" / "data" / "dev.jsonl"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No WERKWIJZER_* from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("WERKWIJZER_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def embedder():  # noqa: ANN201
    """The real bundled all-MiniLM-L6-v2, loaded once per test session."""
    from assistant.embeddings import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


def make_settings(data_dir: Path, **overrides: object):  # noqa: ANN201
    """Settings for a test, never reading a .env file."""
    from assistant.config import Settings

    values: dict[str, object] = {"data_dir": data_dir, "corpus_dir": CORPUS, **overrides}
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def corpus_core(tmp_path_factory: pytest.TempPathFactory, embedder):  # noqa: ANN001, ANN201
    """The core over a real index of the whole corpus, built once per session."""
    from werkwijzer.compose import build_app_core

    settings = make_settings(tmp_path_factory.mktemp("corpus-data"))
    core = build_app_core(settings, embedder=embedder)
    report = core.indexer.ingest()
    assert report.ok, report.skipped
    return core


@pytest.fixture(scope="session")
def client(corpus_core) -> Iterator[object]:  # noqa: ANN001
    """A TestClient over the app built on the corpus index."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app(corpus_core)) as c:
        yield c
