"""A case's derived views: its publications (fullest first, each once), its evidence per aspect, and
the aspects it describes in display order."""

from __future__ import annotations

from assistant.cases.types import Case, CaseSource, Evidence

RESULTS = (Evidence("rapport-3", "section", heading="Resultaten"),)
PARTNERS = (Evidence("rapport-4", "label", start=10, end=40), Evidence("dia-2", "text"))


def _case(**more: object) -> Case:
    values: dict[str, object] = {
        "id": "pastiel", "name": "Pastiel", "title": "4.2 Pastiel", "document_id": "rapport",
        "document_title": "Rapport", "section": "4 Casussen › Pastiel", "aliases": (),
        "passage_ids": ("rapport-3", "rapport-4"),
    }
    return Case(**{**values, **more})  # type: ignore[arg-type]


def test_the_fullest_publication_comes_first_and_each_only_once() -> None:
    sources = (CaseSource("dia", "Dia's", "Pastiel", "Pastiel"), CaseSource("rapport", "Rapport", "4", "4.2"),
               CaseSource("dia", "Dia's", "Pastiel 2", "Pastiel"))
    assert _case(sources=sources).document_ids == ("rapport", "dia")
    assert _case().document_ids == ("rapport",)


def test_evidence_is_found_per_aspect_and_is_empty_for_an_aspect_not_described() -> None:
    case = _case(aspects=(("resultaten", RESULTS), ("samenwerking", PARTNERS)))
    assert case.evidence("samenwerking") == PARTNERS
    assert case.evidence("kosten") == ()


def test_only_aspects_with_evidence_are_described_in_their_order() -> None:
    case = _case(aspects=(("samenwerking", PARTNERS), ("kosten", ()), ("resultaten", RESULTS)))
    assert case.aspect_keys == ("samenwerking", "resultaten")
