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


class CachingEmbedder:
    """The real embedder, with passage vectors remembered on disk between test runs.

    Vectors are keyed by model and exact text, so a cached vector is exactly what the model gives;
    the cache only saves the ~40 s of re-embedding the corpus on every run. Queries are not cached.
    """

    def __init__(self, inner, path: Path) -> None:  # noqa: ANN001
        import numpy as np

        self._inner = inner
        self._path = path
        self._cache: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                self._cache = {k: data[k] for k in data.files}
        self._dirty = False

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._inner, name)

    @property
    def model_id(self) -> str:
        return self._inner.model_id

    @property
    def dimension(self) -> int:
        return self._inner.dimension

    def embed_passages(self, texts):  # noqa: ANN001, ANN201
        import hashlib

        import numpy as np

        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        todo = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in self._cache]
        if todo:
            vectors = self._inner.embed_passages([t for _, t in todo])
            for (k, _), v in zip(todo, vectors, strict=True):
                self._cache[k] = v
            self._dirty = True
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[k] for k in keys])

    def embed_query(self, text: str):  # noqa: ANN201
        return self._inner.embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self._inner.count_tokens(text)

    def save(self) -> None:
        import numpy as np

        if self._dirty:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._path.with_suffix(".tmp.npz")
            np.savez(tmp, **self._cache)
            os.replace(tmp, self._path)


@pytest.fixture(scope="session")
def embedder(pytestconfig: pytest.Config) -> Iterator[object]:
    """The real bundled all-MiniLM-L6-v2, loaded once per session (passage vectors cached on disk)."""
    from assistant.adapters.sentence_transformers import SentenceTransformerEmbedder

    cache = pytestconfig.cache.mkdir("werkwijzer") / "passage-vectors-all-MiniLM-L6-v2.npz"
    wrapped = CachingEmbedder(SentenceTransformerEmbedder(), cache)
    yield wrapped
    wrapped.save()


def make_settings(data_dir: Path, **overrides: object):  # noqa: ANN201
    """Settings for a test, never reading a .env file."""
    from assistant.config import Settings

    values: dict[str, object] = {"data_dir": data_dir, "corpus_dir": CORPUS, **overrides}
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def corpus_core(tmp_path_factory: pytest.TempPathFactory, embedder):  # noqa: ANN001, ANN201
    """The core over a real index of the whole corpus, built once per session."""
    from werkwijzer.compose import build_core

    settings = make_settings(tmp_path_factory.mktemp("corpus-data"))
    core = build_core(settings, embedder=embedder)
    report = core.indexer.ingest()
    assert report.ok, report.skipped
    return core


@pytest.fixture(scope="session")
def client(corpus_core) -> Iterator[object]:  # noqa: ANN001
    """A TestClient over the app built on the corpus index."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app(corpus_core), base_url="http://localhost") as c:
        yield c


#: Where tests send requests: a name the Host allow-list of the open localhost mode accepts.
LOCAL_URL = "http://localhost"


def admin_headers_for(core) -> dict[str, str]:  # noqa: ANN001
    """Headers with a new admin key of ``core``: admin endpoints need one even on localhost."""
    token = core.keys.create("test-admin", scopes=["admin"]).token
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def admin_headers(corpus_core) -> dict[str, str]:  # noqa: ANN001
    """An admin key of the session's corpus core, as request headers."""
    return admin_headers_for(corpus_core)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL (Debian's binaries, a throw-away cluster); skipped only when they are absent."""
    from tests.pg import postgres_bin, postgres_cluster

    if postgres_bin() is None:
        pytest.skip("PostgreSQL binaries absent (/usr/lib/postgresql/*/bin): `make install-test` installs them as root")
    with postgres_cluster() as url:
        yield url


@pytest.fixture(scope="session")
def small_core(tmp_path_factory: pytest.TempPathFactory, embedder):  # noqa: ANN001, ANN201
    """The core over an index of the small hand-made corpus (tests/assistant/small_corpus.py), built once."""
    from tests.assistant.small_corpus import write_corpus
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
