"""Concepts of a question over the real corpus: names, synonyms, the English glossary."""

from __future__ import annotations

import pytest

from assistant.answer.concepts import Concept, build_concepts
from assistant.answer.relevance import TermSet, TermWeights
from assistant.language.question import analyse_question
from assistant.language.text import analyse
from assistant.language.thesaurus import Thesaurus


@pytest.fixture(scope="module")
def weights(corpus_core) -> TermWeights:  # noqa: ANN001
    return TermWeights(corpus_core.holder.current().passages)


def _concepts(question: str, weights: TermWeights) -> tuple[Concept, ...]:
    q = analyse_question(question)
    known = tuple(t for t in q.terms if weights.known(t))
    return build_concepts(q, weights, terms=known, thesaurus=Thesaurus.bundled())


def _found(concept: Concept, text: str) -> bool:
    return concept.found(TermSet.of(text), text)


def test_english_words_count_through_the_glossary(weights: TermWeights) -> None:
    concepts = _concepts(
        "How many hours a week do participants in day activities work in Almere?", weights
    )
    day = next(c for c in concepts if c.terms == tuple(analyse("day activities")))
    assert _found(day, "Het aantal uren arbeidsmatige dagbesteding wordt uitgebreid.")
    # "work" is matched as the Dutch "werk" / "arbeid", never as the start of "workshop".
    work = next(c for c in concepts if c.terms == ("work",))
    assert _found(work, "Zij gaan aan het werk.")
    assert not _found(work, "Er is een workshop gegeven.")
    assert any(c.name and c.terms == ("almer",) for c in concepts)


def test_a_name_of_common_words_is_found_only_as_written(weights: TermWeights) -> None:
    concepts = _concepts("Uit welke bedrijven bestaat het samenwerkingsverband Met Werk?", weights)
    name = next(c for c in concepts if c.name)
    assert _found(name, "Met Werk is een samenwerking van vier werkmaatschappijen.")
    assert not _found(name, "Zij helpen mensen met werk en inkomen.")


def test_comparison_cues_are_not_what_is_compared(weights: TermWeights) -> None:
    # In the text "verschillende" is "various": a statement is not relevant for containing it.
    concepts = _concepts("Waarin verschillen de doelgroepen van Pastiel en Driekant?", weights)
    assert not any(_found(c, "Zij werken bij verschillende afdelingen.") for c in concepts)
    assert {c.terms for c in concepts if c.name} == {("pastiel",), ("driekant",)}


def test_a_term_in_a_statement_before_the_question_weighs_less(weights: TermWeights) -> None:
    concepts = _concepts(
        "Cycloon gebruikt beeldspraak uit het fietsen. Welke fasen zijn er?", weights
    )
    by_term = {c.terms: c for c in concepts}
    (fiets,) = analyse("fietsen")
    (fase,) = analyse("fasen")
    assert by_term[(fiets,)].weight == pytest.approx(weights.idf(fiets) * 0.5)
    assert by_term[(fase,)].weight == pytest.approx(weights.idf(fase))
    assert by_term[("cycloon",)].name  # a name counts fully wherever it stands


def test_a_place_adjective_in_a_name_is_found_as_the_place(weights: TermWeights) -> None:
    concepts = _concepts("Hoe lang duurt de proefplaatsing bij het Almeerse Werkbedrijf?", weights)
    name = next(c for c in concepts if c.name)
    assert _found(name, "Het Werkbedrijf in Almere biedt een proefplaatsing van acht weken.")
    assert not _found(name, "Het Werkbedrijf in Lelystad biedt een proefplaatsing.")
