"""The Chroma vector store on disk (a real PersistentClient) with hand-made three-dimensional vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.chroma import SEARCH_EF, ChromaVectorStore, chroma_client
from assistant.errors import ConfigurationError, StoreUnavailableError
from assistant.types import Passage


def _passage(pid: str, doc: str = "a", page: int | None = 1) -> Passage:
    return Passage(id=pid, document_id=doc, document_title=doc, section=None, page=page, text=f"tekst {pid}", ordinal=0)


PASSAGES = [_passage("x"), _passage("y", page=None), _passage("z", doc="b")]
VECTORS = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.7, 0.7, 0.0]], dtype=np.float32)


@pytest.fixture
def store(tmp_path: Path) -> ChromaVectorStore:
    s = ChromaVectorStore(chroma_client(url=None, path=tmp_path / "chroma"), "proef", metadata={"dimension": 3})
    s.add(PASSAGES, VECTORS)
    return s


def test_nearest_first_with_cosine_similarity(store: ChromaVectorStore) -> None:
    found = store.query(np.array([1.0, 0.1, 0.0]), k=3)
    assert [pid for pid, _ in found] == ["x", "z", "y"]
    assert found[0][1] == pytest.approx(1.0 / np.sqrt(1.01), abs=1e-4)  # a similarity, not a distance
    assert found[0][1] > found[1][1] > found[2][1]


def test_a_query_can_be_limited_to_documents(store: ChromaVectorStore) -> None:
    assert [pid for pid, _ in store.query(np.array([1.0, 0.0, 0.0]), k=3, document_ids=["b"])] == ["z"]


def test_writing_again_replaces_and_vectors_come_back_for_known_ids(store: ChromaVectorStore) -> None:
    store.add(PASSAGES[:1], np.array([[0.0, 0.0, 1.0]], dtype=np.float32))
    assert store.count() == 3
    got = store.vectors(["x", "nope"])
    assert set(got) == {"x"} and got["x"].dtype == np.float32
    np.testing.assert_allclose(got["x"], [0.0, 0.0, 1.0])


def test_more_records_than_one_call_may_carry_are_written_in_batches(tmp_path: Path) -> None:
    s = ChromaVectorStore(chroma_client(url=None, path=tmp_path / "chroma"), "groot")
    many = [_passage(f"p{i}") for i in range(2001)]
    vectors = np.tile(np.array([[1.0, 0.0, 0.0]], dtype=np.float32), (2001, 1))
    vectors[2000] = [0.0, 1.0, 0.0]  # the one record of the second batch has its own vector
    s.add(many, vectors)
    assert s.count() == 2001
    got = s.vectors([p.id for p in many])
    assert len(got) == 2001
    np.testing.assert_allclose(got["p2000"], [0.0, 1.0, 0.0])


def test_the_collection_keeps_what_it_was_made_with(store: ChromaVectorStore, tmp_path: Path) -> None:
    assert store.name == "proef"
    assert store.metadata["dimension"] == 3 and store.metadata["hnsw:space"] == "cosine"
    assert not store.outdated
    client = chroma_client(url=None, path=tmp_path / "chroma")
    old = ChromaVectorStore(client, "oud", metadata={"hnsw:search_ef": SEARCH_EF // 2})
    assert old.outdated  # made before search_ef was raised: ingest must make it anew


def test_a_dropped_collection_is_reported_unavailable(store: ChromaVectorStore) -> None:
    store.ping()
    store.drop()
    with pytest.raises(StoreUnavailableError):
        store.count()
    with pytest.raises(StoreUnavailableError, match="could not drop proef"):
        store.drop()


@pytest.mark.parametrize("url", ["ftp://host:8000", "http://", "localhost:8000"])
def test_a_server_url_that_is_not_http_is_refused_with_the_setting_s_name(url: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="WERKWIJZER_CHROMA_URL"):
        chroma_client(url=url, path=tmp_path)
