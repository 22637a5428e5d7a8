"""Comparison exports (md, csv, xlsx, print html) and the cell model's parts, on hand-made cases."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from assistant.cases.catalogue import ASPECTS_BY_KEY, CaseCatalog
from assistant.cases.cells import (
    CELL_FEATURES,
    PRESENT_FEATURES,
    RIGHT,
    SHOULD_BE_EMPTY,
    WRONG_STATEMENT,
    WRONGLY_EMPTY,
    AspectWords,
    Candidate,
    CellModel,
    LabelledCell,
    best_threshold,
    candidates,
    cell_outcome,
    features,
    fit_cells,
    gold_set,
    is_junk,
    present_features,
)
from assistant.cases.export import export, to_csv, to_html, to_markdown
from assistant.cases.types import Case, CaseSource, Cell, Comparison, ScoredStatement
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


def _labelled(cid: str, name: str, gold: str | None, *, described_well: bool = True) -> LabelledCell:
    """A hand-made duration cell of a case: its own statements under a "Duur" heading and elsewhere."""
    texts = [
        (f"{name} werkt samen met werkgevers in de regio.", "Casussen › " + name + " › Samenwerking"),
        (
            "Het traject duurt zes maanden." if described_well else "Er is veel aandacht voor werk.",
            "Casussen › " + name + " › Duur",
        ),
        ("De gemeente betaalt de begeleiding.", "Casussen › " + name + " › Financiering"),
    ]
    found = []
    for i, (text, section) in enumerate(texts):
        p = Passage(
            id=f"{cid}{i}",
            document_id="rapport",
            document_title="Rapport",
            section=section,
            page=1,
            text=text,
            ordinal=i,
        )
        found.append(Candidate(ScoredStatement(p.id, 0, len(text), text, "sentence", 0, 1, 0.5), p))
    case = Case(
        cid,
        name,
        name,
        "rapport",
        "Rapport",
        f"Casussen › {name}",
        (),
        tuple(c.passage.id for c in found),
        sources=(CaseSource("rapport", "Rapport", f"Casussen › {name}", name),),
    )
    return LabelledCell(case, ASPECTS_BY_KEY["duur"], tuple(found), gold_set([gold] if gold else []))


def test_present_features_describe_the_best_candidate_and_the_aspect() -> None:
    cell = _labelled("a", "Alfa", "Het traject duurt zes maanden.")
    X = features(cell.case, cell.aspect, cell.found, AspectWords({}))
    assert X.shape == (3, len(CELL_FEATURES))
    assert X[1, CELL_FEATURES.index("heading")] == 1.0  # under the "Duur" heading of its own case
    assert X[0, CELL_FEATURES.index("case_name")] == 1.0 and X[1, CELL_FEATURES.index("case_name")] == 0.0
    import numpy as np

    row = present_features(cell.aspect, cell.found, X, np.array([0.2, 0.9, 0.1]))[0]
    named = dict(zip(PRESENT_FEATURES, row, strict=True))
    assert named["best"] == 0.9 and abs(named["gap"] - 0.7) < 1e-9 and named["best_heading"] == 1.0
    assert named["aspect:duur"] == 1.0 and named["aspect:doelgroep"] == 0.0


def test_cell_model_learns_where_a_cell_is_described_and_round_trips() -> None:
    cells = [_labelled(f"c{i}", f"Case{i}", "Het traject duurt zes maanden.") for i in range(10)]
    cells += [_labelled(f"n{i}", f"Niets{i}", None, described_well=False) for i in range(10)]
    model = fit_cells(cells, folds=5)
    assert model.present is not None
    assert cell_outcome(model, cells[0]) == RIGHT and cell_outcome(model, cells[-1]) == RIGHT
    stored = CellModel.from_linear(type(model.model).from_json(model.model.to_json()))
    assert stored.present is not None and stored.present.threshold == model.present.threshold
    assert cell_outcome(stored, cells[0]) == RIGHT


def test_cell_outcome_names_the_kind_of_error() -> None:
    class Always:
        """A fake cell model that always picks the candidate at ``pick`` (None: "niet beschreven")."""

        def __init__(self, pick: int | None) -> None:
            self.pick = pick

        def choose(self, case, aspect, found):  # type: ignore[no-untyped-def]
            return None if self.pick is None else (found[self.pick], 0.9)

    described = _labelled("a", "Alfa", "Het traject duurt zes maanden.")
    empty = _labelled("b", "Beta", None)
    assert cell_outcome(Always(1), described) == RIGHT  # type: ignore[arg-type]
    assert cell_outcome(Always(0), described) == WRONG_STATEMENT  # type: ignore[arg-type]
    assert cell_outcome(Always(None), described) == WRONGLY_EMPTY  # type: ignore[arg-type]
    assert cell_outcome(Always(0), empty) == SHOULD_BE_EMPTY  # type: ignore[arg-type]
    assert cell_outcome(Always(None), empty) == RIGHT  # type: ignore[arg-type]
