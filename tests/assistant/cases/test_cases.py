"""Cases and regions come from the publications' structure, checked against their own tables of contents."""

from __future__ import annotations

import re

import pytest

from assistant.cases.catalogue import CaseCatalog, aspects_of_heading, clean_title, detect_cases
from assistant.errors import InvalidInputError
from assistant.types import Passage
from tests.conftest import CORPUS


def _passages(doc: str, sections: list[tuple[str, str]]) -> list[Passage]:
    return [
        Passage(
            id=f"{doc}-{i}",
            document_id=doc,
            document_title=doc.title(),
            section=s,
            page=None,
            text=t,
            ordinal=i,
        )
        for i, (s, t) in enumerate(sections)
    ]


def test_parallel_sections_with_recurring_subheadings_are_cases() -> None:
    sections = []
    for name in ("Alfa Werkt", "Bravo Groep", "Charlie"):
        sections += [
            (f"3 Casussen › {name} › Over {name}", f"{name} is een organisatie in het oosten."),
            (f"3 Casussen › {name} › Resultaten", f"Bij {name} vond 40% van de deelnemers werk."),
            (
                f"3 Casussen › {name} › Succesfactoren en knelpunten",
                "Als knelpunt wordt de lange wachttijd genoemd.",
            ),
        ]
    sections += [
        ("2 Observaties › Resultaten", "Algemeen beeld."),
        ("2 Observaties › Inleiding", "Tekst."),
    ]
    cases = detect_cases(_passages("rapport", sections))
    assert [c.name for c in cases] == ["Alfa Werkt", "Bravo Groep", "Charlie"]
    alfa = cases[0]
    assert alfa.section == "3 Casussen › Alfa Werkt"
    assert set(alfa.aspect_keys) >= {"resultaten", "succesfactoren", "knelpunten", "organisatie"}
    assert "doelgroep" not in alfa.aspect_keys  # nothing in its passages speaks of a target group


def test_titles_sharing_a_leading_word_are_regions_but_enumerations_are_not() -> None:
    sections = [
        (
            f"Resultaten per regio › Regio {n}",
            f"Deelnemende bedrijven: {n} Werkt\nIn {n} zijn 12 mensen geplaatst.",
        )
        for n in ("Noord", "Zuid", "Oost")
    ]
    sections += [("Resultaten per regio › Stedendriehoek", "Deelnemend bedrijf: Sallcon\nTekst.")]
    sections += [(f"Conclusies › Aanbeveling {i}", "Zorg voor continuïteit.") for i in (1, 2, 3)]
    cases = detect_cases(_passages("evaluatie", sections))
    assert [c.name for c in cases] == ["Regio Noord", "Regio Zuid", "Regio Oost", "Stedendriehoek"]
    noord = cases[0]
    samenwerking = noord.evidence("samenwerking")
    assert samenwerking and samenwerking[0].via == "label"
    assert noord.evidence("resultaten")[0].via == "text"


def test_labelled_slide_titles_are_cases_and_all_caps_names_are_respelled() -> None:
    slides = [
        (f"CASUS: {n.upper()}", f" Doelgroep = jongeren\n Gemiddelde duur = {i} maanden")
        for i, n in enumerate(("Cycloon Post", "Pastiel", "UW"), 3)
    ]
    slides += [
        ("AANLEIDING", "Meer nadruk op doorstroom"),
        ("Meer", "Cycloon Post en Pastiel werken samen."),
    ]
    cases = detect_cases(_passages("slides", slides))
    assert [c.name for c in cases] == ["Cycloon Post", "Pastiel", "UW"]
    assert cases[0].evidence("duur")[0].via == "label"


def test_headings_map_to_aspects() -> None:
    assert set(aspects_of_heading("FINANCIËN EN RESULTATEN")) == {"financiering", "resultaten"}
    assert aspects_of_heading("Hoe loopt de route bij terugval vanuit werk?") == ["nazorg"]
    assert "samenwerking" in aspects_of_heading("Wie werken er samen?")
    assert clean_title("› Regio Achterhoek") == "Regio Achterhoek"
    assert clean_title("3 Startbaan naar werk <i>Aan de slag</i>") == "Startbaan naar werk Aan de slag"


def test_unknown_case_names_the_valid_ones() -> None:
    sections = [(f"Casussen › {n} › Resultaten", "Veel resultaat.") for n in ("Een", "Twee", "Drie")]
    sections += [(f"Casussen › {n} › Kosten", "Weinig kosten.") for n in ("Een", "Twee", "Drie")]
    catalog = CaseCatalog(detect_cases(_passages("doc", sections)))
    assert catalog.resolve(["twee", "Een"])[0].name == "Twee"
    with pytest.raises(InvalidInputError, match="Valid case ids.*een, twee, drie"):
        catalog.resolve(["Vier"])


# ---- the corpus, against the publications' own tables of contents --------------------------------


def _toc_lines(name: str) -> list[str]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    start = text.index("Inhoudsopgave")
    lines = []
    for line in text[start:].split("\n")[1:]:
        if not line.strip():  # noqa: SIM102
            if len(lines) > 3 and not re.search(r"\d\s*$", line):
                continue
        if re.search(r"\t\s*\d+\s*$", line):
            lines.append(line.strip())
        elif lines and line.strip():
            break
    return lines


@pytest.fixture(scope="module")
def catalog(corpus_core) -> CaseCatalog:  # noqa: ANN001
    return corpus_core.cases.catalog()


def _names(catalog: CaseCatalog, document_id: str) -> list[str]:
    return [c.name for c in catalog.cases if c.document_id == document_id]


