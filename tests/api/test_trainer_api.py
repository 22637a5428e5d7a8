"""Trainer endpoints over HTTP: cases, comparison, briefing packs as JSON and as files."""

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
            "aspects": ["doelgroep", "Kosten en baten", "nazorg"],
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [a["key"] for a in body["aspects"]] == ["doelgroep", "kosten_baten", "nazorg"]
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


def test_briefing_json_and_files(client) -> None:  # noqa: ANN001
    body = client.post("/api/briefing", json={"theme": "nazorg"}).json()
    assert body["theme"] == "nazorg" and body["mode"] == "extractive"
    assert body["key_points"] and body["examples"] and body["comparison"]["rows"]
    numbers = [c["n"] for c in body["citations"]]
    assert numbers == list(range(1, len(numbers) + 1))
    for fmt, media, magic in (
        ("md", "text/markdown", b"# Kennisbijeenkomst"),
        ("html", "text/html", b"<!doctype html>"),
        ("pdf", "application/pdf", b"%PDF"),
    ):
        response = client.post(f"/api/briefing?format={fmt}", json={"theme": "nazorg"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert (
            f'filename="kennisbijeenkomst-nazorg.{fmt}"' in response.headers["content-disposition"]
        )
        assert response.content.startswith(magic)


def test_briefing_bad_input(client) -> None:  # noqa: ANN001
    assert client.post("/api/briefing", json={"theme": " "}).status_code == 422
    assert client.post("/api/briefing", json={"theme": "x" * 400}).status_code == 422
    unknown_doc = client.post(
        "/api/briefing", json={"theme": "nazorg", "documents": ["bestaat-niet"]}
    )
    assert (
        unknown_doc.status_code == 422 and "bestaat-niet" in unknown_doc.json()["error"]["message"]
    )
    assert client.post("/api/briefing?format=docx", json={"theme": "nazorg"}).status_code == 422


def test_trainer_page_is_served(client) -> None:  # noqa: ANN001
    page = client.get("/trainer.html")
    assert page.status_code == 200 and 'data-testid="theme"' in page.text
    assert client.get("/js/trainer.js").status_code == 200


def test_cases_unknown_document_is_422(client) -> None:  # noqa: ANN001
    response = client.get("/api/cases", params={"document": "bestaat-niet"})
    assert response.status_code == 422 and "eindevaluatie-sw-sectorplannen" in response.json()["error"]["message"]


def test_briefing_with_a_configured_llm_returns_the_verified_refined_parts(
    corpus_core, embedder, tmp_path  # noqa: ANN001
) -> None:
    from fastapi.testclient import TestClient

    from api.main import create_app
    from tests.assistant.answer.fake_openai import FakeOpenAIServer
    from tests.assistant.briefing.briefing_fakes import FABRICATED, reply_to_messages
    from tests.conftest import make_settings
    from werkwijzer.compose import build_core

    with FakeOpenAIServer([reply_to_messages] * 3).running() as server:
        # The same index as the session's app, served by an app that has an LLM configured.
        settings = make_settings(
            corpus_core.settings.data_dir, llm_base_url=server.base_url, llm_model="fake-model"
        )
        with TestClient(create_app(build_core(settings, embedder=embedder))) as llm_client:
            body = llm_client.post("/api/briefing", json={"theme": "nazorg"}).json()
            files = {
                fmt: llm_client.post(f"/api/briefing?format={fmt}", json={"theme": "nazorg"})
                for fmt in ("md", "html")
            }
            passages = {
                c["passage_id"]: llm_client.get(f"/api/passages/{c['passage_id']}").json()["text"]
                for c in body["citations"]
            }
    assert body["mode"] == "llm" and body["refined_parts"] == ["synthesis", "discussion", "quiz"]
    assert body["notice"] and "weggelaten" in body["notice"]
    synthesis = body["synthesis"]
    assert synthesis["refined_by"] == "llm" and len(synthesis["statements"]) == 3
    assert FABRICATED not in synthesis["text"]
    sources = {c["n"]: c for c in body["citations"]}
    ids = [c["passage_id"] for c in body["citations"]]
    assert len(ids) == len(set(ids))  # still one source per passage
    cited = [c for s in synthesis["statements"] for c in s["citations"]]
    cited += [c for q in body["discussion"] if q["refined_by"] == "llm" for c in q["citations"]]
    cited += [q["citation"] for q in body["quiz"] if q["refined_by"] == "llm"]
    assert len(cited) == 5
    for c in cited:
        assert set(c) == set(sources[c["n"]])  # the contract's Citation shape
        assert c["passage_id"] == sources[c["n"]]["passage_id"]
        assert c["quote"] in passages[c["passage_id"]]
    md = files["md"].text
    assert "## Inleiding (taalmodel)" in md and synthesis["text"] in md
    sources_md = md.split("## Bronnen", 1)[1]
    assert all(f"\n{c['n']}. " in sources_md for c in cited)
    html = files["html"].text
    assert '<p class="synthesis">' in html
    assert all(f'href="#bron-{c["n"]}"' in html for c in synthesis["statements"][0]["citations"])


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
