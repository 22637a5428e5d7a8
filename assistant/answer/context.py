"""What the answerer may look up around a retrieved passage: the passage after it, and its case."""

from __future__ import annotations

from assistant.cases.catalogue import CaseRegistry, catalog_of
from assistant.errors import NotFoundError
from assistant.search.index import LoadedIndex
from assistant.types import Passage


class IndexContext:
    """PassageContext over the served index and its case catalogue (one version for both)."""

    def __init__(self, cases: CaseRegistry) -> None:
        self._cases = cases

    def following(self, passage: Passage) -> Passage | None:
        """The next passage of the same publication in the served index."""
        index, _ = self._cases.snapshot()
        if not index.has(passage.id):
            return None  # another version became active since the passage was retrieved
        return index.neighbours(passage.id)[1]

    def publisher(self, passage: Passage) -> str | None:
        """The publisher of the passage's publication, from the index manifest."""
        index, _ = self._cases.snapshot()
        try:
            return index.document(passage.document_id).info.publisher
        except NotFoundError:
            return None  # another version became active since the passage was retrieved

    def case_of(self, passage_id: str) -> str | None:
        """The name of the case a passage belongs to, by the passage's id."""
        names = self._names_by_id(passage_id)
        return names[0] if names else None

    def case_names(self, passage: Passage) -> tuple[str, ...]:
        """The name, title and aliases of the case whose passages include this one."""
        return self._names_by_id(passage.id)

    def _names_by_id(self, passage_id: str) -> tuple[str, ...]:
        index, _ = self._cases.snapshot()
        return index.derived(_case_names).get(passage_id, ())


def _case_names(index: LoadedIndex) -> dict[str, tuple[str, ...]]:
    """Passage id → the name, title and aliases of its case, for one index version."""
    names: dict[str, tuple[str, ...]] = {}
    for case in catalog_of(index).cases:
        known = tuple(dict.fromkeys((case.name, case.title, *case.aliases)))
        for pid in case.passage_ids:
            names.setdefault(pid, known)
    return names
