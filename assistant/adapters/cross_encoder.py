"""Cross-encoder reranking adapter (sentence-transformers), used only when a model is configured."""

from __future__ import annotations

import os
from collections.abc import Sequence

from assistant.errors import ConfigurationError
from assistant.types import Passage


class CrossEncoderReranker:
    """Scores (query, passage) pairs with a local sentence-transformers CrossEncoder; never downloads."""

    def __init__(self, model: str, *, device: str = "cpu", max_length: int = 256) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import CrossEncoder

        try:
            self._model = CrossEncoder(model, device=device, max_length=max_length)
        except Exception as e:  # the library raises many kinds; all mean "cannot load"
            raise ConfigurationError(
                f"Cannot load reranker model {model!r} offline: {e}. Set WERKWIJZER_RERANKER_MODEL to a "
                "local cross-encoder folder, or leave it empty to rank without a reranker."
            ) from e
        self.model_id = model

    def score(self, query: str, passages: Sequence[Passage]) -> list[float]:
        """One relevance score per passage (higher is better)."""
        if not passages:
            return []
        pairs = [(query, f"{p.section or ''}\n{p.text}") for p in passages]
        return [float(s) for s in self._model.predict(pairs, show_progress_bar=False)]
