"""Packs for trainer themes: every point cited, every quote verbatim, no passage used twice."""

from __future__ import annotations

import pytest

from assistant.briefing.types import Pack
from assistant.errors import InvalidInputError
from assistant.language.sentences import split_units
from tests.conftest import CORPUS

THEMES = (
    "succesfactoren van werkfit-trajecten",
    "lock-in voorkomen",
    "nazorg",
    "samenwerking gemeente en werkgevers",
)


def _publications() -> dict[str, str]:
    """Each publication's file text with its white space normalised, by document id."""
    return {f.stem: " ".join(f.read_text(encoding="utf-8").split()) for f in CORPUS.glob("*.txt")}


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
def test_pack_is_complete_and_every_point_is_cited(corpus_core, packs: dict[str, Pack], theme: str) -> None:  # noqa: ANN001
    pack = packs[theme]
    assert len(pack.key_points) >= 5
    assert len(pack.examples) >= 2
    assert pack.comparison is not None and len(pack.comparison.cases) >= 2
    assert pack.quotes and len(pack.discussion) >= 3 and len(pack.quiz) >= 2
    index = corpus_core.holder.current()
    for text, citation in _cited(pack):
        assert citation is not None
        if text is not None:
            # The point is whole units of the passage its citation names, looked up afresh in the
            # index: it starts where a unit starts and ends where one ends (no cut words or sentences).
            passage = index.get(citation.passage_id)
            start = passage.text.find(text)
            assert start >= 0, (text, citation.passage_id)
            units = split_units(passage.text)
            assert start in {u.start for u in units} and start + len(text) in {u.end for u in units}, text
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
    sources = _publications()
    for citation in pack.citations:
        # Citation.of checked the quote against the passage object it was given; check it against
        # what the index serves under that id, and against the publication's own file.
        passage = index.get(citation.passage_id)
        assert (citation.document_id, citation.document_title, citation.section, citation.page) == (
            passage.document_id, passage.document_title, passage.section, passage.page
        )
        # Unit by unit: a chunk repeats a list's lead before the items it continues with, so a quote
        # of lead and item is verbatim in the passage but not one run of the publication's text.
        units = split_units(citation.quote)
        assert units and all(" ".join(u.text.split()) in sources[citation.document_id] for u in units)
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


def test_quiz_answers_are_in_their_sources(corpus_core, packs: dict[str, Pack]) -> None:  # noqa: ANN001
    catalog = corpus_core.cases.catalog()
    quizzes = [q for pack in packs.values() for q in pack.quiz]
    fill_in = [q for q in quizzes if not q.options]
    which_case = [q for q in quizzes if q.options]
    assert fill_in and which_case  # both kinds are made, so the checks below check something
    for quiz in fill_in:  # fill in the number: the blank is cut from the cited sentence
        assert any(c.isdigit() for c in quiz.answer)
        assert quiz.answer in quiz.citation.quote
        assert quiz.citation.quote.replace(quiz.answer, "____", 1) in quiz.question
    for quiz in which_case:  # which case is this: the quoted sentence is the answer case's own
        case = catalog.find(quiz.answer)
        assert case is not None and quiz.citation.passage_id in case.passage_ids
        assert f"“{quiz.citation.quote}”" in quiz.question
        assert not any(option.lower() in quiz.citation.quote.lower() for option in quiz.options)


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
