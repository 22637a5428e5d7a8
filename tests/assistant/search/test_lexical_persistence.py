"""A saved lexical index is read back as saved, and rebuilt (marked stale) when it no longer fits."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.search.lexical import LexicalIndex
from assistant.types import Passage

PASSAGES = [
    Passage(id=f"d-{i}", document_id="d", document_title="Werkfit", section="1 Aanpak", page=None, text=t, ordinal=i)
    for i, t in enumerate([
        "De jobcoach begeleidt kandidaten op de werkvloer.",
        "Werkgevers bieden stageplaatsen aan in de regio.",
    ])
]


def _scores(index: LexicalIndex, query: str) -> np.ndarray:
    return index.scores(index.query_concepts(query))


def test_a_saved_index_reads_back_with_the_same_scores_and_is_not_stale(tmp_path: Path) -> None:
    built = LexicalIndex.build(PASSAGES)
    built.save(tmp_path / "new" / "lexical")  # parent folders are made
    loaded = LexicalIndex.load(tmp_path / "new" / "lexical", passages=PASSAGES)
    assert not loaded.stale and loaded.ids == built.ids
    np.testing.assert_allclose(_scores(loaded, "jobcoach werkvloer"), _scores(built, "jobcoach werkvloer"))


def test_an_index_from_another_analyser_version_is_rebuilt_and_marked_stale(tmp_path: Path) -> None:
    LexicalIndex.build(PASSAGES).save(tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "analyser": "older"}), encoding="utf-8")
    loaded = LexicalIndex.load(tmp_path, passages=PASSAGES)
    assert loaded.stale
    assert int(np.argmax(_scores(loaded, "stageplaatsen"))) == 1  # rebuilt from the passages given


def test_an_index_of_other_passages_is_rebuilt_and_marked_stale(tmp_path: Path) -> None:
    LexicalIndex.build(PASSAGES[:1]).save(tmp_path)
    loaded = LexicalIndex.load(tmp_path, passages=PASSAGES)
    assert loaded.stale and loaded.ids == [p.id for p in PASSAGES]


def test_a_folder_without_an_index_builds_one_from_the_passages(tmp_path: Path) -> None:
    loaded = LexicalIndex.load(tmp_path / "leeg", passages=PASSAGES)
    assert loaded.stale and len(loaded) == 2
