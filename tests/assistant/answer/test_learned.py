"""The learned answerer on a small hand-made corpus, with hand-set models (fakes) deciding the units.

Which units a model prefers is the model's business; these tests pin what the answerer adds around
it: whole lists under their lead, one statement per name compared, refusals, the opening, numbering.
"""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer import messages
from assistant.answer.learned import (
    ANSWERABLE_FEATURES,
    AnswerTuning,
    LearnedAnswerer,
    answerable_row,
    unknown_names,
    unknown_words,
)
from assistant.answer.units import UNIT_FEATURES
from assistant.types import Answer, Hit
from tests.assistant.answer.hand_models import fake_model
from tests.assistant.small_corpus import ALMERE, TESTDORP

ANSWER_ALWAYS = fake_model(ANSWERABLE_FEATURES, threshold=0.4)  # every question gets p = 0.5
REFUSE_ALWAYS = fake_model(ANSWERABLE_FEATURES, threshold=0.6)
LEAD = "De belangrijkste succesfactoren van het traject zijn:"
ITEMS = [
    "- een vaste jobcoach voor elke kandidaat",
    "- korte lijnen met werkgevers in de regio",
    "- scholing op de werkvloer",
]


def passage(index, doc: str, section_end: str):  # noqa: ANN001, ANN201
    return next(p for p in index.passages if p.document_id == doc and (p.section or "").endswith(section_end))


def hits(index, *spec: tuple[str, str, float]) -> list[Hit]:  # noqa: ANN001
    return [Hit(passage(index, doc, section), score) for doc, section, score in spec]


def answerer(core, units, answerable=ANSWER_ALWAYS, tuning: AnswerTuning | None = None) -> LearnedAnswerer:  # noqa: ANN001
    return LearnedAnswerer(core.holder, core.retriever.featurizer, units=units, answerable=answerable, tuning=tuning)


def test_a_chosen_lead_brings_its_items_in_reading_order(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="lead", bias=-2.0)  # only the lead is probable
    found = hits(small_index, (TESTDORP, "Succesfactoren", 0.9), (TESTDORP, "Kosten", 0.5))
    answer = answerer(small_core, units).answer("Wat zijn de succesfactoren?", found)
    assert answer.status == "answered"
    lines = answer.text.split("\n")
    assert lines[0] == "Volgens ‘Werkfit in Testdorp’ (2019):"
    assert lines[1:] == [f"{LEAD} [1]", *(f"{item} [{n}]" for n, item in enumerate(ITEMS, start=2))]
    assert [c.quote for c in answer.citations] == [LEAD, *(i[2:] for i in ITEMS)]


def test_items_chosen_before_their_lead_still_come_after_it(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="item", bias=-2.0)  # the items are probable, the lead is not
    found = hits(small_index, (TESTDORP, "Succesfactoren", 0.9))
    answer = answerer(small_core, units).answer("Wat zijn de succesfactoren?", found)
    lines = answer.text.split("\n")[1:]
    assert lines[0].startswith(LEAD)
    assert [line.rsplit(" [", 1)[0] for line in lines[1:]] == ITEMS


def test_two_items_of_a_list_bring_the_lead_and_the_rest(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="item", bias=-2.0)
    found = hits(small_index, (TESTDORP, "Succesfactoren", 0.9))
    answer = answerer(small_core, units).answer("Wat zijn de succesfactoren?", found)
    quotes = {c.quote for c in answer.citations}
    assert quotes == {LEAD, *(i[2:] for i in ITEMS)}


def test_below_the_threshold_the_answer_is_a_refusal_with_the_closest_passages(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="coverage")
    found = hits(
        small_index,
        (TESTDORP, "Succesfactoren", 0.9),
        (TESTDORP, "Kosten", 0.5),
        (ALMERE, "Aanpak", 0.4),
        (ALMERE, "Resultaten", 0.3),
    )
    answer = answerer(small_core, units, REFUSE_ALWAYS).answer("Wat zijn de succesfactoren?", found)
    assert answer.status == "not_found" and answer.citations == ()
    assert answer.text.startswith(messages.NOT_FOUND["nl"])
    assert "Succesfactoren (Werkfit in Testdorp)" in answer.text
    assert [h.passage.id for h in answer.hits] == [h.passage.id for h in found[:3]]
    assert answer.meta["reason"] == "no_answer" and answer.meta["answerable"] == pytest.approx(0.5)


def test_a_name_the_publications_never_use_is_refused_whatever_the_model_says(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="coverage")
    found = hits(small_index, (TESTDORP, "Over het Werkbedrijf Testdorp", 0.9))
    answer = answerer(small_core, units, fake_model(ANSWERABLE_FEATURES, threshold=0.0)).answer(
        "Hoeveel kandidaten begeleidt Werkbedrijf Zwolle?", found
    )
    assert answer.status == "not_found"
    assert "‘zwolle’" in answer.text.lower()


