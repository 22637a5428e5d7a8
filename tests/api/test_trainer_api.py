"""Trainer endpoints over HTTP: cases and comparison (packs: test_briefing_api.py)."""

from __future__ import annotations


def test_cases_lists_cases_with_their_publication(client) -> None:  # noqa: ANN001
    body = client.get("/api/cases").json()
    assert {a["key"] for a in body["aspects"]} >= {"doelgroep", "resultaten", "kosten_baten"}
    docs = {c["document_id"] for c in body["cases"]}
    assert docs >= {
        "werkfit-trajecten-eerste-inventarisatie",
        "simpel-switchen-dagbesteding-naar-werk",
        "samen-werken-aan-werk-lessons-learned",
        "eindevaluatie-sw-sectorplannen",
    }
    case = next(c for c in body["cases"] if c["id"] == "pastiel")
    assert (
        case["document_title"].startswith("Werkfit-trajecten") and "resultaten" in case["aspects"]
    )
    only = client.get(
        "/api/cases", params={"document": "simpel-switchen-dagbesteding-naar-werk"}
    ).json()
    assert [c["name"] for c in only["cases"]] == [
        "Amsterdam",
        "Almere",
        "Oss",
        "Rijk van Nijmegen",
        "Ede",
        "Arnhem",
    ]


def test_compare_gives_verbatim_cited_cells(client) -> None:  # noqa: ANN001
    response = client.post(
        "/api/compare",
        json={
            "cases": ["pastiel", "Almere", "Callant"],
            # duur: labelled "niet beschreven" for Almere and Callant in bench/data/aspects.jsonl
            "aspects": ["doelgroep", "Kosten en baten", "duur"],
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [a["key"] for a in body["aspects"]] == ["doelgroep", "kosten_baten", "duur"]
    assert [r["case"]["id"] for r in body["rows"]] == ["pastiel", "almere", "callant"]
    statuses = set()
    for row in body["rows"]:
        for cell in row["cells"]:
            statuses.add(cell["status"])
            if cell["status"] == "beschreven":
                c = cell["citation"]
                assert set(c) == {
                    "n",
                    "passage_id",
                    "document_id",
                    "document_title",
                    "section",
                    "page",
                    "quote",
                }
                assert c["quote"] == cell["text"]
                assert c["quote"] in client.get(f"/api/passages/{c['passage_id']}").json()["text"]
                assert c["document_id"] in row["case"]["document_ids"]
            else:
                assert cell["citation"] is None and cell["text"] is None
    assert statuses == {"beschreven", "niet beschreven"}
    assert [c["n"] for c in body["citations"]] == list(range(1, len(body["citations"]) + 1))


def test_compare_unknown_case_is_422_with_the_valid_ones(client) -> None:  # noqa: ANN001
    response = client.post("/api/compare", json={"cases": ["pastiel", "Atlantis"]})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["type"] == "invalid_input"
    assert (
        "'Atlantis'" in error["message"]
        and "pastiel" in error["message"]
        and "regio-achterhoek" in error["message"]
    )
    bad_aspect = client.post("/api/compare", json={"cases": ["pastiel"], "aspects": ["kleur"]})
    assert bad_aspect.status_code == 422 and "doelgroep" in bad_aspect.json()["error"]["message"]
    empty = client.post("/api/compare", json={"cases": []})
    assert empty.status_code == 422


def test_trainer_page_is_served(client) -> None:  # noqa: ANN001
    page = client.get("/trainer.html")
    assert page.status_code == 200 and 'data-testid="theme"' in page.text
    assert client.get("/js/trainer.js").status_code == 200


def test_cases_unknown_document_is_422(client) -> None:  # noqa: ANN001
    response = client.get("/api/cases", params={"document": "bestaat-niet"})
    assert response.status_code == 422 and "eindevaluatie-sw-sectorplannen" in response.json()["error"]["message"]



def test_compare_exports_md_csv_xlsx_and_print_html(client) -> None:  # noqa: ANN001
    import csv
    import io

    from openpyxl import load_workbook

    body = {"cases": ["Pastiel", "WSP Den Haag", "Callant"], "aspects": ["doelgroep", "duur"]}
    md = client.post("/api/compare", params={"format": "md"}, json=body)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "| Aspect | Pastiel | Werkgeversservicepunt Den Haag | Callant |" in md.text
    assert "## Bronnen" in md.text
    rows = list(csv.reader(io.StringIO(client.post("/api/compare", params={"format": "csv"}, json=body).text)))
    assert rows[0] == ["Aspect", "Pastiel", "Werkgeversservicepunt Den Haag", "Callant"]
    assert [r[0] for r in rows[1:3]] == ["Doelgroep", "Duur"]
    xlsx = client.post("/api/compare", params={"format": "xlsx"}, json=body)
    assert "attachment" in xlsx.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content))["Vergelijking"]
    assert [c.value for c in sheet[1]] == rows[0]
    page = client.post("/api/compare", params={"format": "html"}, json=body).text
    assert "@media print" in page and "Werkgeversservicepunt Den Haag" in page
    bad = client.post("/api/compare", params={"format": "docx"}, json=body)
    assert bad.status_code == 422


def test_compare_takes_at_most_six_cases(client) -> None:  # noqa: ANN001
    seven = ["pastiel", "driekant", "uw", "isd-bol", "callant", "almere", "oss"]
    response = client.post("/api/compare", json={"cases": seven})
    assert response.status_code == 422 and "at most 6" in response.text


def test_chat_vergelijk_answers_with_the_comparison_table(client) -> None:  # noqa: ANN001
    body = client.post("/api/chat", json={"message": "Vergelijk Pastiel en Driekant"}).json()
    table = client.post("/api/compare", params={"format": "md"}, json={"cases": ["pastiel", "driekant"]}).text
    assert "| Aspect | Pastiel | Driekant |" in body["answer"]
    header_and_rows = [line for line in table.splitlines() if line.startswith("|")]
    assert all(line in body["answer"] for line in header_and_rows)  # the same table
    assert body["citations"] and all(c["quote"] for c in body["citations"])
