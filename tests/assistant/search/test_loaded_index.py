"""LoadedIndex on the small hand-made corpus: lookups, neighbours, documents and per-passage arrays."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.errors import NotFoundError
from tests.assistant.small_corpus import ALMERE, TESTDORP


def test_neighbours_stay_inside_their_publication(small_index) -> None:  # noqa: ANN001
    testdorp = small_index.document_passages(TESTDORP)
    assert [p.section for p in testdorp] == ["1 Over het Werkbedrijf Testdorp", "2 Succesfactoren", "3 Kosten"]
    assert small_index.neighbours(testdorp[0].id) == (None, testdorp[1])
    assert small_index.neighbours(testdorp[1].id) == (testdorp[0], testdorp[2])
    assert small_index.neighbours(testdorp[2].id)[1] is None
    almere = small_index.document_passages(ALMERE)
    assert small_index.neighbours(almere[0].id)[0] is None  # not the other publication's last passage


def test_unknown_ids_are_not_found_errors(small_index) -> None:  # noqa: ANN001
    with pytest.raises(NotFoundError):
        small_index.get("nergens-0")
    with pytest.raises(NotFoundError):
        small_index.document("nergens")
    assert not small_index.has("nergens-0")


def test_documents_carry_their_manifest_entry(small_index) -> None:  # noqa: ANN001
    info = small_index.document(TESTDORP).info
    assert (info.title, info.publisher, info.year) == ("Werkfit in Testdorp", "Testbureau", 2019)
    assert {d.info.id for d in small_index.documents()} == {TESTDORP, ALMERE}
    assert sum(d.passages for d in small_index.documents()) == len(small_index.passages)


def test_lengths_and_figures_are_per_passage_in_order(small_index) -> None:  # noqa: ANN001
    assert small_index.lengths.tolist() == [float(len(p.text.split())) for p in small_index.passages]
    numbered = dict(zip((p.section for p in small_index.passages), small_index.numbered.tolist(), strict=True))
    assert numbered["2 Succesfactoren"] == 0.0 and numbered["3 Kosten"] == 1.0


def test_dense_similarity_of_a_passage_with_itself_is_the_highest(small_index, embedder) -> None:  # noqa: ANN001
    target = small_index.document_passages(TESTDORP)[2]
    sims = small_index.dense_similarities(embedder.embed_passages([target.text])[0])
    assert int(np.argmax(sims)) == small_index.passages.index(target)
    assert float(sims.min()) >= -1.0 and float(sims.max()) <= 1.0 + 1e-6  # cosines (the stored vector
    # embeds the passage with its place, so it is close to, not equal to, the bare text's)
