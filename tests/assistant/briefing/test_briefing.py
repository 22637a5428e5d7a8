"""Packs for trainer themes: on-theme whole sentences with context, examples, questions, quiz, agendas."""

from __future__ import annotations

import pytest

from assistant.briefing.builder import MIN_KEY_POINTS, NEAR_THEME
from assistant.briefing.statements import GENERAL, inner_quotes, on_theme_threshold, whole_sentence
from assistant.briefing.types import Pack
from assistant.errors import InvalidInputError
from assistant.models import LinearModel
from assistant.types import Passage

THEMES = (
    "succesfactoren van werkfit-trajecten",
    "nazorg",
    "samenwerking gemeente en werkgevers",
)


@pytest.fixture(scope="module")
def packs(corpus_core) -> dict[str, Pack]:  # noqa: ANN001
    return {theme: corpus_core.briefings.build(theme) for theme in THEMES}


def _points(pack: Pack) -> list:  # noqa: ANN401 - every Point of the pack
    return [*pack.key_points, *(p for e in pack.examples for p in e.statements)]


@pytest.mark.parametrize("theme", THEMES)
def test_pack_is_complete_and_every_point_is_a_cited_verbatim_sentence(
    corpus_core, packs: dict[str, Pack], theme: str  # noqa: ANN001
) -> None:
    pack = packs[theme]
    index = corpus_core.holder.current()
    # Examples only from cases whose own statements are on the theme: one fewer rather than one off it.
    assert len(pack.key_points) >= 5 and pack.examples
    assert len(pack.discussion) >= 3 and pack.quiz
    assert [c.n for c in pack.citations] == list(range(1, len(pack.citations) + 1))
    for p in _points(pack):
        assert p.text == p.citation.quote and p.text in index.get(p.citation.passage_id).text
        assert p.text[0].isupper() or p.text[0].isdigit() or p.text[0] in "“\""
        assert p.text.endswith((".", "!", "”", '"')) and "?" not in p.text
        assert p.citation in pack.citations
    # No statement twice (the report and its slides say some things in the same words).
    texts = [" ".join(p.text.lower().split()) for p in _points(pack)]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("theme", THEMES)
def test_key_points_clear_the_threshold_and_carry_context_and_subtheme(
    corpus_core, packs: dict[str, Pack], theme: str  # noqa: ANN001
) -> None:
    pack = packs[theme]
    threshold = pack.meta["threshold"]
    years = {d.info.id: d.info.year for d in corpus_core.holder.current().documents()}
    # Points below the threshold (down to half of it) only fill a pack that would be too thin.
    above = [p for p in pack.key_points if p.score >= threshold]  # type: ignore[operator]
    assert len(above) == len(pack.key_points) or len(above) < MIN_KEY_POINTS
    near = [p for p in pack.key_points if p.score >= threshold * NEAR_THEME]  # type: ignore[operator]
    # Below half the threshold only to reach MIN_KEY_POINTS, and only sentences using the theme's word.
    assert len(near) == len(pack.key_points) or len(pack.key_points) <= MIN_KEY_POINTS
    for p in pack.key_points:
        assert p.citation.document_title in p.context
        year = years[p.citation.document_id]
        assert (str(year) if year else "z.j.") in p.context
        assert p.subtheme
    # Grouped: the points of one sub-theme stand together.
    order = [p.subtheme for p in pack.key_points]
    assert all(order.index(s) == i or order[i - 1] == s for i, s in enumerate(order))


def test_threshold_comes_from_the_model_not_from_a_setting() -> None:
    import numpy as np

    def model(info: dict, threshold: float = 0.5) -> LinearModel:
        one = np.ones(1)
        return LinearModel(("x",), one, one, one, 0.0, threshold=threshold, info=info)

    assert on_theme_threshold(model({"examples": 1000, "positives": 100})) == pytest.approx(0.1)
    assert on_theme_threshold(model({"examples": 10, "positives": 1, "threshold_from": "oof"}, 0.3)) == 0.3


@pytest.mark.parametrize("theme", THEMES)
def test_examples_are_cases_that_exist_with_on_theme_statements(
    corpus_core, packs: dict[str, Pack], theme: str  # noqa: ANN001
) -> None:
    catalog = corpus_core.cases.catalog()
    pack = packs[theme]
    names = [e.case.name.lower() for e in pack.examples]
    assert len(names) == len(set(names))
    for e in pack.examples:
        assert catalog.get(e.case.id) == e.case and e.statements
        assert all(p.citation.passage_id in e.case.passage_ids for p in e.statements)
        assert all(p.score >= pack.meta["threshold"] * NEAR_THEME for p in e.statements)  # type: ignore[operator]


