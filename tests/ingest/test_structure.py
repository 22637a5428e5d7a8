"""Structure detection on excerpts of every corpus file and on the files themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.types import SECTION_SEPARATOR
from ingest.loaders import LoadedFile, Page, load
from ingest.structure import Block, parse, toc_entries

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def loaded_of(text: str, name: str = "excerpt.txt") -> LoadedFile:
    """A loaded text file without pages, as the .txt loader makes it."""
    return LoadedFile(Path(name), (Page(None, text),))


def sections(blocks: list[Block], kind: str | None = None) -> list[str]:
    """Section paths of the blocks (of one kind), joined as Passage.section is."""
    return [SECTION_SEPARATOR.join(b.section) for b in blocks if kind is None or b.kind == kind]


def block_with(blocks: list[Block], needle: str) -> Block:
    return next(b for b in blocks if needle in b.text and b.kind != "heading")


# --- werkfit-trajecten-eerste-inventarisatie: numbered chapters, cases found through the TOC ---

WERKFIT = """Werkfit-trajecten

Een eerste inventarisatie

Inhoudsopgave

1 Inleiding\t5
Waarom deze publicatie\t5
2 Werkfit-trajecten in beeld\t8
Doelen en prioriteiten\t8
Succesfactoren en knelpunten\t12
4 Casussen\t14
Werkgeversservicepunt Den Haag\t20
Over WSP Den Haag\t20
Korte beschrijving werkfit-traject\t20
Resultaten\t24
Cycloon Post en fietskoeriers\t25
Over Cycloon\t25
Korte beschrijving werkfit-traject\t25
Resultaten\t28
ISD BOL\t29
Over ISD BOL\t29
Korte beschrijving werkfit-traject\t29
Resultaten\t31
Geraadpleegde literatuur\t51

1 Inleiding

Waarom deze publicatie

Met de invoering van de Participatiewet is meer nadruk komen te liggen op de doorstroom.

2 Werkfit-trajecten in beeld

Doelen en prioriteiten

De belangrijkste doelen die door ruim driekwart van de organisaties worden onderschreven:

- Bevorderen van algemene werknemersvaardigheden
- Gewenning aan gezond arbeidsritme

Succesfactoren en knelpunten

De kosten voor de werkfit-trajecten variëren sterk. Deze bedragen zijn echter moeilijk



met elkaar te vergelijken aangezien er geen consensus is.

4 Casussen

\tPrimaire doelstelling\tDoelgroep
WSP Den Haag\tCliënten ontwikkelen\tCliënten uit de Participatiewet
Cycloon Post en fietskoeriers\tCliënten ontwikkelen\tCliënten met afstand

Werkgeversservicepunt Den Haag

Over WSP Den Haag

Werkgeversservicepunt Den Haag (WSP) is verantwoordelijk voor het matchen van werkgevers.

Korte beschrijving werkfit-traject

Doelen

Het traject heeft als doel de cliënt te ontwikkelen.

Resultaten

In 2016 zijn 120 mensen geplaatst.

Over Cycloon

Cycloon Post en Fietskoeriers is een social enterprise.

Cycloon Post en fietskoeriers

Korte beschrijving werkfit-traject

Cycloon werkt samen met Brockbernd & Brouwer.

Resultaten

Op dit moment heeft Cycloon de resultaten nog niet kunnen meten.

Over ISD BOL

ISD Bol is de Intergemeentelijke Sociale Dienst voor Brunssum, Onderbanken en Landgraaf.

Resultaten

De werkervaringsplekken hebben een resultaat van 40%.

Geraadpleegde literatuur

- Detacheringswijzer. Programmaraad (2016).

Colofon

Deze publicatie is een gezamenlijk product van Cedris en SBCM.

Over Cedris en SBCM

