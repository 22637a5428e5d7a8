"""LoadedIndex.derived: the one per-version cache (cases, term weights, case names)."""

from __future__ import annotations

import threading


def test_a_derived_value_is_built_once_per_index_version(corpus_core) -> None:  # noqa: ANN001
    from assistant.cases.catalogue import catalog_of

    index = corpus_core.holder.current()
    calls: list[int] = []

    def build(loaded):  # noqa: ANN001, ANN202
        calls.append(1)
        return len(loaded.passages)

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(index.derived(build))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [len(index.passages)] * 8 and calls == [1]
    assert catalog_of(index) is catalog_of(index) is corpus_core.cases.catalog()