@pytest.mark.parametrize("theme", THEMES)
def test_quiz_is_multiple_choice_with_the_sourced_answer_among_distinct_options(
    packs: dict[str, Pack], theme: str
) -> None:
    for q in packs[theme].quiz:
        assert len(q.options) >= 3 and len(set(q.options)) == len(q.options)
        assert q.answer in q.options and q.answer_letter in "ABCD"
        assert q.explanation == q.citation.quote and q.answer.rstrip(".") in q.explanation
        if "…" in q.question:  # finish the statement: the shown half is the sentence's own start
            stem = q.question.split("“", 1)[1].rsplit(" …", 1)[0]
            assert inner_quotes(q.explanation).startswith(stem)
            assert all(o not in q.explanation for o in q.options if o != q.answer)


def test_discussion_questions_are_open_and_cite_the_pack(packs: dict[str, Pack]) -> None:
    for pack in packs.values():
        for q in pack.discussion:
            assert q.text.rstrip().endswith("?")
            assert q.refs and all(f"[{n}]" in q.text for n in q.refs)
            assert all(1 <= n <= len(pack.citations) for n in q.refs)


def test_agendas_last_60_and_90_minutes(packs: dict[str, Pack]) -> None:
    for pack in packs.values():
        assert [a.minutes for a in pack.agendas] == [60, 90]
        for agenda in pack.agendas:
            assert sum(i.minutes for i in agenda.items) == agenda.minutes
            assert {"Kernpunten", "Discussie", "Quiz"} <= {i.title for i in agenda.items}


def test_theme_focus_shows_in_the_pack(packs: dict[str, Pack]) -> None:
    nazorg = packs["nazorg"]
    assert sum("nazorg" in p.text.lower() for p in nazorg.key_points) >= 3
    assert nazorg.key_points[0].subtheme != GENERAL


def test_documents_filter_keeps_the_pack_inside_them(corpus_core) -> None:  # noqa: ANN001
    pack = corpus_core.briefings.build("resultaten", documents=["simpel-switchen-dagbesteding-naar-werk"])
    assert pack.citations
    assert {c.document_id for c in pack.citations} == {"simpel-switchen-dagbesteding-naar-werk"}


def test_empty_theme_is_refused(corpus_core) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInputError):
        corpus_core.briefings.build("   ")


def test_without_an_llm_the_pack_is_extractive_and_says_nothing_more(packs: dict[str, Pack]) -> None:
    for pack in packs.values():
        assert pack.mode == "extractive" and pack.notice is None and pack.refined_parts == []
        assert pack.synthesis == ()
        assert all(q.origin == "extractive" for q in (*pack.discussion, *pack.quiz))


def test_title_lines_left_in_the_text_are_not_key_points(corpus_core) -> None:  # noqa: ANN001
    pack = corpus_core.briefings.build("van dagbesteding naar werk")
    titles = {c.document_title.lower() for c in pack.citations}
    assert not any(p.text.lstrip("⇒→➔ ").lower() in titles for p in pack.key_points)


def _passage(text: str) -> Passage:
    return Passage("p-1", "doc", "Een publicatie", "Hoofdstuk", None, text, 0)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # A stray closing quote without its opening one is trimmed.
        ('Er is nazorg, en dat is voor veel deelnemers een geruststellende gedachte."', "sentence",
         "Er is nazorg, en dat is voor veel deelnemers een geruststellende gedachte."),
        # A list item with two sentences gives its first, without the bullet.
        ("- Er zijn campagnes ontwikkeld voor werkgevers in de regio. Ook zijn er accountmanagers.", "item",
         "Er zijn campagnes ontwikkeld voor werkgevers in de regio."),
        # A run-in list, a question, a table row and a fragment are no statements.
        ("De kern: - Gericht op snel plaatsbare mensen - Kortdurende banen als opstap.", "sentence", None),
        ("Hoe lang lever je welke nazorg aan de werknemer en werkgever?", "sentence", None),
        ("UW\tRealiseren van plaatsing bij een reguliere werkgever", "row", None),
        ("soms als onderdeel van het traject maar vaak ook daarna", "sentence", None),
    ],
)
def test_whole_sentences_only(text: str, kind: str, expected: str | None) -> None:
    span = whole_sentence(_passage(text), 0, len(text), kind)
    assert (text[span[0] : span[1]] if span else None) == expected


def test_a_sentence_that_points_back_comes_with_the_one_before() -> None:
    text = "Bij de selectie wordt gekeken naar de motivatie van de kandidaat. Dit wordt vastgesteld in een gesprek."
    start = text.index("Dit")
    span = whole_sentence(_passage(text), start, len(text), "sentence")
    assert span == (0, len(text))


def test_inner_quotes_become_single_so_the_marks_pair_up() -> None:
    shown = inner_quotes('Werkgevers zeggen: "Deelnemers hoeven niks te kunnen als ze maar willen".')
    assert shown == "Werkgevers zeggen: ‘Deelnemers hoeven niks te kunnen als ze maar willen’."
    assert inner_quotes("Zij noemen het “de Haagse aanpak”.") == "Zij noemen het ‘de Haagse aanpak’."
