"""Search reranked as the extractive answer reads the candidates: quoted passages first."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.ranking import AnswerReranker
from assistant.types import Hit, Passage


def _passage(pid: str) -> Passage:
    return Passage(
        id=pid, document_id="d", document_title="D", section=None, page=None, text=pid, ordinal=0
    )


class _Recorder:
    """A stand-in for the answerer's relevance: records what it is given, scores by a table."""

    def __init__(self, table: dict[str, float]) -> None:
        self.table = table
        self.seen: list[list[str]] = []

    def relevance(self, question: str, hits: Sequence[Hit]) -> list[float]:
        self.seen.append([h.passage.id for h in hits])
        return [self.table[h.passage.id] for h in hits]


def test_adapter_hands_the_passages_over_in_retrieval_order() -> None:
    recorder = _Recorder({"a": 0.2, "b": 1.5})
    reranker = AnswerReranker(recorder)
    assert reranker.score("vraag", [_passage("a"), _passage("b")]) == [0.2, 1.5]
    assert recorder.seen == [["a", "b"]]
    assert reranker.score("vraag", []) == []


def test_search_shows_first_what_the_chat_answer_quotes(corpus_core) -> None:  # noqa: ANN001
    question = "Wat kost een werkfit-traject per deelnemer?"
    plain = corpus_core.retriever.search(question, k=24)
    served = corpus_core.search.search(question, k=24)
    # Reranking only reorders the chat's candidates ...
    assert {h.passage.id for h in served} == {h.passage.id for h in plain}
    # ... so that the passage the chat answer quotes leads, where plain retrieval had it lower.
    answer = corpus_core.extractive.answer(question, plain)
    assert answer.status == "answered"
    assert served[0].passage.id in {c.passage_id for c in answer.citations}
    assert served[0].passage.id != plain[0].passage.id
    scores = [h.score for h in served]
    assert scores == sorted(scores, reverse=True) and scores[0] > 1.0  # above 1: quoted


def test_beyond_the_reranked_head_the_retrieval_order_stays(corpus_core) -> None:  # noqa: ANN001
    question = "Hoe begeleidt Pastiel kandidaten naar werk?"
    plain = corpus_core.retriever.search(question, k=40)
    served = corpus_core.search.search(question, k=40)
    head = corpus_core.search.weights.rerank_candidates
    assert [h.passage.id for h in served[head:]] == [h.passage.id for h in plain[head:]]
    scores = [h.score for h in served]
    assert scores == sorted(scores, reverse=True)


def test_questions_without_known_terms_keep_the_retrieval_order(corpus_core) -> None:  # noqa: ANN001
    hits = corpus_core.retriever.search("hallo", k=5)
    scores = corpus_core.extractive.relevance("hallo", hits)
    assert scores == sorted(scores, reverse=True) and all(s < 1.0 for s in scores)


def test_the_rerank_is_a_setting_away(corpus_core) -> None:  # noqa: ANN001
    from werkwijzer.compose import build_core

    off = corpus_core.settings.model_copy(update={"search_rerank": "none"})
    core = build_core(off, embedder=corpus_core.embedder)  # builds, loads no index
    assert core.search is core.retriever
    on = build_core(corpus_core.settings, embedder=corpus_core.embedder)
    assert on.search is not on.retriever and on.search.weights.rerank_candidates == off.chat_k


def test_coverage_counts_a_synonym_as_the_word_asked() -> None:
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.answer.relevance import TermWeights
    from assistant.language.thesaurus import Thesaurus

    def passage(pid: str, text: str, ordinal: int) -> Passage:
        return Passage(id=pid, document_id="d", document_title="Rapport", section=None, page=None,
                       text=text, ordinal=ordinal)

    spelled_out = passage("a", "De kandidaten moeten fysiek fit zijn voor dit werk.", 1)
    without = passage("b", "De kandidaten moeten fit zijn voor dit werk.", 0)
    filler = [passage(f"f{i}", f"Een tekst over iets anders, nummer {i}.", 2 + i) for i in range(8)]
    weights = TermWeights([spelled_out, without, *filler])
    question = "Moeten kandidaten lichamelijk fit zijn?"  # the thesaurus: lichamelijk = fysiek
    hits = [Hit(without, 0.0), Hit(spelled_out, 0.0)]  # retrieval put the other one first
    with_thesaurus = ExtractiveAnswerer(lambda: weights, thesaurus=Thesaurus.bundled())
    scores = with_thesaurus.relevance(question, hits)
    assert scores[1] > scores[0]
    plain = ExtractiveAnswerer(lambda: weights).relevance(question, hits)
    assert plain[1] - plain[0] < scores[1] - scores[0]
