"""The ONNX Runtime query backend gives the torch model's vectors, and replaces a stale export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.adapters.onnx_queries import MATCH_TOLERANCE, OnnxQueryEncoder, export_name
from assistant.adapters.sentence_transformers import SentenceTransformerEmbedder, bundled_model_path

QUERIES = (
    "Wat doet een jobcoach?",
    "Welke gemeenten werken samen met sociale ontwikkelbedrijven bij beschut werk voor jongeren uit het "
    "praktijkonderwijs, en hoe worden werkgevers daarbij ontzorgd?",
    "loonkostensubsidie",
)


@pytest.fixture(scope="module")
def onnx_embedder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SentenceTransformerEmbedder]:
    """The bundled model with queries through ONNX Runtime, exported into a temporary folder."""
    import torch

    threads = torch.get_num_threads()
    try:
        yield SentenceTransformerEmbedder(backend="onnx", export_dir=tmp_path_factory.mktemp("onnx"), threads=1)
    finally:
        torch.set_num_threads(threads)


def test_onnx_queries_match_the_torch_model(embedder, onnx_embedder: SentenceTransformerEmbedder) -> None:  # noqa: ANN001
    torch_side = embedder._inner
    for query in QUERIES:
        expected = torch_side._model.encode([query], normalize_embeddings=True)[0]
        got = onnx_embedder.embed_query(query)
        assert got.shape == (torch_side.dimension,)
        np.testing.assert_allclose(got, expected, atol=MATCH_TOLERANCE)
        assert not got.flags.writeable


def test_a_stale_export_is_replaced(onnx_embedder: SentenceTransformerEmbedder, tmp_path: Path) -> None:
    model = onnx_embedder._model
    path = str(bundled_model_path())
    first = OnnxQueryEncoder(model, model_path=path, folder=tmp_path, threads=1)
    written = tmp_path / export_name(path)
    good = first.encode(QUERIES[0])
    for stale in (b"", b"not an onnx graph"):  # what a full disk or a foreign file would leave
        written.write_bytes(stale)
        again = OnnxQueryEncoder(model, model_path=path, folder=tmp_path, threads=1)
        np.testing.assert_allclose(again.encode(QUERIES[0]), good, atol=1e-6)
        assert written.stat().st_size > len(stale)
    assert [p.name for p in tmp_path.iterdir()] == [written.name]  # no temporary files left behind
    assert written.stat().st_mode & 0o044 == 0o044  # the service's other users read it too


def test_a_model_that_is_not_mean_pooled_is_refused(onnx_embedder: SentenceTransformerEmbedder, tmp_path: Path) -> None:
    from sentence_transformers import SentenceTransformer

    from assistant.errors import ConfigurationError

    first_token = SentenceTransformer(modules=[onnx_embedder._model[0], _cls_pooling(onnx_embedder)])
    with pytest.raises(ConfigurationError, match="mean-pooled"):
        OnnxQueryEncoder(first_token, model_path="cls", folder=tmp_path, threads=1)
    assert not list(tmp_path.iterdir())


def _cls_pooling(embedder: SentenceTransformerEmbedder) -> object:
    from sentence_transformers.models import Pooling

    return Pooling(embedder.dimension, pooling_mode="cls")
