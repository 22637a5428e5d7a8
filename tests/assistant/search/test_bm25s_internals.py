"""The bm25s internals that assistant/search/lexical.py reads (bm25s is pinned in pyproject for them).

``LexicalIndex`` scores a query term by slicing one column of bm25s's sparse score matrix instead of
calling ``BM25.retrieve`` per query: it reads ``BM25.vocab_dict`` (term → column) and ``BM25.scores``
(``indptr``, ``indices``, ``data`` of a CSC matrix: one column per term, one row per document). When
a bm25s release renames or reshapes these, this test fails before search silently breaks.
"""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from assistant.search.lexical import _column

CORPUS = [["nazorg", "plaatsing"], ["jobcoach", "nazorg", "nazorg"], ["werkgever"]]


def _index() -> bm25s.BM25:
    index = bm25s.BM25(k1=1.2, b=0.75)
    index.index(CORPUS, show_progress=False)
    return index


def _check(index: bm25s.BM25) -> None:
    assert isinstance(index.vocab_dict, dict)
    assert {t for doc in CORPUS for t in doc} <= set(index.vocab_dict)  # (bm25s adds an empty-string token)
    assert all(isinstance(v, int | np.integer) for v in index.vocab_dict.values())
    assert {"indptr", "indices", "data"} <= set(index.scores)
    indptr = np.asarray(index.scores["indptr"])
    terms = {t for doc in CORPUS for t in doc}
    assert all(index.vocab_dict[t] + 1 < len(indptr) for t in terms)  # a column per corpus term
    # A term's column holds the documents that contain it, with a positive BM25 score each.
    docs, scores = _column(index, "nazorg")
    assert sorted(np.asarray(docs).tolist()) == [0, 1]
    assert np.all(np.asarray(scores) > 0)
    by_doc = dict(zip(np.asarray(docs).tolist(), np.asarray(scores).tolist(), strict=True))
    assert by_doc[1] > by_doc[0]  # said twice in a document of the same length: a higher score
    assert _column(index, "onbekend") is None


def test_the_score_matrix_columns_lexical_reads_are_there() -> None:
    _check(_index())


def test_they_survive_save_and_load(tmp_path: Path) -> None:
    _index().save(str(tmp_path / "bm25"), show_progress=False)
    _check(bm25s.BM25.load(str(tmp_path / "bm25"), show_progress=False))


def test_the_pinned_version_is_installed() -> None:
    from importlib.metadata import version

    pinned = next(
        line.split("==")[1].strip('",')
        for line in (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text().splitlines()
        if line.strip().startswith('"bm25s==')
    )
    assert version("bm25s") == pinned
