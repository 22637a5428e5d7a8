"""Case comparison on hand-made cases and passages: citations, excerpts, aspects and the table."""

from __future__ import annotations

import pytest

from assistant.cases.catalogue import ASPECTS, ASPECTS_BY_KEY, CaseCatalog
from assistant.cases.compare import (
    DESCRIBED,
    MAX_COMPARE_CASES,
    NOT_DESCRIBED,
    Citer,
    best_evidence,
    compare,
    excerpt_span,
    resolve_aspects,
)
from assistant.cases.types import AspectDef, Case, Evidence
from assistant.errors import InvalidInputError
from assistant.search.index import IndexManifest, IndexSpec, LoadedIndex
from assistant.types import Passage

ALFA_DUUR = "Het traject bij Alfa duurt zes maanden. Daarna volgt nazorg door de jobcoach."
ALFA_RESULT = "Bij Alfa vond 40% van de deelnemers betaald werk binnen een jaar."
ALFA_MIXED = "Alfa werkt met een vaste jobcoach. De kosten zijn 4.500 euro per deelnemer."
BRAVO_DUUR = "Bij Bravo duurt de stage maximaal drie maanden."


def passage(pid: str, text: str, section: str = "Casussen") -> Passage:
    return Passage(pid, "rapport", "Rapport", section, 1, text, int(pid.split("-")[1]))


PASSAGES = [
    passage("p-0", ALFA_DUUR, "Casussen › Alfa › Duur"),
    passage("p-1", ALFA_RESULT, "Casussen › Alfa › Resultaten"),
    passage("p-2", ALFA_MIXED, "Casussen › Alfa › Werkwijze"),
    passage("p-3", BRAVO_DUUR, "Casussen › Bravo › Duur"),
]


def index(passages: list[Passage] = PASSAGES) -> LoadedIndex:
    spec = IndexSpec("test-model", 4, 200, 20, "test")
    manifest = IndexManifest("v1", "2026-01-01", spec, (), len(passages))
    return LoadedIndex(manifest, passages, lexical=None, store=None)  # type: ignore[arg-type]


def case(case_id: str, name: str, aspects: dict[str, tuple[Evidence, ...]]) -> Case:
    return Case(case_id, name, name, "rapport", "Rapport", f"Casussen › {name}", (), (),
                tuple(aspects.items()))


ALFA = case("alfa", "Alfa", {
    "duur": (Evidence("p-0", "section"),),
    "resultaten": (Evidence("p-1", "text"), Evidence("p-1", "section")),
    "kosten_baten": (Evidence("p-2", "section"),),
})
BRAVO = case("bravo", "Bravo", {"duur": (Evidence("p-3", "section"),)})
CATALOG = CaseCatalog([ALFA, BRAVO])


def test_a_citer_numbers_citations_and_refuses_a_passage_twice() -> None:
    citer = Citer()
    first = citer.cite(PASSAGES[0], 0, 40)
    second = citer.cite(PASSAGES[1], 0, len(ALFA_RESULT))
    assert (first.n, second.n) == (1, 2)
    assert first.quote == ALFA_DUUR[:40].strip()
    assert not citer.available("p-0") and citer.available("p-3")
    with pytest.raises(ValueError, match="already cited"):
        citer.cite(PASSAGES[0], 0, 10)


def test_a_non_unique_citer_cites_a_passage_again_with_a_new_number() -> None:
    citer = Citer(unique=False)
    citer.cite(PASSAGES[0], 0, 10)
    assert citer.available("p-0")
    assert citer.cite(PASSAGES[0], 0, 10).n == 2


def test_an_excerpt_is_whole_sentences_up_to_the_word_budget() -> None:
    text = "Een twee drie vier. Vijf zes zeven acht. Negen tien elf twaalf."
    assert excerpt_span(text, max_words=8) == (0, text.index("Negen") - 1)
    assert excerpt_span(text, max_words=100) == (0, len(text))
    # A first sentence longer than the budget stays whole.
    assert excerpt_span(text, max_words=2) == (0, text.index("Vijf") - 1)


def test_an_excerpt_starts_at_the_first_unit_inside_the_range() -> None:
    text = "Een twee drie vier. Vijf zes zeven acht. Negen tien elf twaalf."
    start = text.index("Vijf")
    assert excerpt_span(text, start=start, max_words=100) == (start, len(text))
    assert excerpt_span(text, start=start, end=text.index("Negen"), max_words=100) == (
        start, text.index("Negen") - 1
    )


def test_an_excerpt_of_an_empty_range_is_that_range() -> None:
    assert excerpt_span("Kort.", start=3, end=3) == (3, 3)


def test_aspects_are_found_by_key_label_and_written_forms() -> None:
    assert [a.key for a in resolve_aspects(["duur", "Resultaten", "kosten-baten"], [])] == [
        "duur", "resultaten", "kosten_baten"
    ]
    assert [a.key for a in resolve_aspects(["duur", "Duur"], [])] == ["duur"]  # each once