def test_werkfit_report_cases_match_its_toc(catalog: CaseCatalog) -> None:
    toc = [re.sub(r"\t.*$", "", line) for line in _toc_lines("werkfit-trajecten-eerste-inventarisatie.txt")]
    # In the TOC a case is the entry followed by "Over <organisation>".
    expected = [toc[i] for i in range(len(toc) - 1) if toc[i + 1].startswith("Over ")]
    assert len(expected) == 7
    assert _names(catalog, "werkfit-trajecten-eerste-inventarisatie") == expected
    for case in catalog.cases:
        if case.document_id == "werkfit-trajecten-eerste-inventarisatie":
            assert {
                "doelgroep",
                "resultaten",
                "kosten_baten",
                "succesfactoren",
                "knelpunten",
            } <= set(case.aspect_keys)


def test_simpel_switchen_municipalities_match_its_toc(catalog: CaseCatalog) -> None:
    toc = [re.sub(r"^[•\s]+|\t.*$", "", line) for line in _toc_lines("simpel-switchen-dagbesteding-naar-werk.txt")]
    # The six examples are the TOC entries "<gemeente>: <kop>" between the introduction and the closing chapters.
    examples = toc[1 : toc.index(next(t for t in toc if t.startswith("Uitleiding")))]
    assert len(examples) == 6
    cases = [c for c in catalog.cases if c.document_id == "simpel-switchen-dagbesteding-naar-werk"]
    assert [c.title.replace("-", "") for c in cases] == [e.replace("-", "") for e in examples]  # TOC hyphenates
    assert [c.name for c in cases] == [e.split(":")[0] for e in examples]
    for case in cases:
        assert {"doelgroep", "samenwerking", "resultaten", "financiering", "nazorg"} <= set(case.aspect_keys)


def test_lessons_learned_cases_match_its_toc(catalog: CaseCatalog) -> None:
    toc = _toc_lines("samen-werken-aan-werk-lessons-learned.txt")
    # Cases are the chapters with an italic subtitle naming the project.
    subtitles = [re.search(r"<i>(.*?)</i>", line).group(1) for line in toc if "<i>" in line]  # type: ignore[union-attr]
    assert len(subtitles) == 7
    cases = [c for c in catalog.cases if c.document_id == "samen-werken-aan-werk-lessons-learned"]
    assert [c.title.split(" — ")[1] for c in cases] == subtitles
    assert all("samenwerking" in c.aspect_keys for c in cases)
    # Named by the project the subtitle names, not the chapter title; the chapter title is an alias.
    callant = catalog.find("Callant")
    assert callant is not None and callant.name == "Callant"
    assert catalog.find("De juiste mix") is callant
    assert "De juiste mix" not in [c.name for c in cases]


def test_sector_plan_regions_match_the_region_headings(catalog: CaseCatalog) -> None:
    text = (CORPUS / "eindevaluatie-sw-sectorplannen.txt").read_text(encoding="utf-8")
    # The TOC has one entry for all regions; the region list is the "›" headings of that chapter.
    regions = [line.strip().lstrip("› ").strip() for line in text.split("\n") if line.strip().startswith("›")]
    assert len(regions) >= 30
    assert _names(catalog, "eindevaluatie-sw-sectorplannen") == regions
    achterhoek = catalog.find("Regio Achterhoek")
    assert achterhoek is not None and achterhoek.evidence("samenwerking")[0].via == "label"


def test_report_and_slide_deck_are_one_case_each(catalog: CaseCatalog) -> None:
    werkfit = [c for c in catalog.cases if "werkfit-trajecten-presentatie" in c.document_ids]
    assert len(werkfit) == 7  # seven slide cases, each merged with its report chapter
    for case in werkfit:
        assert case.document_ids == (
            "werkfit-trajecten-eerste-inventarisatie",
            "werkfit-trajecten-presentatie",
        )
        assert {s.document_id for s in case.sources} == set(case.document_ids)
    # "WSP Den Haag" on the slides is the report's "Werkgeversservicepunt Den Haag" (the report names it so).
    den_haag = catalog.find("WSP Den Haag")
    assert den_haag is not None and den_haag.name == "Werkgeversservicepunt Den Haag"
    assert catalog.find("cycloon-post-en-fietskoeriers") is catalog.find("CASUS: CYCLOON POST EN FIETSKOERIERS")
    ids = [c.id for c in catalog.cases]
    assert len(ids) == len(set(ids))
    # A region of the sector plans and the municipality's dagbesteding route are different projects.
    assert catalog.find("Regio Rijk van Nijmegen") is not catalog.find("rijk-van-nijmegen")


def test_merging_needs_related_publications_or_the_same_name() -> None:
    heads = ["Doelgroep", "Resultaten", "Aanpak"]
    report = _passages(
        "rapport-x",
        [
            (f"Casussen › {n} › {h}", f"Bij {n} gaat het goed. {n} werkt met {h.lower()}.")
            for n in ("Alfa Groep", "Beta", "Gamma")
            for h in heads
        ],
    )
    slides = _passages(
        "rapport-x-presentatie", [(f"Casus: {n}", f"{n} in het kort.") for n in ("ALFA", "Beta", "Gamma")]
    )
    other = _passages(
        "ander-boek", [(f"Regio {n}", f"Regio {n} en Alfa Groep. Alfa Groep.") for n in ("Noord", "Zuid", "Oost")]
    )
    cases = detect_cases([*report, *slides, *other])
    by_name = {c.name: c for c in cases}
    assert by_name["Beta"].document_ids == ("rapport-x", "rapport-x-presentatie")
    # "ALFA" on a slide is the report's Alfa Groep, which its text names so.
    assert by_name["Alfa Groep"].document_ids == ("rapport-x", "rapport-x-presentatie")
    assert all(len(c.document_ids) == 1 for c in cases if c.name.startswith("Regio"))
