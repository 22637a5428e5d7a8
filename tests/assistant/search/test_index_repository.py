"""Index versions on disk (temp dir): written, activated atomically, refused when built otherwise, pruned."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import IndexMismatchError, IndexMissingError
from assistant.search.index import (
    ACTIVE_POINTER,
    MANIFEST,
    DocumentRecord,
    IndexHolder,
    IndexManifest,
    IndexRepository,
    IndexSpec,
    passage_from_json,
    passage_to_json,
)
from assistant.search.lexical import LexicalIndex
from assistant.types import DocumentInfo, Passage

SPEC = IndexSpec("test-model", 8, 200, 20, "test-chunker")
PASSAGES = [
    Passage("d-0", "d", "Doc", "1 Aanpak", 1, "De jobcoach bezoekt de werkplek elke week.", 0, 0, 42, "text"),
    Passage("d-1", "d", "Doc", "2 Kosten", 2, "Een traject kost 4.500 euro.", 1, 44, 72, "text"),
]


class FakeVectorStore:
    """Stands in for the vector collection of a version (these tests never search vectors)."""

    def __init__(self, version: str, folder: Path) -> None:
        self.version, self.folder = version, folder


def repository(tmp_path: Path) -> IndexRepository:
    return IndexRepository(tmp_path / "index", FakeVectorStore)  # type: ignore[arg-type]


def build(repo: IndexRepository, spec: IndexSpec = SPEC) -> str:
    version, folder = repo.begin()
    info = DocumentInfo("d", "Doc", "Testbureau", 2020, "rapport", "d.txt")
    manifest = IndexManifest(version, "2026-01-01T00:00:00", spec, (DocumentRecord(info, "abc", 2, 2),), 2,
                             {"note": "test"})
    repo.write(folder, manifest, PASSAGES, LexicalIndex.build(PASSAGES))
    return version


def test_a_passage_survives_its_json_form() -> None:
    for p in PASSAGES:
        assert passage_from_json(passage_to_json(p)) == p


def test_a_manifest_survives_its_json_form() -> None:
    info = DocumentInfo("d", "Doc", None, None, None, None)
    manifest = IndexManifest("v1", "now", SPEC, (DocumentRecord(info, "f", 3),), 3, {"k": 1})
    assert IndexManifest.from_json(manifest.to_json()) == manifest


def test_the_spec_describes_model_and_chunking_in_one_line() -> None:
    assert SPEC.describe() == (
        "embedding model test-model (8 dimensions), chunks of 20-200 word pieces, chunker test-chunker"
    )


def test_nothing_is_served_before_a_version_is_activated(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    assert repo.active_version() is None and repo.manifest() is None
    with pytest.raises(IndexMissingError, match="werkwijzer ingest"):
        repo.load(SPEC)
    version = build(repo)
    assert repo.active_version() is None  # written, not yet swapped in
    repo.activate(version, drop_store=lambda v: None)
    assert repo.active_version() == version


def test_a_loaded_version_has_its_passages_lexical_index_store_and_manifest(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    version = build(repo)
    repo.activate(version, drop_store=lambda v: None)
    loaded = repo.load(SPEC)
    assert loaded.passages == tuple(PASSAGES)
    assert loaded.manifest.version == version and loaded.manifest.extra == {"note": "test"}
    assert loaded.store.version == version  # type: ignore[attr-defined]
    assert loaded.lexical.ids == ["d-0", "d-1"]
    assert [pid for pid, _ in loaded.lexical.search("jobcoach werkplek", k=1)] == ["d-0"]


def test_an_index_built_otherwise_is_refused_with_how_to_rebuild(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    repo.activate(build(repo), drop_store=lambda v: None)
    other = IndexSpec("other-model", 8, 200, 20, "test-chunker")
    with pytest.raises(IndexMismatchError, match="other-model.*--rebuild"):
        repo.load(other)


def test_a_pointer_to_a_version_without_manifest_serves_nothing(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    version, _ = repo.begin()
    (repo.root / ACTIVE_POINTER).write_text(version, encoding="utf-8")
    assert repo.active_version() is None


def test_activating_keeps_the_previous_version_and_drops_older_ones(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    dropped: list[str] = []
    first = build(repo)
    repo.activate(first, drop_store=dropped.append)
    second = build(repo)
    repo.activate(second, drop_store=dropped.append)
    assert dropped == [] and (repo.root / first).exists()
    third = build(repo)
    repo.activate(third, drop_store=dropped.append)
    assert dropped == [first] and not (repo.root / first).exists()
    assert {p.name for p in repo.root.iterdir() if p.is_dir()} == {second, third}


def test_interrupted_builds_are_pruned_but_the_active_version_stays(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    active = build(repo)
    repo.activate(active, drop_store=lambda v: None)
    interrupted, _ = repo.begin()
    dropped: list[str] = []
    assert repo.prune_incomplete(drop_store=dropped.append) == [interrupted]
    assert dropped == [interrupted]
    assert repo.active_version() == active and (repo.root / active / MANIFEST).exists()
    assert IndexRepository(tmp_path / "nowhere", FakeVectorStore).prune_incomplete(  # type: ignore[arg-type]
        drop_store=dropped.append) == []


def test_a_failing_store_drop_still_removes_the_folder(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    version, folder = repo.begin()

    def fail(_: str) -> None:
        raise RuntimeError("store gone")

    with pytest.raises(RuntimeError):
        repo.prune(keep=set(), drop_store=fail)
    assert not folder.exists()


def test_the_holder_reloads_after_invalidate_when_another_version_is_active(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    first = build(repo)
    repo.activate(first, drop_store=lambda v: None)
    holder = IndexHolder(repo, SPEC)
    assert holder.current().manifest.version == first
    assert holder.current() is holder.current()  # served from memory between checks
    second = build(repo)
    repo.activate(second, drop_store=lambda v: None)
    holder.invalidate()
    assert holder.current().manifest.version == second
    assert holder.repository is repo and holder.spec == SPEC