Cedris is de landelijke vereniging voor sociale werkgelegenheid.
"""


def test_werkfit_chapters_cases_and_subsections() -> None:
    blocks = parse(loaded_of(WERKFIT))
    assert block_with(blocks, "nadruk komen").section == ("1 Inleiding", "Waarom deze publicatie")
    assert block_with(blocks, "120 mensen").section == (
        "4 Casussen",
        "Werkgeversservicepunt Den Haag",
        "Resultaten",
    )
    # A heading the TOC does not list ("Doelen") sits below the TOC heading it follows.
    assert block_with(blocks, "als doel de cliënt").section == (
        "4 Casussen",
        "Werkgeversservicepunt Den Haag",
        "Korte beschrijving werkfit-traject",
        "Doelen",
    )
    # "Over Cycloon" comes before the (displaced) case title: the TOC says which case it belongs to.
    assert block_with(blocks, "social enterprise").section == (
        "4 Casussen",
        "Cycloon Post en fietskoeriers",
        "Over Cycloon",
    )
    assert block_with(blocks, "nog niet kunnen meten").section == (
        "4 Casussen",
        "Cycloon Post en fietskoeriers",
        "Resultaten",
    )
    # The body never prints "ISD BOL" as a heading; the TOC supplies the case.
    assert block_with(blocks, "40%").section == ("4 Casussen", "ISD BOL", "Resultaten")
    # Back matter after the cases is not a case.
    assert block_with(blocks, "Detacheringswijzer").section == ("Geraadpleegde literatuur",)


def test_werkfit_toc_lists_tables_continuations_and_colophon() -> None:
    blocks = parse(loaded_of(WERKFIT))
    toc = [b for b in blocks if b.kind == "toc"]
    assert toc and all("Inhoudsopgave" in b.section for b in toc)
    assert not any("\t20" in b.text for b in blocks if b.kind != "toc")
    listing = block_with(blocks, "Gewenning aan gezond arbeidsritme")
    assert listing.kind == "list"
    assert listing.text.startswith(
        "De belangrijkste doelen"
    )  # the lead sentence stays with its list
    table = block_with(blocks, "Primaire doelstelling")
    assert table.kind == "table" and table.section == ("4 Casussen",)
    assert table.text.count("\n") == 2
    # A sentence broken by a page break is one block again.
    broken = block_with(blocks, "echter moeilijk")
    assert "met elkaar te vergelijken" in broken.text
    colophon = [b for b in blocks if b.kind == "colophon" and "Cedris" in b.text]
    assert colophon and all(b.section == ("Colofon",) for b in colophon)
    assert sections(blocks, "colophon")[:1] == [""]  # the title page before the TOC


def test_offsets_point_into_the_loaded_text() -> None:
    loaded = loaded_of(WERKFIT)
    for block in parse(loaded):
        source = loaded.text[block.start : block.end]
        if block.kind == "heading":
            assert block.text.split()[0] in source
            continue
        lines = [ln for ln in block.text.split("\n") if ln.strip()]
        assert source.startswith(lines[0].split()[0]) and source.rstrip().endswith(
            lines[-1].split()[-1]
        )
        for i, line in enumerate(block.text.split("\n")):
            if not line:
                continue
            a = block.text.index(line)
            start, end = block.source_span(a, a + len(line))
            assert " ".join(loaded.text[start:end].split()) == " ".join(line.split()), i


# --- eindevaluatie-sw-sectorplannen: TOC without numbers, regions marked with › ---

EINDEVALUATIE = """Eindevaluatie SW-sectorplannen

Februari 2017

Inhoudsopgave

Inleiding en achtergronden >\t3
Thema 1 Plannen om Wsw' ers verder te ontwikkelen of aan werk te helpen. >\t4
Belangrijkste resultaten per regio >\t7
Conclusies en aanbevelingen >\t23

Inleiding en achtergronden

In april 2015 hebben Cedris en SZW het kader gepresenteerd.

Thema 1

Plannen om Wsw'ers verder te ontwikkelen of aan werk te helpen.

Alle regio's hebben ingezet op dit thema.

Belangrijkste resultaten per regio

In willekeurige volgorde worden hieronder de belangrijkste resultaten per arbeidsmarktregio beschreven.

› Regio Midden Brabant

Deelnemende bedrijven: Baanbrekers, Diamant-groep, WSD-Groep

Door Diamant-groep en Baanbrekers zijn zo'n 90 trajecten gerealiseerd.

› Regio Achterhoek

Deelnemende bedrijven: Laborijn, Hameland, Delta

Er is een plan opgesteld om de aantallen begeleid werken te verhogen.

Conclusies en aanbevelingen

De sectorgelden hebben een belangrijke impuls gegeven.

Aanbeveling 1

Organiseer en monitor dat in alle regio's kennisinfrastructuur aanwezig is.
"""


def test_eindevaluatie_regions_and_themes() -> None:
    blocks = parse(loaded_of(EINDEVALUATIE))
    assert block_with(blocks, "Laborijn").section == (
        "Belangrijkste resultaten per regio",
        "Regio Achterhoek",
    )
    assert block_with(blocks, "90 trajecten").section == (
        "Belangrijkste resultaten per regio",
        "Regio Midden Brabant",
    )
    assert block_with(blocks, "ingezet op dit thema").section == ("Thema 1",)
    assert block_with(blocks, "kennisinfrastructuur").section == (
        "Conclusies en aanbevelingen",
        "Aanbeveling 1",
    )
    # "Deelnemende bedrijven: A, B" is a line of text, not a heading.
    assert not any(b.kind == "heading" and b.text.startswith("Deelnemende") for b in blocks)


# --- simpel-switchen: municipalities with recurring question headings, caps subheadings ---

SIMPEL = """⇒ Simpel switchen van dagbesteding naar werk

