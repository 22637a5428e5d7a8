"""Contact lines and back matter: one detector, and each caller (ingest, case cells, briefing) uses it."""

from __future__ import annotations

import pytest

from assistant.briefing.statements import whole_sentence
from assistant.cases.cells import is_junk
from assistant.cases.types import ScoredStatement
from assistant.language.backmatter import is_back_matter, is_colophon_heading, is_contact_line
from assistant.types import SECTION_SEPARATOR, Passage

SENTENCE = "De jobcoach blijft na plaatsing een half jaar betrokken bij de kandidaat en de werkgever."


def passage(text: str = SENTENCE, section: str | None = "Aanpak") -> Passage:
    return Passage("d:0", "d", "Doc", section, 1, text, 0)


@pytest.mark.parametrize(
    "line",
    [
        "Meer weten? Mail naar info@werkbedrijf.nl",
        "Zie www.werkbedrijf.nl voor de regeling",
        "https://www.cedris.nl/publicaties",
        "E-mail: jobcoach at werkbedrijf",
        "Tel. 06 12345678",
        "telefoon: +31 20 1234567",
        "Bel 020-1234567 voor een afspraak",
    ],
)
def test_contact_details_are_a_contact_line(line: str) -> None:
    assert is_contact_line(line)


@pytest.mark.parametrize(
    "line",
    [
        SENTENCE,
        "Deelnemers krijgen een e-mail met hun rooster.",  # the word alone is no contact label
        "In 2019 begonnen 120 kandidaten; 45 procent vond werk.",
        "Het traject kost gemiddeld 4.500 euro per kandidaat.",
    ],
)
def test_ordinary_sentences_are_no_contact_line(line: str) -> None:
    assert not is_contact_line(line)


@pytest.mark.parametrize("heading", ["Colofon", "COLOFON", "colophon", "Impressum", "  Colofon "])
def test_colophon_headings(heading: str) -> None:
    assert is_colophon_heading(heading)


@pytest.mark.parametrize("heading", ["Over het colofon", "Colofon en dank", "Inleiding", ""])
def test_a_heading_that_only_mentions_the_colophon_does_not_open_it(heading: str) -> None:
    assert not is_colophon_heading(heading)


@pytest.mark.parametrize(
    "section",
    [
        "Colofon",
        "Geraadpleegde literatuur",
        "Literatuurlijst",
        "Bronnen",
        f"Bijlage 2{SECTION_SEPARATOR}Geïnterviewde personen",
        "Contactgegevens",
        "Met dank aan",
        "Inhoudsopgave",
        "Verantwoording van het onderzoek",
    ],
)
def test_back_matter_sections(section: str) -> None:
    assert is_back_matter(section)


@pytest.mark.parametrize(
    "section", [None, "", "Aanpak", "Hulpbronnen voor werkgevers", "Resultaten en kosten", "Werkwijze"]
)
def test_sections_about_the_subject_are_no_back_matter(section: str | None) -> None:
    assert not is_back_matter(section)


def statement(text: str) -> ScoredStatement:
    return ScoredStatement("d:0", 0, len(text), text, "sentence", 0, 1, 0.9)


def test_a_case_cell_is_never_a_contact_line_nor_back_matter() -> None:
    contact = "Voor vragen over het traject: mail naar info@werkbedrijf.nl of bel."
    assert not is_junk(statement(SENTENCE), passage(), None)
    assert is_junk(statement(contact), passage(contact), None)
    assert is_junk(statement(SENTENCE), passage(section="Colofon"), None)
    # Merged in from the briefing's list: the literature is back matter for the cells too.
    assert is_junk(statement(SENTENCE), passage(section="Geraadpleegde literatuur"), None)


def test_a_briefing_statement_never_comes_from_back_matter() -> None:
    assert whole_sentence(passage(), 0, len(SENTENCE), "sentence") == (0, len(SENTENCE))
    assert whole_sentence(passage(section="Bijlagen"), 0, len(SENTENCE), "sentence") is None
    # Merged in from the cells' list: a contact persons section gives no key point either.
    assert whole_sentence(passage(section="Contactpersonen"), 0, len(SENTENCE), "sentence") is None
    # A word that only ends in "bronnen" is no sources list (was dropped by the old substring match).
    assert whole_sentence(passage(section="Hulpbronnen"), 0, len(SENTENCE), "sentence") is not None
