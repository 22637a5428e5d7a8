"""Fixtures of the assistant tests: the core over the small hand-made corpus (tests/assistant/small_corpus.py)."""

from __future__ import annotations

import pytest

from tests.assistant.small_corpus import write_corpus
from tests.conftest import make_settings


@pytest.fixture(scope="session")
def small_core(tmp_path_factory: pytest.TempPathFactory, embedder):  # noqa: ANN001, ANN201
    """The core over an index of the two small publications, built once per session."""
    from werkwijzer.compose import build_core

    corpus = write_corpus(tmp_path_factory.mktemp("small-corpus"))
    core = build_core(make_settings(tmp_path_factory.mktemp("small-data"), corpus_dir=corpus), embedder=embedder)
    report = core.indexer.ingest()
    assert report.ok, report.skipped
    return core


@pytest.fixture(scope="session")
def small_index(small_core):  # noqa: ANN001, ANN201
    """The loaded index of the small corpus."""
    return small_core.holder.current()
