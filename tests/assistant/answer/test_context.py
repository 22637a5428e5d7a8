"""What the answerer looks up around a passage in the index: the next one, case, publisher."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.context import IndexContext


def test_the_next_passage_the_case_and_the_publisher(corpus_core) -> None:  # noqa: ANN001
    context = IndexContext(corpus_core.cases)
    passages = corpus_core.holder.current().passages
    first = next(p for p in passages if (p.section or "").endswith("› Over Cycloon"))
    following = context.following(first)
    assert following is not None and following.document_id == first.document_id
    assert following.ordinal == first.ordinal + 1
    assert context.case_names(first)[0] == "Cycloon Post en fietskoeriers"
    assert context.case_of(first.id) == "Cycloon Post en fietskoeriers"
    assert context.publisher(first) == "Cedris en SBCM (onderzoek: ZINZIZ)"
    colophon = next(p for p in passages if p.section == "Colofon")
    assert context.case_names(colophon) == ()


def test_a_passage_no_longer_served_has_no_surroundings(corpus_core) -> None:  # noqa: ANN001
    context = IndexContext(corpus_core.cases)
    gone = replace(corpus_core.holder.current().passages[0], id="gone-0", document_id="gone")
    assert context.following(gone) is None
    assert context.publisher(gone) is None
    assert context.case_of("gone-0") is None


def test_on_the_small_corpus_the_next_passage_stays_in_its_publication(small_core, small_index) -> None:  # noqa: ANN001
    from tests.assistant.small_corpus import ALMERE, TESTDORP

    context = IndexContext(small_core.cases)
    testdorp = small_index.document_passages(TESTDORP)
    assert context.following(testdorp[0]) == testdorp[1]
    assert context.following(testdorp[-1]) is None  # the last passage has none, not Almere's first
    assert context.publisher(testdorp[0]) == "Testbureau"
    assert context.publisher(small_index.document_passages(ALMERE)[0]) == "Gemeente Almere"
