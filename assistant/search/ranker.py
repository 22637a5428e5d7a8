"""Learned retrieval: candidates from every signal, ordered by a trained model's probability of answering."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.errors import InvalidInputError
from assistant.models import LinearModel
from assistant.search.features import PassageFeaturizer
from assistant.search.index import IndexHolder, LoadedIndex
from assistant.types import Hit

#: Any short text: embedding it once loads the model's weights and the store's vectors into memory.
WARM_UP_QUERY = "werk"


class LearnedRetriever:
    """Finds the passages that best answer a query; a hit's score is the model's probability (0..1)."""

    def __init__(self, holder: IndexHolder, featurizer: PassageFeaturizer, model: LinearModel) -> None:
        self._holder = holder
        self.featurizer = featurizer
        self.model = model

    def search(self, query: str, *, k: int, document_ids: Sequence[str] | None = None) -> list[Hit]:
        """The top ``k`` passages for ``query``, best first."""
        if not query.strip():
            raise InvalidInputError("The search query is empty: type a few words to search for.")
        index = self._holder.current()
        _check_documents(index, document_ids)
        candidates = self.featurizer.candidates(index, query, document_ids=document_ids)
        if not len(candidates.rows):
            return []
        p = self.model.probability(candidates.features)
        order = np.argsort(-p, kind="stable")[:k]
        return [Hit(index.passages[int(candidates.rows[i])], float(p[i])) for i in order]

    def warm(self) -> None:
        """Run one query so the first real one does not pay for loading the model and the vectors."""
        index = self._holder.current()
        if len(index.passages):
            self.search(WARM_UP_QUERY, k=1)


def _check_documents(index: LoadedIndex, document_ids: Sequence[str] | None) -> None:
    if not document_ids:
        return
    known = {d.info.id for d in index.documents()}
    unknown = [d for d in document_ids if d not in known]
    if unknown:
        raise InvalidInputError(f"Unknown document id(s): {', '.join(unknown)}. GET /api/documents lists the ids.")