def test_a_known_name_is_not_unknown(small_core, small_index) -> None:  # noqa: ANN001
    featurizer = small_core.retriever.featurizer
    known = featurizer.analyse(small_index.lexical, "Hoeveel kandidaten begeleidt Werkbedrijf Testdorp?")
    unknown = featurizer.analyse(small_index.lexical, "Hoeveel kandidaten begeleidt Werkbedrijf Zwolle?")
    assert not unknown_names(small_index, known)
    assert unknown_names(small_index, unknown)
    assert unknown_words(small_index, known) == ()
    assert unknown_words(small_index, unknown) == ("zwolle",)


def test_greetings_and_empty_searches_are_answered_without_reading(small_core) -> None:  # noqa: ANN001
    a = answerer(small_core, fake_model(UNIT_FEATURES))
    hello = a.answer("Hallo!", [])
    assert hello.status == "not_found" and hello.meta["reason"] == "chitchat" and "Werkwijzer" in hello.text
    nothing = a.answer("What does the municipality pay?", [])
    assert nothing.meta["reason"] == "no_passages" and nothing.text == messages.NOT_FOUND["en"]


def test_the_opening_names_every_publication_quoted_with_its_year(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="passage", weight=10.0, bias=-3.0)
    found = hits(small_index, (TESTDORP, "Over het Werkbedrijf Testdorp", 0.9), (ALMERE, "Resultaten", 0.85))
    a = answerer(small_core, units)
    dutch = a.answer("Hoe lang blijft de jobcoach betrokken?", found)
    assert dutch.text.split("\n")[0] == (
        "Volgens ‘Werkfit in Testdorp’ (2019) en ‘Van dagbesteding naar werk in Almere’ (2021):"
    )
    english = a.answer("How long does the job coach stay involved?", found)
    assert english.text.startswith("According to ‘Werkfit in Testdorp’ (2019) and ")
    assert english.text.split("\n")[0].endswith("(quoted in Dutch):")


def test_a_sentence_two_publications_share_is_quoted_once(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="coverage", bias=-1.0)
    found = hits(small_index, (TESTDORP, "Over het Werkbedrijf Testdorp", 0.9), (ALMERE, "Resultaten", 0.8))
    answer = answerer(small_core, units).answer("Hoe lang blijft de jobcoach betrokken bij de werkgever?", found)
    assert answer.status == "answered"
    assert answer.text.count("De jobcoach blijft na plaatsing") == 1


def test_statements_are_bounded_by_the_tuning(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="passage", weight=10.0, bias=-3.0)
    found = hits(small_index, (TESTDORP, "Kosten", 0.9), (ALMERE, "Aanpak", 0.9))
    wide = answerer(small_core, units).answer("Wat kost een traject?", found)
    narrow = answerer(small_core, units, tuning=AnswerTuning(max_units=1)).answer("Wat kost een traject?", found)
    assert len(wide.citations) == 4
    assert len(narrow.citations) == 1


def test_statements_far_below_the_best_are_left_out(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="passage", weight=10.0, bias=-5.0)
    # The Kosten units get p = sigmoid(4) = 0.98, Aanpak's sigmoid(-3) = 0.05: below half the best.
    found = hits(small_index, (TESTDORP, "Kosten", 0.9), (ALMERE, "Aanpak", 0.2))
    answer = answerer(small_core, units).answer("Wat kost een traject?", found)
    assert {c.document_id for c in answer.citations} == {TESTDORP}
    loose = answerer(small_core, units, tuning=AnswerTuning(keep=0.01)).answer("Wat kost een traject?", found)
    assert {c.document_id for c in loose.citations} == {TESTDORP, ALMERE}


def test_a_comparison_gets_a_statement_about_each_name(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="passage", weight=10.0, bias=-5.0)
    found = hits(small_index, (TESTDORP, "Over het Werkbedrijf Testdorp", 0.9), (ALMERE, "Aanpak", 0.2))
    answer = answerer(small_core, units).answer("Wat doen Testdorp en Almere?", found)
    assert {c.document_id for c in answer.citations} == {TESTDORP, ALMERE}
    almere = [c for c in answer.citations if c.document_id == ALMERE]
    assert len(almere) == 1 and "Almere" in almere[0].quote
    single = answerer(small_core, units).answer("Wat doet Testdorp?", found)
    assert {c.document_id for c in single.citations} == {TESTDORP}


def test_citations_are_verbatim_numbered_in_order_and_marked_in_the_text(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="coverage", bias=-1.0)
    found = [Hit(p, 0.5) for p in small_index.passages]
    for question in ("Wat kost een traject?", "Wat zijn de succesfactoren?", "Hoeveel deelnemers hadden een baan?"):
        answer = answerer(small_core, units).answer(question, found)
        assert answer.status == "answered", question
        assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
        for c in answer.citations:
            assert c.quote in small_index.get(c.passage_id).text
            assert f"{c.quote} [{c.n}]" in answer.text
        # The passages shown start with those the answer quotes.
        used = list(dict.fromkeys(c.passage_id for c in answer.citations))
        assert [h.passage.id for h in answer.hits[: len(used)]] == used


