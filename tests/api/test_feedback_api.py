"""POST/GET /api/feedback and the eval-format export, over HTTP on the corpus index."""

from __future__ import annotations

import json

from tests.conftest import make_settings

QUESTION = "Welke drie thema's hadden de regionale plannen voor de sociale werkbedrijven?"


def _ask(client, message: str, conversation_id: str | None = None) -> dict:  # noqa: ANN001
    response = client.post(
        "/api/chat", json={"message": message, "conversation_id": conversation_id}
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_rating_an_answer_is_stored_and_exported(client, admin_headers) -> None:  # noqa: ANN001
    chat = _ask(client, QUESTION)
    response = client.post(
        "/api/feedback",
        json={"turn_id": chat["turn_id"], "rating": "down", "comment": "Onvolledig"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (
        body["rating"] == "down"
        and body["comment"] == "Onvolledig"
        and body["question"] == QUESTION
    )
    assert body["answer"] == chat["answer"]

    listed = client.get(
        "/api/feedback", params={"conversation_id": chat["conversation_id"]}
    ).json()["feedback"]
    assert [f["turn_id"] for f in listed] == [chat["turn_id"]]

    assert client.get("/api/feedback/export").status_code == 401  # everyone's questions: admins only
    lines = client.get("/api/feedback/export", headers=admin_headers).text.splitlines()
    item = next(json.loads(line) for line in lines if json.loads(line)["question"] == QUESTION)
    assert item["answer"] == chat["answer"] and item["comment"] == "Onvolledig"
    cited = {(c["document_id"], c["quote"]) for c in chat["citations"]}
    assert {(s["doc"].removesuffix(".txt"), s["quote"]) for s in item["sources"]} == cited


def test_rating_by_conversation_rates_its_last_answer(client) -> None:  # noqa: ANN001
    first = _ask(client, QUESTION)
    second = _ask(client, "En wat waren de resultaten?", first["conversation_id"])
    response = client.post(
        "/api/feedback", json={"conversation_id": first["conversation_id"], "rating": "up"}
    )
    assert response.json()["turn_id"] == second["turn_id"]
    response = client.post(
        "/api/feedback",
        json={"conversation_id": first["conversation_id"], "turn": 0, "rating": "up"},
    )
    assert response.json()["turn_id"] == first["turn_id"]


def test_bad_feedback_gets_an_actionable_error(client) -> None:  # noqa: ANN001
    cases = [
        ({"rating": "down"}, 422, "turn_id"),
        ({"turn_id": "x", "rating": "meh"}, 422, "rating"),
        ({"turn_id": "nope", "rating": "down"}, 404, "turn_id"),
        ({"conversation_id": "nope", "rating": "down"}, 404, "conversation"),
        ({"turn_id": "x", "rating": "down", "extra": 1}, 422, "extra"),
    ]
    for body, status, word in cases:
        response = client.post("/api/feedback", json=body)
        assert response.status_code == status, (body, response.text)
        assert word in response.json()["error"]["message"], response.text


def test_cli_exports_thumbs_down_as_eval_lines(client, corpus_core, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from werkwijzer.cli import main

    chat = _ask(client, QUESTION)
    client.post("/api/feedback", json={"turn_id": chat["turn_id"], "rating": "down"})
    out = tmp_path / "out" / "feedback.jsonl"
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(corpus_core.settings.data_dir))
    assert main(["feedback", "export", "--out", str(out)]) == 0
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any(i["id"].startswith("fb-") and i["question"] == QUESTION for i in items)
    assert all(i["rating"] == "down" for i in items if not i.get("context"))


def test_cli_export_of_an_empty_database_writes_nothing(tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    from werkwijzer.cli import main

    settings = make_settings(tmp_path)
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(settings.data_dir))
    assert main(["feedback", "export", "--rating", "all"]) == 0
    assert capsys.readouterr().out == ""
