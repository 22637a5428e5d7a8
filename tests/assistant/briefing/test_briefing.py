"""Packs for trainer themes: every point cited, every quote verbatim, no passage used twice."""

from __future__ import annotations

import pytest

from assistant.briefing.types import Pack
from assistant.errors import InvalidInputError

THEMES = (
    "succesfactoren van werkfit-trajecten",
    "lock-in voorkomen",
    "nazorg",
    "samenwerking gemeente en werkgevers",
)


@pytest.fixture(scope="module")
def packs(corpus_core) -> dict[str, Pack]:  # noqa: ANN001
    return {theme: corpus_core.briefings.build(theme) for theme in THEMES}


def _cited(pack: Pack) -> list:  # noqa: ANN401 - (text, citation) pairs of every point in the pack
    pairs = [(p.text, p.citation) for p in (*pack.key_points, *pack.quotes)]
    for e in pack.examples:
        pairs.append((e.did.text, e.did.citation))
        if e.yielded:
            pairs.append((e.yielded.text, e.yielded.citation))
    if pack.comparison:
        pairs += [
            (c.text, c.citation)
            for row in pack.comparison.rows
            for c in row
            if c.status == "beschreven"
        ]
    pairs += [(None, q.citation) for q in pack.quiz]
    return pairs


@pytest.mark.parametrize("theme", THEMES)
def test_pack_is_complete_and_every_point_is_cited(packs: dict[str, Pack], theme: str) -> None:
    pack = packs[theme]
    assert len(pack.key_points) >= 5
    assert len(pack.examples) >= 2
    assert pack.comparison is not None and len(pack.comparison.cases) >= 2
    assert pack.quotes and len(pack.discussion) >= 3 and len(pack.quiz) >= 2
    for text, citation in _cited(pack):
        assert citation is not None
        if text is not None:
            assert text == citation.quote
    # Cells that say nothing carry no citation.
    for row in pack.comparison.rows:
        for cell in row:
            assert (cell.citation is None) == (cell.status == "niet beschreven")


@pytest.mark.parametrize("theme", THEMES)
def test_quotes_are_verbatim_and_no_passage_is_used_twice(
    corpus_core, packs: dict[str, Pack], theme: str
) -> None:  # noqa: ANN001
    pack = packs[theme]
    index = corpus_core.holder.current()
    ids = [c.passage_id for c in pack.citations]
    assert len(ids) == len(set(ids))
    assert [c.n for c in pack.citations] == list(range(1, len(ids) + 1))
    for citation in pack.citations:
        assert citation.quote and citation.quote in index.get(citation.passage_id).text
    # Every cited point is one of the pack's numbered sources.
    assert {c for _, c in _cited(pack)} <= set(pack.citations)
    for question in pack.discussion:
        assert question.refs and all(1 <= n <= len(pack.citations) for n in question.refs)
        assert all(f"[{n}]" in question.text for n in question.refs)


@pytest.mark.parametrize("theme", THEMES)
def test_comparison_names_only_cases_that_exist(
    corpus_core, packs: dict[str, Pack], theme: str
) -> None:  # noqa: ANN001
    catalog = corpus_core.cases.catalog()
    pack = packs[theme]
    assert pack.comparison is not None
    for case in pack.comparison.cases:
        assert catalog.get(case.id) == case
    for example in pack.examples:
        assert catalog.get(example.case.id) == example.case
    for quiz in pack.quiz:
        if quiz.options:
            assert quiz.answer in quiz.options
            assert all(catalog.find(o) is not None for o in quiz.options)


def test_quiz_answers_are_in_their_sources(packs: dict[str, Pack]) -> None:
    for pack in packs.values():
        for quiz in pack.quiz:
            if not quiz.options:  # fill in the number: the blank is cut from the cited sentence
                assert quiz.answer in quiz.citation.quote
                assert quiz.citation.quote.replace(quiz.answer, "____", 1) in quiz.question


def test_theme_focus_shows_in_the_pack(packs: dict[str, Pack]) -> None:
    nazorg = packs["nazorg"]
    assert sum("nazorg" in p.text.lower() for p in nazorg.key_points) >= 3
    assert any(a.key == "nazorg" for a in nazorg.comparison.aspects)  # type: ignore[union-attr]


def test_documents_filter_keeps_the_pack_inside_them(corpus_core) -> None:  # noqa: ANN001
    pack = corpus_core.briefings.build(
        "resultaten", documents=["simpel-switchen-dagbesteding-naar-werk"]
    )
    assert pack.citations
    assert {c.document_id for c in pack.citations} == {"simpel-switchen-dagbesteding-naar-werk"}


def test_empty_theme_is_refused(corpus_core) -> None:  # noqa: ANN001
    with pytest.raises(InvalidInputError):
        corpus_core.briefings.build("   ")


def test_without_an_llm_the_pack_is_extractive_and_says_nothing_more(
    packs: dict[str, Pack],
) -> None:
    for pack in packs.values():
        assert pack.mode == "extractive" and pack.notice is None and pack.refined_parts == []
        assert pack.synthesis == ()
        assert all(q.origin == "extractive" for q in (*pack.discussion, *pack.quiz))


def test_title_lines_left_in_the_text_are_not_key_points(corpus_core) -> None:  # noqa: ANN001
    pack = corpus_core.briefings.build("van dagbesteding naar werk")
    titles = {c.document_title.lower() for c in pack.citations}
    assert not any(p.text.lstrip("⇒→➔ ").lower() in titles for p in (*pack.key_points, *pack.quotes))
