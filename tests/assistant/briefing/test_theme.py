"""On theme, on small made-up passages: lead-ins, aspects, sub-themes, the theme test, standalone sentences."""

from __future__ import annotations

import pytest

from assistant.briefing.statements import (
    GENERAL,
    Statement,
    Theme,
    lead_in,
    subtheme,
    whole_sentence,
)
from assistant.types import SECTION_SEPARATOR, Passage

CASE_TEXT = """Als succesfactoren worden genoemd:

- Persoonsgerichte acquisitie, waarbij de mogelijkheden van de cliënt voorop staan.
- **Gemotiveerde professionals**
De jobcoaches kennen de werkgevers in de regio persoonlijk en bellen hen elke maand.

Als afbreukrisico's worden genoemd:

- Werkgevers zijn niet altijd bereid om deze mensen in dienst te nemen.
- **Geen perspectief**
Deelnemers die geen perspectief ervaren, vinden het moeilijk om lang vol te houden.

Na plaatsing volgt de consulent de deelnemer nog drie maanden met nazorg op de werkplek."""


def _passage(text: str, *headings: str) -> Passage:
    return Passage("p-1", "doc", "Een publicatie", SECTION_SEPARATOR.join(headings) or None, None, text, 0)


def _statement(passage: Passage, words: str, score: float = 0.5) -> Statement:
    start = passage.text.index(words)
    return Statement(passage, start, start + len(words), score)


CASE = _passage(CASE_TEXT, "Casussen", "Alfa", "Succesfactoren en knelpunten")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Persoonsgerichte acquisitie", "Als succesfactoren worden genoemd:"),
        # The line under an item's bold title belongs to that item's list.
        ("De jobcoaches kennen", "Als succesfactoren worden genoemd:"),
        ("Werkgevers zijn niet altijd bereid", "Als afbreukrisico's worden genoemd:"),
        ("Deelnemers die geen perspectief", "Als afbreukrisico's worden genoemd:"),
        # A paragraph after the lists is in no list.
        ("Na plaatsing volgt", ""),
    ],
)
def test_the_lead_in_of_a_list_item_is_found(words: str, expected: str) -> None:
    assert lead_in(CASE, CASE_TEXT.index(words)) == expected


def test_the_lead_in_decides_which_aspect_of_a_shared_heading_an_item_is_about() -> None:
    theme = Theme.of("succesfactoren van werkfit-trajecten")
    assert theme.aspects == {"succesfactoren"}
    factor = _statement(CASE, "De jobcoaches kennen de werkgevers in de regio persoonlijk en bellen hen elke maand.")
    risk = _statement(CASE, "Werkgevers zijn niet altijd bereid om deze mensen in dienst te nemen.")
    # Both stand under "Succesfactoren en knelpunten"; only the first is listed as a success factor.
    assert theme.covers(factor)
    assert not theme.covers(risk)
    assert subtheme(risk.passage, risk.text, start=risk.start) == "Knelpunten"


def test_a_theme_that_names_an_aspect_wants_statements_about_it() -> None:
    nazorg = Theme.of("nazorg na plaatsing")
    results = _passage("Het aantal plaatsingen is ten opzichte van vorig jaar met vijftien procent toegenomen.",
                       "Resultaten")
    follow_up = _passage("Na de plaatsing bezoekt de jobcoach de werkplek elke week tijdens de nazorg.", "Aanpak")
    # Both name "plaatsing"; only the second is about nazorg.
    assert not nazorg.covers(_statement(results, results.text))
    assert nazorg.covers(_statement(follow_up, follow_up.text))


def test_a_theme_without_an_aspect_is_held_to_its_head_word_below_the_threshold() -> None:
    theme = Theme.of("motivatie van kandidaten")
    assert not theme.aspects
    p = _passage("In dat jaar zijn er vijfhonderd kandidaten uitgestroomd naar betaald werk in de regio. "
                 "Bij de intake wordt de motivatie van elke kandidaat besproken met de jobcoach.", "Aanpak")
    counts = _statement(p, "In dat jaar zijn er vijfhonderd kandidaten uitgestroomd naar betaald werk in de regio.")
    intake = _statement(p, "Bij de intake wordt de motivatie van elke kandidaat besproken met de jobcoach.")
    assert theme.covers(counts) and theme.covers(intake)
    headed = theme.headed()
    assert headed.specific == "motivatie"
    assert not headed.covers(counts) and headed.covers(intake)
    # A theme that names an aspect is held to the aspect, not to a word.
    assert Theme.of("nazorg na plaatsing").headed().specific is None


