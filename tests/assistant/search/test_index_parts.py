"""An index version's parts on hand-made values: the manifest's JSON form, passages' JSON form, the
per-version cache, and dense similarities over a fake in-memory vector store (a fake, named so)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from assistant.search.index import (
    DocumentRecord,
    IndexManifest,
    IndexSpec,
    LoadedIndex,
    passage_from_json,
    passage_to_json,
)
from assistant.types import DocumentInfo, Passage

SPEC = IndexSpec("all-MiniLM-L6-v2", 384, chunk_max_tokens=256, chunk_min_tokens=40, chunker_version="7")
PASSAGES = [
    Passage(id=f"a-{i}", document_id="a", document_title="A", section="1 Kop", page=i or None, text=t, ordinal=i,
            start=i * 10, end=i * 10 + 9, kind="list" if i == 2 else "text")
    for i, t in enumerate(["De jobcoach helpt.", "Het kost 4.500 euro.", "- een\n- twee"])
]


def _manifest(**extra: object) -> IndexManifest:
    docs = (
        DocumentRecord(DocumentInfo("a", "A", publisher="P", year=2020, kind="rapport", source="a.pdf"), "f1", 3, 12),
        DocumentRecord(DocumentInfo("b", "B"), "f2", 0),
    )
    return IndexManifest("v1", "2026-01-01T00:00:00Z", SPEC, docs, passages=3, extra=dict(extra))


class FakeVectorStore:
    """An in-memory stand-in for the vector store: vectors by id, counting how often they are read."""

    def __init__(self, vectors: dict[str, list[float]], *, outdated: bool = False) -> None:
        self._vectors = {k: np.array(v, dtype=np.float32) for k, v in vectors.items()}
        self.reads = 0
        self.outdated = outdated

    def vectors(self, ids):  # noqa: ANN001, ANN201
        self.reads += 1
        return {i: self._vectors[i] for i in ids if i in self._vectors}


def _index(store: FakeVectorStore, *, stale: bool = False) -> LoadedIndex:
    return LoadedIndex(_manifest(), PASSAGES, SimpleNamespace(stale=stale), store)  # type: ignore[arg-type]


def test_the_manifest_reads_back_what_it_wrote() -> None:
    manifest = _manifest(analyser="3")
    data = manifest.to_json()
    assert data["documents"][0] == {"id": "a", "title": "A", "publisher": "P", "year": 2020, "kind": "rapport",
                                    "source": "a.pdf", "fingerprint": "f1", "passages": 3, "pages": 12}
    assert IndexManifest.from_json(data) == manifest


def test_an_older_manifest_without_pages_or_extra_still_reads() -> None:
    data = _manifest().to_json()
    del data["extra"]
    for d in data["documents"]:
        del d["pages"]
    old = IndexManifest.from_json(data)
    assert old.extra == {} and all(d.pages is None for d in old.documents)


def test_a_passage_reads_back_with_its_offsets_and_kind() -> None:
    for p in PASSAGES:
        assert passage_from_json(passage_to_json(p)) == p


def test_the_spec_describes_model_and_chunking_in_one_line() -> None:
    assert SPEC.describe() == (
        "embedding model all-MiniLM-L6-v2 (384 dimensions), chunks of 40-256 word pieces, chunker 7"
    )


def test_dense_similarities_are_cosines_read_once_with_zero_for_a_missing_vector() -> None:
    store = FakeVectorStore({"a-0": [3.0, 0.0], "a-1": [1.0, 1.0]})  # a-2 has no vector
    index = _index(store)
    sims = index.dense_similarities(np.array([2.0, 0.0]))  # neither side need be normalised
    np.testing.assert_allclose(sims, [1.0, 1 / np.sqrt(2), 0.0], atol=1e-6)
    index.dense_similarities(np.array([0.0, 5.0]))
    assert store.reads == 1  # the matrix is read from the store once per version


def test_a_derived_value_is_built_once_per_version_and_keyed_by_its_builder() -> None:
    index = _index(FakeVectorStore({}))
    calls: list[str] = []

    def count(i: LoadedIndex) -> int:
        calls.append("count")
        return len(i.passages)

    def ids(i: LoadedIndex) -> list[str]:
        return [p.id for p in i.passages]

    assert index.derived(count) == 3 and index.derived(count) == 3
    assert index.derived(ids) == ["a-0", "a-1", "a-2"]
    assert calls == ["count"]
    assert _index(FakeVectorStore({})).derived(count) == 3 and calls == ["count", "count"]  # a new version


@pytest.mark.parametrize(("stale", "store_outdated", "outdated"),
                         [(False, False, False), (True, False, True), (False, True, True)])
def test_an_index_is_outdated_when_its_lexical_index_or_its_store_is(stale: bool, store_outdated: bool,
                                                                      outdated: bool) -> None:
    assert _index(FakeVectorStore({}, outdated=store_outdated), stale=stale).outdated is outdated


def test_lengths_and_figures_follow_passage_order() -> None:
    index = _index(FakeVectorStore({}))
    assert index.lengths.tolist() == [3.0, 4.0, 4.0]
    assert index.numbered.tolist() == [0.0, 1.0, 0.0]
