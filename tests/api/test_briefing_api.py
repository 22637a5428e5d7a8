"""POST /api/briefing over HTTP: the pack as JSON, and both versions as files in every format."""

from __future__ import annotations

import io

from pypdf import PdfReader

from assistant.briefing.statements import inner_quotes


def test_briefing_json_has_every_part(client) -> None:  # noqa: ANN001
    body = client.post("/api/briefing", json={"theme": "nazorg"}).json()
    assert body["theme"] == "nazorg" and body["mode"] == "extractive"
    assert body["key_points"] and body["examples"] and body["quiz"] and body["discussion"]
    assert [a["minutes"] for a in body["agendas"]] == [60, 90]
    assert sum(len(s["points"]) for s in body["subthemes"]) == len(body["key_points"])
    assert all(p["context"] and p["subtheme"] for p in body["key_points"])
    for q in body["quiz"]:
        assert q["answer"] in q["options"] and q["options"][ord(q["answer_letter"]) - ord("A")] == q["answer"]
    numbers = [c["n"] for c in body["citations"]]
    assert numbers == list(range(1, len(numbers) + 1))
    assert body["years"]["werkfit-trajecten-eerste-inventarisatie"] == 2017


def _text(fmt: str, content: bytes) -> str:
    if fmt == "pdf":
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8")


def test_trainer_version_has_the_answer_key_and_the_handout_has_none(client) -> None:  # noqa: ANN001
    body = client.post("/api/briefing", json={"theme": "nazorg"}).json()
    explanation = body["quiz"][0]["explanation"].split()
    for fmt, media, magic in (
        ("md", "text/markdown", b"# Kennisbijeenkomst"),
        ("html", "text/html", b"<!doctype html>"),
        ("pdf", "application/pdf", b"%PDF"),
    ):
        texts = {}
        for audience in ("trainer", "deelnemers"):
            response = client.post(f"/api/briefing?format={fmt}&audience={audience}", json={"theme": "nazorg"})
            assert response.status_code == 200 and response.content.startswith(magic)
            assert response.headers["content-type"].startswith(media)
            disposition = response.headers["content-disposition"]
            assert f'filename="kennisbijeenkomst-nazorg-{audience}.{fmt}"' in disposition
            texts[audience] = " ".join(_text(fmt, response.content).split())
        assert "Antwoordsleutel" in texts["trainer"] and "Antwoordsleutel" not in texts["deelnemers"]
        assert "Voorgestelde agenda" in texts["trainer"] and "Voorgestelde agenda" not in texts["deelnemers"]
        for part in ("Kernpunten", "Praktijkvoorbeelden", "Discussievragen", "Quiz", "Bronnen"):
            assert part in texts["deelnemers"]
        if fmt == "md":  # the answer key quotes the whole sourced sentence
            assert inner_quotes(" ".join(explanation)) in texts["trainer"]


def test_briefing_bad_input(client) -> None:  # noqa: ANN001
    assert client.post("/api/briefing", json={"theme": " "}).status_code == 422
    assert client.post("/api/briefing", json={"theme": "x" * 400}).status_code == 422
    unknown_doc = client.post("/api/briefing", json={"theme": "nazorg", "documents": ["bestaat-niet"]})
    assert unknown_doc.status_code == 422 and "bestaat-niet" in unknown_doc.json()["error"]["message"]
    assert client.post("/api/briefing?format=docx", json={"theme": "nazorg"}).status_code == 422
    wrong = client.post("/api/briefing?format=md&audience=iedereen", json={"theme": "nazorg"})
    assert wrong.status_code == 422 and "deelnemers" in wrong.json()["error"]["message"]


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
        with TestClient(
            create_app(build_core(settings, embedder=embedder)), base_url="http://localhost"
        ) as llm_client:
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
    spans = [(c["passage_id"], c["quote"]) for c in body["citations"]]
    assert len(spans) == len(set(spans))  # still one source per quoted statement
    cited = [c for s in synthesis["statements"] for c in s["citations"]]
    cited += [c for q in body["discussion"] if q["refined_by"] == "llm" for c in q["citations"]]
    cited += [q["citation"] for q in body["quiz"] if q["refined_by"] == "llm"]
    assert len(cited) == 5
    for c in cited:
        assert set(c) == set(sources[c["n"]])  # the contract's Citation shape
        assert c["passage_id"] == sources[c["n"]]["passage_id"]
        assert c["quote"] in passages[c["passage_id"]]
    md = files["md"].text
    assert "## Inleiding (taalmodel)" in md and " ".join(synthesis["text"].split()) in md
    sources_md = md.split("## Bronnen", 1)[1]
    assert all(f"\n{c['n']}. " in sources_md for c in cited)
    html = files["html"].text
    assert all(f'href="#bron-{c["n"]}"' in html for c in synthesis["statements"][0]["citations"])
