"""Finding cases by what people type: ids, names, aliases, partial names; titles and slugs."""

from __future__ import annotations

import pytest

from assistant.cases.catalogue import CaseCatalog, aspects_of_heading, clean_title, slug
from assistant.cases.types import Case, CaseSource
from assistant.errors import InvalidInputError


def case(cid: str, name: str, *, aliases: tuple[str, ...] = (), document: str = "rapport",
         title: str | None = None, also_in: tuple[str, ...] = ()) -> Case:
    sources = tuple(CaseSource(d, d.title(), f"Casussen › {name}", name) for d in also_in)
    return Case(cid, name, title or name, document, document.title(), f"Casussen › {name}", aliases, (),
                sources=sources)


PASTIEL = case("pastiel", "Pastiel", aliases=("Pastiel Oss",), title="4.2 Pastiel in Oss", also_in=("dia",))
PASTIEL_DIA = case("pastiel-dia", "Pastiel", document="dia")
CYCLOON = case("cycloon", "Cycloon", aliases=("SW-bedrijf Cycloon",))
WERKBEDRIJF_NOORD = case("werkbedrijf-noord", "Werkbedrijf Noord")
WERKBEDRIJF_ZUID = case("werkbedrijf-zuid", "Werkbedrijf Zuid", document="dia")
CATALOG = CaseCatalog([PASTIEL, PASTIEL_DIA, CYCLOON, WERKBEDRIJF_NOORD, WERKBEDRIJF_ZUID])


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("cycloon", "cycloon"),  # id
        ("CYCLOON", "cycloon"),  # name, any case
        ("SW-bedrijf Cycloon", "cycloon"),  # alias
        ("sw bedrijf cycloon", "cycloon"),  # alias as typed
        ("4.2 Pastiel in Oss", "pastiel"),  # title as printed
        ("Pastiel", "pastiel"),  # a name in two publications: the one holding the plain id
        ("pastiel-dia", "pastiel-dia"),  # its own id still finds the other
        ("Noord", "werkbedrijf-noord"),  # a unique partial name
    ],
)
def test_a_case_is_found_by_what_people_type(reference: str, expected: str) -> None:
    found = CATALOG.find(reference)
    assert found is not None and found.id == expected


@pytest.mark.parametrize("reference", ["Werkbedrijf", "", "  ", "Driekant", "!!"])
def test_an_ambiguous_empty_or_unknown_reference_finds_nothing(reference: str) -> None:
    assert CATALOG.find(reference) is None


def test_resolve_keeps_order_drops_repeats_and_names_what_is_unknown() -> None:
    assert [c.id for c in CATALOG.resolve(["Cycloon", "pastiel", "cycloon"])] == ["cycloon", "pastiel"]
    with pytest.raises(InvalidInputError, match=r"'Werkbedrijf', 'Driekant'.*pastiel, pastiel-dia, cycloon"):
        CATALOG.resolve(["Cycloon", "Werkbedrijf", "Driekant"])


def test_cases_of_publications_include_those_described_in_several() -> None:
    assert [c.id for c in CATALOG.for_documents(["dia"])] == ["pastiel", "pastiel-dia", "werkbedrijf-zuid"]
    assert len(CATALOG.for_documents(None)) == len(CATALOG.cases) == len(CATALOG.for_documents([]))
    assert CATALOG.get("cycloon") is CYCLOON


def test_cases_named_in_a_text_come_in_the_order_they_are_named() -> None:
    assert CATALOG.mentioned("Hoe verschillen Cycloon en Pastiel?") == ["cycloon", "pastiel", "pastiel-dia"]
    assert CATALOG.mentioned("bij Werkbedrijf Zuid en Pastiel Oss") == ["werkbedrijf-zuid", "pastiel", "pastiel-dia"]
    assert CATALOG.mentioned("Cycloonachtige bedrijven") == []  # whole words only


def test_a_long_alias_is_not_what_people_type() -> None:
    long = case("lang", "Lang", aliases=("het werkbedrijf van de gemeente in de regio",))
    assert CaseCatalog([long]).mentioned("het werkbedrijf van de gemeente in de regio") == []


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("4.2 Pastiel in Oss", "Pastiel in Oss"),
        ("ii. Resultaten:", "Resultaten"),
        ("<b>Cycloon</b>   en  partners", "Cycloon en partners"),
        ("12.3.1 Kosten", "Kosten"),
        ("2019 in cijfers", "2019 in cijfers"),  # a year is no section number
    ],
)
def test_titles_lose_numbering_tags_marks_and_a_trailing_colon(title: str, clean: str) -> None:
    assert clean_title(title) == clean


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Regio Achterhoek", "regio-achterhoek"), ("Cliënten & Co", "clienten-co"), ("!!!", "case"),
     ("SW-bedrijf Cycloon", "sw-bedrijf-cycloon")],
)
def test_slugs_are_folded_words_joined_by_hyphens(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_a_heading_can_name_no_aspect() -> None:
    assert aspects_of_heading("Inleiding") == []
    assert aspects_of_heading("3.1 Duur:") == ["duur"]


def test_a_target_group_heading_is_not_about_goals() -> None:
    assert aspects_of_heading("Doelgroep") == ["doelgroep"]
    assert aspects_of_heading("Doelen en doelgroep") == ["doelgroep", "doelen"]
    assert aspects_of_heading("Doel van het traject") == ["doelen"]