def test_a_figure_names_no_sub_theme_and_the_theme_aspect_is_not_its_own_sub_theme() -> None:
    where = _passage("Bij bijna alle trajecten worden de werkzaamheden op de eigen locatie aangeboden (93%).",
                     "Werkplek en werksoorten")
    assert subtheme(where, where.text) == GENERAL  # "93%" is no result
    duur = _passage("De nazorg duurt drie maanden en wordt door de eigen jobcoach gegeven.", "Casus", "Duur")
    assert subtheme(duur, duur.text, theme=frozenset({"nazorg"})) == "Duur"
    only = _passage("De nazorg wordt door de eigen jobcoach gegeven aan iedere deelnemer.", "Casus", "Nazorg")
    assert subtheme(only, only.text, theme=frozenset({"nazorg"})) == "Nazorg en terugval"


@pytest.mark.parametrize(
    "text",
    [
        # Half of a quotation whose opening mark (and speaker) stands before it.
        'Een werkgever zei: "We namen ze eerst aan om van ze af te zijn. Maar die kandidaten bleken prima '
        'geschikt voor het werk."',
        # A sentence to the reader.
        "Heeft u vragen over deze aanpak, neem dan contact op met de projectleider van de gemeente.",
    ],
)
def test_quotations_without_their_speaker_and_words_to_the_reader_are_no_statements(text: str) -> None:
    start = text.index("Maar") if "Maar" in text else 0
    assert whole_sentence(_passage(text), start, len(text), "sentence") is None


@pytest.mark.parametrize(
    "second",
    [
        "Bij de overige deelnemers is nazorg op initiatief van de werkgever en de deelnemer zelf.",
        "Een deelnemer is dus duurzaam uitgestroomd als hij een jaar later nog steeds werkt.",
        "Dan kan in de derde stap de droombaan bij een reguliere werkgever worden bereikt.",
        "Bovendien worden oplossingen gezocht voor belemmeringen op de werkplek van de deelnemer.",
        "Maar ook heldere afspraken met de werkgever zijn hierin belangrijke factoren voor de deelnemer.",
        "Voor gemeenten kan het daarom aantrekkelijk zijn om private dienstverleners in te schakelen.",
    ],
)
def test_a_sentence_that_refers_back_comes_with_the_one_before(second: str) -> None:
    text = f"Deelnemers met een vast contract krijgen zes maanden begeleiding van een jobcoach. {second}"
    span = whole_sentence(_passage(text), text.index(second), len(text), "sentence")
    assert span == (0, len(text))


def test_a_bold_item_title_with_its_explanation_below_is_not_a_statement() -> None:
    text = ("- **Kandidaten hebben lang geen aandacht gehad voor hun ontwikkeling.**\n"
            "Hier heel bewust op inzetten voedt de motivatie van de kandidaten.\n"
            "- **Iedere kandidaat heeft een vaste begeleider op de werkvloer.**\n"
            "- **Gemotiveerde professionals bij de werkgever en bij het eigen team.**\n\n"
            "Het is belangrijk dat de professionals vertrouwen geven aan de kandidaat.\n")
    first = text.index("- **Kandidaten")
    assert whole_sentence(_passage(text), first, text.index("\n"), "item") is None
    last = text.index("- **Iedere kandidaat")
    span = whole_sentence(_passage(text), last, text.index("\n", last), "item")
    assert span and text[span[0] : span[1]] == "Iedere kandidaat heeft een vaste begeleider op de werkvloer."
    third = text.index("- **Gemotiveerde")
    assert whole_sentence(_passage(text), third, text.index("\n", third), "item") is None  # explained after a blank


def test_an_item_without_a_finite_verb_is_no_statement() -> None:
    text = (
        "- Motivatie om deel te nemen aan het traject van de gemeente.\n"
        "- De kandidaat neemt deel aan het traject van de gemeente.\n"
    )
    assert whole_sentence(_passage(text), 0, text.index("\n"), "item") is None
    second = text.index("- De kandidaat")
    span = whole_sentence(_passage(text), second, len(text) - 1, "item")
    assert span and text[span[0] : span[1]] == "De kandidaat neemt deel aan het traject van de gemeente."
