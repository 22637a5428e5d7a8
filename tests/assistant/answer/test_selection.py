"""Which statements an extractive answer chooses, on the real corpus index (and unit values)."""

from __future__ import annotations

from assistant.answer.selection import Candidate, passage_units
from assistant.types import Passage


def _candidates(text: str) -> list[Candidate]:
    passage = Passage("p-1", "doc", "Publicatie", "Hoofdstuk", None, text, 0)
    return [
        Candidate(0, passage, unit, i, (), 0.0, unit.text)
        for i, unit in enumerate(passage_units(text))
    ]


def test_a_quote_loses_its_list_marker_but_never_a_number() -> None:
    text = (
        "De aanbieder ontvangt:\n- 3.200 euro per jaar voor het ontwikkelarrangement.\n"
        "- 1) **De band is lek**\n2. Gang maken"
    )
    quotes = [c.quote for c in _candidates(text)]
    assert quotes == [
        "De aanbieder ontvangt:",
        "3.200 euro per jaar voor het ontwikkelarrangement.",
        "**De band is lek**",
        "Gang maken",
    ]
    assert all(q in text for q in quotes)


def test_titles_dates_and_captions_are_not_statements() -> None:
    text = (
        "Eindevaluatie SW-sectorplannen\nFebruari 2017\nFiguur 2: Verdeling van onderdelen\n"
        "Deelnemende bedrijven: Emco-groep, Alescon\nDoelgroep = Cliënten uit de Participatiewet\n"
        "Er zijn 53 personen geplaatst."
    )
    assert [c.quotable for c in _candidates(text)] == [False, False, False, True, True, True]


def _answer(corpus_core, question: str):  # noqa: ANN001, ANN202
    return corpus_core.chat.ask(question).answer


def test_statements_come_from_the_region_the_question_names(corpus_core) -> None:  # noqa: ANN001
    # Other regions' passages also count detacheringen in 2015 and 2016; they do not answer.
    answer = _answer(corpus_core, "Hoeveel detacheringen zijn er in regio Groningen gerealiseerd?")
    assert answer.status == "answered"
    assert "400" in answer.text
    assert all("Groningen" in (c.section or "") for c in answer.citations)
    assert (
        answer.text.splitlines()[0]
        == "Volgens ‘Eindevaluatie SW-sectorplannen’, over Regio Groningen:"
    )


def test_a_list_is_given_whole_where_it_runs_on_into_the_next_passages(corpus_core) -> None:  # noqa: ANN001
    answer = _answer(corpus_core, "Met welke metaforen beschrijft Cycloon zijn methodiek?")
    items = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert [i.rsplit(" [", 1)[0] for i in items] == [
        "- De band is lek",
        "- Welkom bij Cycloon (poefplaatsing)",
        "- Gang maken",
        "- Op snelheid",
        "- Kopwerk",
        "- Wegkapitein",
    ]
    assert "zes metaforen" in answer.text.splitlines()[1]  # the lead sentence comes with it
    cited = {c.passage_id for c in answer.citations}
    assert len(cited) > 1
    assert cited <= {h.passage.id for h in answer.hits}  # every quoted passage is returned
    texts = {h.passage.id: h.passage.text for h in answer.hits}
    assert all(c.quote in texts[c.passage_id] for c in answer.citations)


def test_a_comparison_gives_each_case_its_own_statements(corpus_core) -> None:  # noqa: ANN001
    answer = _answer(corpus_core, "Waarin verschillen de doelgroepen van Pastiel en Driekant?")
    lines = answer.text.splitlines()
    assert any(line.startswith("Pastiel: ") for line in lines)
    assert any(line.startswith("Driekant: ") for line in lines)
    # The list of people interviewed names both cases and describes neither.
    assert not any(c.section == "Interviews" for c in answer.citations)


def test_a_part_asked_in_words_the_text_never_uses_is_answered_by_what_follows(corpus_core) -> None:  # noqa: ANN001
    question = "Waarom verliep de start van de Proeftuun in Het Bildt niet soepel, en hoe werd dat "
    answer = _answer(corpus_core, question + "rechtgezet?")
    assert "soepele start" in answer.text
    # How it was put right stands further on in the same section, in the next passage.
    assert "Door goede communicatie" in answer.text
    assert len({c.passage_id for c in answer.citations}) > 1


def test_an_english_question_is_matched_through_the_glossary(corpus_core) -> None:  # noqa: ANN001
    answer = _answer(
        corpus_core,
        "How many hours a week does someone in Almere need to work before moving to paid work?",
    )
    assert answer.status == "answered"
    first, second = answer.text.splitlines()[:2]
    assert first.startswith("According to ‘Simpel switchen van dagbesteding naar werk’, on Almere")
    assert "28 uur per week" in second


def test_a_list_ends_where_the_next_list_is_announced(corpus_core) -> None:  # noqa: ANN001
    answer = _answer(corpus_core, "Wat zijn de succesfactoren van Cycloon?")
    assert "- Echte aandacht en de tijd nemen voor mensen" in answer.text
    # "Als afbreukrisico's worden genoemd:" follows the success factors in the same passage.
    assert "administratieve rompslomp" not in answer.text


def test_a_publisher_named_in_the_question_says_where_not_what(corpus_core) -> None:  # noqa: ANN001
    # Cedris published the evaluation; its statements need not repeat the name to be in scope,
    # and the colophon that does name Cedris says nothing about detacheringen.
    answer = _answer(corpus_core, "Wat zegt de Cedris-evaluatie over detacheringen?")
    assert answer.status == "answered"
    assert all(c.document_id == "eindevaluatie-sw-sectorplannen" for c in answer.citations)
    assert "detacheringen" in answer.text.splitlines()[1]
    assert not any(c.section == "Colofon" for c in answer.citations)


def test_a_name_counts_where_the_passage_belongs_to_the_case_it_names(corpus_core) -> None:  # noqa: ANN001
    # The Arnhem case is also called "Activerend Werk"; its passages that do not repeat that name
    # are still about it, and the passages of other cases are not.
    from assistant.answer.concepts import build_concepts
    from assistant.answer.relevance import TermWeights
    from assistant.answer.selection import SelectionTuning, Selector
    from assistant.language.question import analyse_question
    from assistant.types import Hit

    passages = corpus_core.holder.current().passages
    weights = TermWeights(passages)
    q = analyse_question("Hoe lang duurt een toewijzing bij Activerend Werk?")
    known = tuple(t for t in q.terms if weights.known(t))
    concepts = build_concepts(q, weights, terms=known)

    def about(passage: Passage) -> bool:
        selector = Selector(q, concepts, weights, tuning=SelectionTuning(), context=corpus_core.context)
        return selector.about_names(selector.select([Hit(passage, 1.0)]).chosen)

    arnhem = [p for p in passages if "Arnhem" in (p.section or "") and "Activerend" not in p.text]
    oss = [p for p in passages if (p.section or "").startswith("Oss") and "Activerend" not in p.text]
    assert arnhem and oss
    assert about(arnhem[0])
    assert not about(oss[0])