→ Inhoudsopgave

• Inleiding\t3
• Amsterdam: verwacht van aanbieders dagbesteding meer aandacht voor werk\t4
• Almere: ook dagbestedings-instellingen bieden betaald werk\t8
• Uitleiding: wat valt op?\t29

➔ Inleiding

Deze publicatie wordt uitgebracht in het kader van het project.

Amsterdam: verwacht van aanbieders dagbesteding meer aandacht voor werk

Mensen moeten het gevoel hebben dat zij ertoe doen.

Wat zijn de uitgangspunten?

Amsterdam wil dat aanbieders meer aandacht hebben voor werk.

FINANCIËN EN RESULTATEN

In Amsterdam maken 5.800 mensen gebruik van dagbesteding.

➔ Almere: ook dagbestedingsinstellingen bieden betaald werk

Wat zijn de uitgangspunten?

In Almere bieden ook instellingen voor dagbesteding betaald werk.

➔ Uitleiding: wat valt op?

Algemeen

De vijf gemeenten bevinden zich in verschillende ontwikkelingsfasen.
"""


def test_simpel_switchen_municipalities_and_questions() -> None:
    blocks = parse(loaded_of(SIMPEL))
    amsterdam = "Amsterdam: verwacht van aanbieders dagbesteding meer aandacht voor werk"
    assert block_with(blocks, "meer aandacht hebben").section == (
        amsterdam,
        "Wat zijn de uitgangspunten?",
    )
    assert block_with(blocks, "5.800").section == (amsterdam, "FINANCIËN EN RESULTATEN")
    # The TOC spells "dagbestedings-instellingen"; the body's wording wins.
    assert block_with(blocks, "In Almere").section == (
        "Almere: ook dagbestedingsinstellingen bieden betaald werk",
        "Wat zijn de uitgangspunten?",
    )
    assert block_with(blocks, "vijf gemeenten").section == ("Uitleiding: wat valt op?", "Algemeen")
    assert [b.kind for b in blocks if "Amsterdam: verwacht" in b.text][0] == "toc"


# --- samen-werken-aan-werk: colophon first, chapters with a case subtitle in <i> ---

LESSONS = """Samen werken aan werk: lessons learned

Colofon

Teksten: Peter van Eekert (ARCO SZ)

Inhoudsopgave

1\tVoorwoord\t5
3\tStartbaan naar werk <i>Aan de slag in de thuiszorg</i>\t11
4\tDe juiste mix <i>Callant: van binnen naar buiten</i>\t15

1 Voorwoord

Gemeenten en re-integratiebedrijven werken samen.

3 Startbaan naar werk

Aan de slag in de thuiszorg

Wie werken samen?

- Agens
- Thuiszorgorganisatie TSN

Werk staat voorop

Bij de startbaan staat de werkgever op kop.

4 De juiste mix

Callant: van binnen naar buiten

Twee partners

Calder Holding en Atlant Groep werken samen in Callant.

OVER DE VNG

De VNG verbindt gemeenten.
"""


def test_lessons_learned_cases_from_toc_subtitles() -> None:
    blocks = parse(loaded_of(LESSONS))
    colophon = block_with(blocks, "Peter van Eekert")
    assert colophon.kind == "colophon" and colophon.section == ("Colofon",)
    assert block_with(blocks, "Agens").section == (
        "3 Startbaan naar werk",
        "Aan de slag in de thuiszorg",
        "Wie werken samen?",
    )
    assert block_with(blocks, "Calder Holding").section == (
        "4 De juiste mix",
        "Callant: van binnen naar buiten",
        "Twee partners",
    )


def test_toc_entries_levels_from_repetition() -> None:
    lines = [ln for ln in WERKFIT.split("\n\n1 Inleiding\n\n")[0].split("\n") if "\t" in ln]
    entries = {(e.title, e.level) for e in toc_entries(lines)}
    assert ("4 Casussen", 1) in entries
    assert ("Werkgeversservicepunt Den Haag", 2) in entries and ("ISD BOL", 2) in entries
    assert ("Resultaten", 3) in entries
    assert ("Doelen en prioriteiten", 2) in entries  # one recurring title does not make a case
    assert ("Geraadpleegde literatuur", 1) in entries


# --- werkfit-trajecten-presentatie: slides with ALL-CAPS titles and bullets whose glyph was lost ---

PRESENTATIE = """ AANLEIDING 

 Participatiewet: meer nadruk op doorstroom 

 SER verkenning 2016: Belang van werkfit maken 

