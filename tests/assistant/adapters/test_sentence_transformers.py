"""The sentence-transformers adapter's query cache and thread setting, on the real bundled model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.sentence_transformers import SentenceTransformerEmbedder
from tests.conftest import make_settings
from werkwijzer.compose import embedding_threads

# Lower-case with single spaces: the key the variants below share.
QUERY = "wat doet een jobcoach bij de plaatsing van een kandidaat?"
VARIANTS = (
    "  Wat doet een JOBCOACH bij de\n plaatsing van een kandidaat? ",
    "Wat  doet een Jobcoach\tbij de plaatsing van een kandidaat?",
)


def test_spacing_and_case_variants_share_one_entry_and_keep_the_models_vector(embedder) -> None:  # noqa: ANN001
    inner = embedder._inner  # the adapter itself, not the test suite's passage cache
    before_hits, _, _ = inner.query_cache_info()
    first = inner.embed_query(QUERY)
    for variant in VARIANTS:
        assert inner.query_key(variant) == QUERY
        cached = inner.embed_query(variant)
        assert cached is first
        # The uncased model sees the same word pieces, so the uncached vector of the variant is the same.
        np.testing.assert_allclose(inner._embed_query_uncached(variant), cached, atol=1e-5)
    assert inner.query_cache_info()[0] - before_hits >= len(VARIANTS)


def test_different_words_are_different_entries(embedder) -> None:  # noqa: ANN001
    inner = embedder._inner
    assert inner.query_key("re-integratie in Amsterdam") != inner.query_key("re-integratie in Rotterdam")
    assert not np.array_equal(inner.embed_query("beschut werk"), inner.embed_query("begeleid werken"))


@pytest.fixture
def small_cache_embedder() -> Iterator[SentenceTransformerEmbedder]:
    """A second model with a two-entry cache on one torch thread; the thread count is restored after."""
    import torch

    threads = torch.get_num_threads()
    try:
        yield SentenceTransformerEmbedder(threads=1, query_cache_size=2)
    finally:
        torch.set_num_threads(threads)


def test_cache_is_bounded_and_threads_are_set(small_cache_embedder: SentenceTransformerEmbedder) -> None:
    import torch

    assert torch.get_num_threads() == 1
    for query in ("uitkering", "loonkostensubsidie", "jobcoach"):
        small_cache_embedder.embed_query(query)
    hits, misses, entries = small_cache_embedder.query_cache_info()
    assert (hits, misses, entries) == (0, 3, 2)
    small_cache_embedder.embed_query("jobcoach")
    assert small_cache_embedder.query_cache_info()[0] == 1


def test_threads_default_to_the_cores_shared_over_the_workers(tmp_path: Path) -> None:
    cores = len(os.sched_getaffinity(0))
    assert embedding_threads(make_settings(tmp_path, workers=1)) == cores
    assert embedding_threads(make_settings(tmp_path, workers=cores * 2)) == 1
    assert embedding_threads(make_settings(tmp_path, workers=4, embedding_threads=3)) == 3
