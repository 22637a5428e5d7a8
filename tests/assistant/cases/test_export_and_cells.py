"""Comparison exports (md, csv, xlsx, print html) and the cell model's parts, on hand-made cases."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from assistant.cases.catalogue import ASPECTS_BY_KEY, CaseCatalog
from assistant.cases.cells import (
    AspectWords,
    best_threshold,
    candidates,
    is_junk,
)
from assistant.cases.export import export, to_csv, to_html, to_markdown
from assistant.cases.types import Case, Cell, Comparison, ScoredStatement
from assistant.types import Citation, Passage


def _passage(pid: str, text: str, section: str = "Casussen › Alfa › Doelgroep") -> Passage:
    return Passage(
        id=pid, document_id="rapport", document_title="Rapport", section=section, page=3, text=text, ordinal=0
    )


def _case(cid: str, name: str, aliases: tuple[str, ...] = ()) -> Case:
    return Case(cid, name, name, "rapport", "Rapport", f"Casussen › {name}", aliases, ())


def _comparison() -> Comparison:
    p = _passage("p1", "Het traject duurt zes maanden. Daarna volgt nazorg.")
    cite = Citation.of(1, p, "Het traject duurt zes maanden.")
    a, b = _case("alfa", "Alfa | Groep"), _case("beta", "Beta")
    duur, kosten = ASPECTS_BY_KEY["duur"], ASPECTS_BY_KEY["kosten_baten"]
    rows = (
        (
            Cell("alfa", "duur", "beschreven", cite.quote, cite, "model"),
            Cell("alfa", "kosten_baten", "niet beschreven"),
        ),
        (Cell("beta", "duur", "niet beschreven"), Cell("beta", "kosten_baten", "niet beschreven")),
    )
    return Comparison((a, b), (duur, kosten), rows, (cite,))


def test_exports_put_cases_in_columns_and_aspects_in_rows() -> None:
    comparison = _comparison()
    md = to_markdown(comparison)
    assert "| Aspect | Alfa \\| Groep | Beta |" in md  # a | in a name does not break the table
    assert "| Duur | Het traject duurt zes maanden. [1] | niet beschreven |" in md
    assert "[1] Rapport › Casussen › Alfa › Doelgroep, p. 3" in md
    rows = list(csv.reader(io.StringIO(to_csv(comparison))))
    assert rows[0] == ["Aspect", "Alfa | Groep", "Beta"]
    assert rows[1] == ["Duur", "Het traject duurt zes maanden. [1]", "niet beschreven"]
    assert rows[2][0] == "Kosten en baten" and rows[-1][0].startswith("[1] Rapport")
    book = load_workbook(io.BytesIO(export(comparison, "xlsx")))
    sheet = book["Vergelijking"]
    assert [c.value for c in sheet[1]] == ["Aspect", "Alfa | Groep", "Beta"]
    assert sheet["B2"].value == "Het traject duurt zes maanden. [1]" and sheet.freeze_panes == "B2"
    assert book["Bronnen"]["A1"].value.startswith("[1] Rapport")
    page = to_html(comparison)
    assert "@media print" in page and "<th scope='col'>Alfa | Groep</th>" in page
    assert "<td class='nb'>niet beschreven</td>" in page


def test_unknown_export_format_is_refused() -> None:
    import pytest

    from assistant.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="md, csv, xlsx, html"):
        export(_comparison(), "docx")


def _statement(text: str, kind: str = "sentence", index: int = 0) -> ScoredStatement:
    return ScoredStatement("p1", 0, len(text), text, kind, index, 3, 0.5)


def test_contacts_colophon_people_and_table_headers_are_never_cells() -> None:
    p = _passage("p1", "x")
    assert is_junk(_statement("Mail naar info@voorbeeld.nl voor meer informatie."), p, None)
    assert is_junk(_statement("- WSP Den Haag: Nathalie Pilk en Jeroen van den Berg", "item"), p, None)
    assert is_junk(_statement("Jaar\tInstroom\tUitstroom", "row"), p, None)  # first row of a table
    assert not is_junk(_statement("2016\t1059\t759", "row"), p, "row")
    colophon = _passage("p2", "x", section="Colofon")
    assert is_junk(_statement("Dit rapport is gemaakt door het onderzoeksbureau."), colophon, None)
    assert not is_junk(_statement("Het traject duurt gemiddeld zes maanden."), p, None)
    kept = candidates([_statement("Mail info@x.nl nu."), _statement("Het traject duurt zes maanden.")], {"p1": p})
    assert [c.statement.text for c in kept] == ["Het traject duurt zes maanden."]


def test_aspect_words_are_learned_from_gold_statements() -> None:
    words = AspectWords.learn(
        [
            ("duur", "Het traject duurt zes maanden.", True),
            ("duur", "Een traject duurt maximaal een jaar.", True),
            ("duur", "De gemeente werkt samen met werkgevers.", False),
            ("duur", "Werkgevers bieden plekken.", False),
        ]
    )
    assert words.score("duur", "Dat duurt drie maanden.") > words.score("duur", "Samen met werkgevers.")
    assert words.score("kosten_baten", "Het kost veel.") == 0.0  # never learned: no opinion


def test_threshold_is_where_most_cells_are_right() -> None:
    # (best probability, best is gold) per cell, and whether the cell is described at all.
    scored = [(0.9, True), (0.8, True), (0.3, False), (0.2, False), (0.7, False)]
    described = [True, True, False, False, True]
    cut = best_threshold(scored, described)
    assert 0.3 < cut <= 0.8


def test_case_names_are_found_in_a_message_in_order() -> None:
    catalog = CaseCatalog([_case("pastiel", "Pastiel"), _case("driekant", "Driekant"), _case("uw", "UW")])
    assert catalog.mentioned("vergelijk Driekant en pastiel") == ["driekant", "pastiel"]
    assert catalog.mentioned("hoe werkt het bij uw organisatie") == []  # too short to be a name