ONDUIDELIJKE DEFINITIES WERKFIT-
(TRAJECTEN) 

 Werkfit  

= Duurzaam in staat om regulier ongesubsidieerd werk te verrichten (algemeen)? 

CASUS: CYCLOON POST EN           
FIETSKOERIERS 

 Doelgroep = Cliënten uit Participatiewet-doelgroep met grote afstand tot de arbeidsmarkt 

 Gemiddelde duur = 36 maanden 
"""


def test_presentation_caps_slide_titles() -> None:
    blocks = parse(loaded_of(PRESENTATIE))
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "AANLEIDING",
        "ONDUIDELIJKE DEFINITIES WERKFIT-(TRAJECTEN)",
        "CASUS: CYCLOON POST EN FIETSKOERIERS",
    ]
    slide = block_with(blocks, "36 maanden")
    assert slide.section == ("CASUS: CYCLOON POST EN FIETSKOERIERS",)
    assert slide.kind == "list" and "Doelgroep =" in slide.text
    assert block_with(blocks, "Participatiewet: meer nadruk").section == ("AANLEIDING",)


# --- the real files ---

EXPECTED_SECTIONS = {
    "werkfit-trajecten-eerste-inventarisatie": [
        "2 Werkfit-trajecten in beeld › Voorkomen lock-in effect",
        "3 Observaties › Hoe zit het met verdringing?",
        "4 Casussen › Cycloon Post en fietskoeriers › Methodisch handelen",
        "4 Casussen › ISD BOL › Kosten & baten",
        "4 Casussen › UW › Resultaten",
        "4 Casussen › Werkbedrijf Lelystad › Korte beschrijving werkfit-traject › Prioritering van de doelen",
        "4 Casussen › Driekant › Succesfactoren en knelpunten",
        "Enquête",
        "Colofon",
    ],
    "eindevaluatie-sw-sectorplannen": [
        "Belangrijkste resultaten per regio › Regio Achterhoek",
        "Belangrijkste resultaten per regio › Gooi- en Vechtstreek en Flevoland",
        "Belangrijkste resultaten per regio › Regio Zuid Limburg",
        "Bijdrage aan ontwikkeling van de 6 functionaliteiten van de SER",
        "Conclusies en aanbevelingen › Aanbeveling 3",
    ],
    "simpel-switchen-dagbesteding-naar-werk": [
        "Oss: doorlopende ontwikkellijn uitgestippeld › Wie werken er samen?",
        "Ede: prominente plaats van werk en participatie in aanbod van arbeidsmatige dagbesteding"
        " › FINANCIËN EN RESULTATEN",
        "Arnhem: passend werk, zo lokaal en regulier mogelijk en gericht op ontwikkeling"
        " › Wat zijn werkzame elementen?",
        "Ook aan de slag? Let dan hier op! › 9. Wie trekt de kar?",
        "Meer weten? › Almere",
    ],
    "samen-werken-aan-werk-lessons-learned": [
        "2 Publiek private samenwerking loont! › Lessen",
        "6 De cirkel rondmaken › Met Werk › Flexibele bijstand",
        "7 In dienst in plaats van in uitkering › De Bildtse Proeftuun › Pure winst",
        "9 Vliegwielen voor werk › Baanbrekend combineert sterke punten samenwerkingspartners › Resultaten",
        "Colofon",
    ],
    "werkfit-trajecten-presentatie": [
        "GROTE VARIATIE IN DOELGROEPEN",
        "CASUS: WSP DEN HAAG",
        "CASUS: WERKBEDRIJF LELYSTAD",
    ],
}


@pytest.mark.parametrize("document_id", sorted(EXPECTED_SECTIONS))
def test_corpus_file_sections(document_id: str) -> None:
    loaded = load(CORPUS / f"{document_id}.txt")
    blocks = parse(loaded)
    found = set(sections([b for b in blocks if b.kind not in ("heading", "toc")]))
    for section in EXPECTED_SECTIONS[document_id]:
        assert section in found, section
    # TOC lines never leave the TOC; no section path carries a tab.
    toc_lines = {ln for b in blocks if b.kind == "toc" for ln in b.text.split("\n") if "\t" in ln}
    assert bool(toc_lines) == (document_id != "werkfit-trajecten-presentatie")
    for block in blocks:
        assert "\t" not in "".join(block.section)
        if block.kind != "toc":
            assert not toc_lines & set(block.text.split("\n"))