def test_unknown_aspects_are_named_with_the_valid_ones() -> None:
    with pytest.raises(InvalidInputError, match="'prijs'") as raised:
        resolve_aspects(["duur", "prijs"], [])
    assert "duur (Duur)" in str(raised.value)


def test_without_aspects_named_every_aspect_a_case_describes_in_display_order() -> None:
    keys = [a.key for a in resolve_aspects(None, [BRAVO, ALFA])]
    assert keys == [a.key for a in ASPECTS if a.key in {"duur", "resultaten", "kosten_baten"}]


def test_evidence_under_a_heading_wins_over_evidence_in_the_text() -> None:
    found = best_evidence(ALFA, ASPECTS_BY_KEY["resultaten"], index(), Citer())
    assert found is not None and found[3].via == "section"


def test_evidence_in_a_passage_already_cited_or_not_in_the_index_is_skipped() -> None:
    citer = Citer()
    citer.cite(PASSAGES[0], 0, 10)
    assert best_evidence(ALFA, ASPECTS_BY_KEY["duur"], index(), citer) is None
    assert best_evidence(ALFA, ASPECTS_BY_KEY["duur"], index(PASSAGES[1:]), Citer()) is None
    assert best_evidence(ALFA, ASPECTS_BY_KEY["doelgroep"], index(), Citer()) is None


def test_under_a_heading_naming_several_aspects_the_excerpt_starts_where_this_one_is_spoken_of() -> None:
    found = best_evidence(ALFA, ASPECTS_BY_KEY["kosten_baten"], index(), Citer())
    assert found is not None
    p, start, end, _ = found
    assert p.text[start:end] == "De kosten zijn 4.500 euro per deelnemer."


def test_comparison_rows_are_cases_and_cells_quote_their_passage() -> None:
    table = compare(CATALOG, index(), ["Alfa", "bravo"], ["duur", "resultaten"])
    assert [c.id for c in table.cases] == ["alfa", "bravo"]
    assert [a.key for a in table.aspects] == ["duur", "resultaten"]
    (alfa_duur, alfa_result), (bravo_duur, bravo_result) = table.rows
    assert alfa_duur.status == DESCRIBED and alfa_duur.text == ALFA_DUUR
    assert alfa_result.text == ALFA_RESULT
    assert bravo_duur.text == BRAVO_DUUR
    assert bravo_result.status == NOT_DESCRIBED and bravo_result.citation is None
    assert [c.n for c in table.citations] == [1, 2, 3]
    assert all(c.quote in index().get(c.passage_id).text for c in table.citations)


def test_a_comparison_needs_one_to_the_maximum_number_of_cases() -> None:
    with pytest.raises(InvalidInputError, match="at least one case"):
        compare(CATALOG, index(), [])
    with pytest.raises(InvalidInputError, match=f"at most {MAX_COMPARE_CASES}"):
        compare(CATALOG, index(), ["alfa"] * (MAX_COMPARE_CASES + 1))
    with pytest.raises(InvalidInputError, match="Unknown or ambiguous case"):
        compare(CATALOG, index(), ["Charlie"])


def test_a_shared_citer_keeps_numbering_and_the_table_holds_only_its_own_citations() -> None:
    citer = Citer(unique=False)
    citer.cite(PASSAGES[1], 0, 10)
    table = compare(CATALOG, index(), ["bravo"], ["duur"], citer=citer)
    assert [c.n for c in table.citations] == [2]


class FakeCellPicker:
    """A fake of the learned cell model: picks a fixed span of a fixed passage, or nothing."""

    def __init__(self, picks: dict[tuple[str, str], tuple[str, int, int]]) -> None:
        self.picks = picks
        self.asked: list[tuple[str, str]] = []

    def choose(self, case: Case, aspect: AspectDef, index: LoadedIndex) -> tuple[Passage, int, int] | None:
        self.asked.append((case.id, aspect.key))
        pick = self.picks.get((case.id, aspect.key))
        return None if pick is None else (index.get(pick[0]), pick[1], pick[2])


def test_with_a_chooser_every_cell_is_what_it_picks() -> None:
    end = ALFA_DUUR.index(".") + 1
    chooser = FakeCellPicker({("alfa", "duur"): ("p-0", 0, end)})
    table = compare(CATALOG, index(), ["alfa", "bravo"], ["duur"], chooser=chooser)
    assert chooser.asked == [("alfa", "duur"), ("bravo", "duur")]
    (alfa,), (bravo,) = table.rows
    assert alfa.text == ALFA_DUUR[:end] and alfa.via == "model"
    assert bravo.status == NOT_DESCRIBED  # the catalogue's evidence is not used with a chooser


def test_a_chosen_lead_ending_in_a_colon_brings_its_list() -> None:
    text = "De kern van de aanpak:\n- een vaste jobcoach\n- scholing op de werkvloer"
    lead = passage("p-4", text, "Casussen › Alfa › Aanpak")
    chooser = FakeCellPicker({("alfa", "aanpak"): ("p-4", 0, text.index(":") + 1)})
    table = compare(CATALOG, index([*PASSAGES, lead]), ["alfa"], ["aanpak"], chooser=chooser)
    assert table.rows[0][0].text == text
