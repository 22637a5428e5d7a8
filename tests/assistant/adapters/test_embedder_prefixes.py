"""The embedding adapter's prefixes, empty input, read-only cached vectors and load errors, on the real
bundled model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.sentence_transformers import SentenceTransformerEmbedder, default_prefixes
from assistant.errors import ConfigurationError

TEXT = "De jobcoach begeleidt kandidaten op de werkvloer."


@pytest.mark.parametrize(
    ("model", "prefixes"),
    [
        ("intfloat/multilingual-e5-small", ("query: ", "passage: ")),
        ("BAAI/BGE-small-en-v1.5", ("Represent this sentence for searching relevant passages: ", "")),
        ("all-MiniLM-L6-v2", ("", "")),
    ],
)
def test_a_model_family_gets_the_prefixes_it_was_trained_with(model: str, prefixes: tuple[str, str]) -> None:
    assert default_prefixes(model) == prefixes


@pytest.fixture(scope="module")
def prefixed() -> SentenceTransformerEmbedder:
    """The bundled model told to prefix queries and passages like an e5 model."""
    return SentenceTransformerEmbedder(query_prefix="query: ", passage_prefix="passage: ")


def test_each_side_is_embedded_with_its_own_prefix(embedder, prefixed: SentenceTransformerEmbedder) -> None:  # noqa: ANN001
    plain = embedder.embed_passages([TEXT])[0]
    np.testing.assert_allclose(prefixed.embed_passages([TEXT])[0], embedder.embed_passages([f"passage: {TEXT}"])[0],
                               atol=1e-5)
    assert not np.allclose(prefixed.embed_passages([TEXT])[0], plain, atol=1e-3)
    np.testing.assert_allclose(prefixed.embed_query(TEXT), embedder.embed_query(f"query: {TEXT}"), atol=1e-5)
    assert prefixed.count_tokens(TEXT) > embedder.count_tokens(TEXT)  # the prefix takes room in the window


def test_no_passages_give_an_empty_matrix_of_the_right_width(prefixed: SentenceTransformerEmbedder) -> None:
    empty = prefixed.embed_passages([])
    assert empty.shape == (0, prefixed.dimension) and empty.dtype == np.float32


def test_vectors_are_unit_length_and_a_cached_one_cannot_be_changed(prefixed: SentenceTransformerEmbedder) -> None:
    assert np.linalg.norm(prefixed.embed_passages([TEXT, "Werkgevers in de regio."]), axis=1) == pytest.approx(1.0)
    vector = prefixed.embed_query("loonkostensubsidie")
    assert np.linalg.norm(vector) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        vector[0] = 0.0  # another caller gets this same array from the cache


def test_the_model_id_and_window_are_those_of_the_bundled_model(prefixed: SentenceTransformerEmbedder) -> None:
    assert prefixed.model_id == "all-MiniLM-L6-v2" and prefixed.dimension == 384
    assert prefixed.max_tokens == 256


def test_a_model_that_cannot_be_loaded_names_the_setting_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="WERKWIJZER_EMBEDDING_MODEL"):
        SentenceTransformerEmbedder(str(tmp_path / "geen-model"))