def test_streaming_gives_the_lines_of_the_answer_then_the_answer(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="lead", bias=-2.0)
    found = hits(small_index, (TESTDORP, "Succesfactoren", 0.9))
    parts = list(answerer(small_core, units).stream("Wat zijn de succesfactoren?", found))
    assert isinstance(parts[-1], Answer)
    assert "".join(parts[:-1]) == parts[-1].text
    assert len(parts) - 1 == parts[-1].text.count("\n") + 1


def _row(small_core, small_index, question: str, found: list[Hit]) -> dict[str, float]:  # noqa: ANN001
    reading = answerer(small_core, fake_model(UNIT_FEATURES, on="coverage")).read(question, found)
    return dict(zip(ANSWERABLE_FEATURES, reading.features.tolist(), strict=True))


def test_what_the_best_units_leave_out_shows_in_the_answerability_features(small_core, small_index) -> None:  # noqa: ANN001
    costs = hits(small_index, (TESTDORP, "Kosten", 0.9))
    steps = hits(small_index, (ALMERE, "Aanpak", 0.9))
    assert _row(small_core, small_index, "Wat kost een traject?", costs)["detail_missing"] == 0.0
    assert _row(small_core, small_index, "Wat kost een stage?", steps)["detail_missing"] == 1.0
    # "betaald werk" is no money question
    assert _row(small_core, small_index, "Leidt de stage tot betaald werk?", steps)["detail_missing"] == 0.0
    assert _row(small_core, small_index, "Hoeveel procent vond werk?", steps)["detail_missing"] == 1.0
    assert _row(small_core, small_index, "Hoeveel kost een stage?", steps)["number_missing"] == 1.0
    assert _row(small_core, small_index, "Hoeveel kost een traject?", costs)["number_missing"] == 0.0


def test_the_answerability_row_of_a_question_without_passages_is_all_zero_scores() -> None:
    from assistant.search.features import QueryTerms

    q = QueryTerms("Wat kost het?", {"kost": {"kost": 1.0}}, {}, {}, (), english=False, number=False)
    row = answerable_row(q, [], np.zeros((0, len(UNIT_FEATURES))), np.zeros(0), ())
    values = dict(zip(ANSWERABLE_FEATURES, row.tolist(), strict=True))
    assert values["passage_top"] == values["unit_top"] == values["coverage_top"] == 0.0
    assert values["detail_missing"] == 1.0 and values["unknown"] == 0.0


def test_an_amount_question_answered_by_statements_without_an_amount_is_refused(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="coverage")
    found = hits(small_index, (ALMERE, "Aanpak", 0.9))  # about Almere, but no amount anywhere
    answer = answerer(small_core, units).answer("Wat kost een stage bij een werkgever in Almere?", found)
    assert answer.status == "not_found" and answer.meta["reason"] == "detail_missing"
    assert "noemen hierover geen bedrag" in answer.text
    assert [h.passage.id for h in answer.hits] == [h.passage.id for h in found]


def test_an_amount_question_whose_statements_give_one_is_answered(small_core, small_index) -> None:  # noqa: ANN001
    units = fake_model(UNIT_FEATURES, on="coverage")
    found = hits(small_index, (TESTDORP, "Kosten", 0.9))
    answer = answerer(small_core, units).answer("Wat kost een werkfit-traject in Testdorp?", found)
    assert answer.status == "answered"
    assert any("4.500 euro" in c.quote for c in answer.citations)


def test_a_list_whose_items_carry_a_paragraph_each_is_read_whole() -> None:
    from assistant.answer.learned import ITEM_PARAGRAPH, list_items

    parts = [
        ("item", "- 1) De band is lek"),
        ("sentence", "Bij de kennismaking wordt een gesprek gevoerd."),
        ("item", "- 2) Gang maken"),
        ("sentence", "De medewerker is nu in dienst."),
        ("sentence", "De doelen worden verder geformuleerd."),
        ("item", "- 3) Wegkapitein"),
        ("sentence", "De cliënt is allround inzetbaar."),
    ]
    items, gap = list_items(parts, 0)
    assert items == [0, 2, 5] and gap == 1  # the list may run on into the next passage
    # A new lead, or more paragraph than an item carries, ends the list inside the passage.
    assert list_items([*parts[:2], ("sentence", "Verder geldt:"), ("item", "- x")], 0) == ([0], None)
    long = [parts[0], *[("sentence", "Zin.")] * (ITEM_PARAGRAPH + 1), ("item", "- y")]
    assert list_items(long, 0) == ([0], None)
    # Before any item, a sentence is no paragraph of one; carried over from the passage before, it is.
    assert list_items([("sentence", "Zin."), ("item", "- z")], 0) == ([], None)
    assert list_items([("sentence", "Zin."), ("item", "- z")], 0, gap=0) == ([1], 0)
