"""Hybrid retrieval on the real corpus index: lexical first, dense as fallback, filters, reranking."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.language.thesaurus import Thesaurus
from assistant.search.retriever import FusionWeights, HybridRetriever, diversify
from assistant.types import Hit, Passage


class CountingEmbedder:
    """The real embedder, counting query embeddings (to see when dense search runs)."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner = inner
        self.queries = 0

    def embed_query(self, text: str):  # noqa: ANN201
        self.queries += 1
        return self.inner.embed_query(text)


class FakeReverseReranker:
    """A fake reranker (no model): prefers the passage that came last, to show reranking applies."""

    def __init__(self) -> None:
        self.seen: list[int] = []

    def score(self, query: str, passages: Sequence[Passage]) -> list[float]:
        self.seen.append(len(passages))
        return [float(i) for i in range(len(passages))]


def retriever(core, embedder, **changes: object) -> HybridRetriever:  # noqa: ANN001
    weights = FusionWeights(dense=0.3, lexical=0.7, candidates=60).with_(**changes)
    return HybridRetriever(embedder, core.holder, weights=weights, thesaurus=Thesaurus.bundled())


def test_dutch_compound_and_abbreviation_queries_find_their_passages(corpus_core, embedder) -> None:  # noqa: ANN001
    r = retriever(corpus_core, embedder)
    hits = r.search("Vanuit welke Friese plaatsen werkt Pastiel?", k=5)
    assert any("Sneek" in h.passage.text for h in hits)
    hits = r.search("loonkostensubsidie werkgevers", k=10)
    assert any("loonkostensubsidie" in h.passage.text.lower() for h in hits)


def test_dense_runs_only_when_lexical_search_is_weak(corpus_core, embedder) -> None:  # noqa: ANN001
    spy = CountingEmbedder(embedder)
    r = retriever(corpus_core, spy)
    r.search("fietskoeriers Cycloon", k=5)
    assert spy.queries == 0
    hits = r.search("qwertyuiop asdfghjkl", k=5)  # no known word: dense search answers
    assert spy.queries == 1 and len(hits) == 5
    always = retriever(corpus_core, spy, dense_mode="always")
    always.search("fietskoeriers Cycloon", k=5)
    assert spy.queries == 2


def test_document_filter_applies_to_both_retrievers(corpus_core, embedder) -> None:  # noqa: ANN001
    r = retriever(corpus_core, embedder, dense_mode="always")
    hits = r.search("dagbesteding naar werk", k=8, document_ids=["werkfit-trajecten-presentatie"])
    assert hits and {h.passage.document_id for h in hits} == {"werkfit-trajecten-presentatie"}


def test_reranker_reorders_the_head(corpus_core, embedder) -> None:  # noqa: ANN001
    plain = retriever(corpus_core, embedder).search("fietskoeriers Cycloon", k=40)
    fake = FakeReverseReranker()
    r = HybridRetriever(
        embedder,
        corpus_core.holder,
        weights=FusionWeights(dense=0.3, lexical=0.7, candidates=60, rerank_candidates=5),
        thesaurus=Thesaurus.bundled(),
        reranker=fake,
    )
    reranked = r.search("fietskoeriers Cycloon", k=40)
    assert fake.seen == [5]
    assert [h.passage.id for h in reranked[:5]] == [h.passage.id for h in plain[:5]][::-1]
    assert [h.passage.id for h in reranked[5:]] == [h.passage.id for h in plain[5:]]


def test_cross_encoder_adapter_with_a_tiny_random_model(tmp_path: Path) -> None:
    """The real CrossEncoder code path, on a tiny randomly initialised BERT built here (no download)."""
    transformers = pytest.importorskip("transformers")
    from transformers import AutoTokenizer

    from assistant.adapters.cross_encoder import CrossEncoderReranker
    from assistant.adapters.sentence_transformers import bundled_model_path

    tokenizer = AutoTokenizer.from_pretrained(str(bundled_model_path()))
    config = transformers.BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        num_labels=1,
    )
    folder = tmp_path / "tiny-random-cross-encoder"
    transformers.BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    reranker = CrossEncoderReranker(str(folder))
    passages = [
        Passage(
            id=f"p{i}",
            document_id="d",
            document_title="D",
            section=None,
            page=None,
            text=t,
            ordinal=i,
        )
        for i, t in enumerate(["werk en inkomen", "dagbesteding"])
    ]
    scores = reranker.score("werk", passages)
    assert len(scores) == 2 and all(isinstance(s, float) for s in scores)


def test_diversify_limits_one_section_in_the_window() -> None:
    def hit(pid: str, section: str) -> Hit:
        return Hit(
            Passage(
                id=pid,
                document_id="d",
                document_title="D",
                section=section,
                page=None,
                text="",
                ordinal=0,
            ),
            1.0,
        )

    hits = [hit("a1", "A"), hit("a2", "A"), hit("a3", "A"), hit("b1", "B"), hit("c1", "C")]
    assert [h.passage.id for h in diversify(hits, per_section=2, window=4)] == [
        "a1",
        "a2",
        "b1",
        "c1",
        "a3",
    ]


def test_warm_runs_one_dense_query_and_none_without_dense(corpus_core, embedder) -> None:  # noqa: ANN001
    spy = CountingEmbedder(embedder)
    retriever(corpus_core, spy).warm()
    assert spy.queries == 1
    retriever(corpus_core, spy, dense=0.0).warm()
    assert spy.queries == 1



_QUERY_IN_A_NEW_PROCESS = """
import json, sys
import numpy as np
from assistant.adapters.chroma import ChromaVectorStore, chroma_client
from pathlib import Path
path, name, vector = sys.argv[1], sys.argv[2], np.array(json.loads(sys.stdin.read()))
store = ChromaVectorStore(chroma_client(url=None, path=Path(path)), name)
print(json.dumps([pid for pid, _ in store.query(vector, k=40)]))
"""


def test_dense_search_returns_the_exact_nearest_passages(corpus_core, embedder) -> None:  # noqa: ANN001
    """In a fresh process, as a server loads the index: Chroma's HNSW is then searched from disk."""
    import json
    import subprocess
    import sys

    import numpy as np

    from tests.conftest import ROOT

    index = corpus_core.holder.current()
    passages = list(index.passages)
    stored = index.store.vectors([p.id for p in passages])
    matrix = np.stack([stored[p.id] for p in passages])
    folder = corpus_core.settings.index_dir / index.manifest.version / "chroma"
    for query in ("nazorg na plaatsing", "how do employers support participants"):
        vector = embedder.embed_query(query)
        sims = {p.id: float(s) for p, s in zip(passages, matrix @ vector, strict=True)}
        exact = sorted(sims.values(), reverse=True)[:40]
        out = subprocess.run(
            [sys.executable, "-c", _QUERY_IN_A_NEW_PROCESS, str(folder), index.store.name],
            input=json.dumps(vector.tolist()), capture_output=True, text=True, cwd=ROOT, check=True,
        )
        found = [sims[pid] for pid in json.loads(out.stdout.splitlines()[-1])]
        # The exact 40 nearest, best first; passages whose similarities differ only in the last float
        # digits may change places (numpy and Chroma round differently), an approximate search would not.
        assert np.allclose(found, exact, atol=1e-5), (found, exact)
