"""POST /api/chat and /api/chat/stream, and the conversation endpoints, in the shapes CONTRACT.md fixes."""

from __future__ import annotations

import json

CHAT_KEYS = {"conversation_id", "status", "answer", "citations", "passages"}
CITATION_KEYS = {"n", "passage_id", "document_id", "document_title", "section", "page", "quote"}
PASSAGE_KEYS = {"id", "document_id", "document_title", "section", "page", "text", "score"}


def _ask(client, message: str, conversation_id: str | None = None) -> dict:  # noqa: ANN001
    r = client.post("/api/chat", json={"message": message, "conversation_id": conversation_id})
    assert r.status_code == 200, r.text
    return r.json()


def _events(text: str) -> list[tuple[str, dict]]:
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_chat_answers_with_verified_citations(client) -> None:
    body = _ask(client, "Hoeveel kandidaten begeleidt Pastiel per jaar in werkfit-trajecten?")
    assert set(body) >= CHAT_KEYS | {"turn_id"}
    assert body["status"] == "answered"
    assert "800" in body["answer"]
    texts = {p["id"]: p["text"] for p in body["passages"]}
    assert body["citations"]
    for c in body["citations"]:
        assert set(c) >= CITATION_KEYS
        assert c["quote"] in texts[c["passage_id"]]
        assert f"[{c['n']}]" in body["answer"]
    assert all(set(p) >= PASSAGE_KEYS for p in body["passages"])


def test_chat_refuses_what_the_publications_do_not_say(client) -> None:
    body = _ask(
        client, "Hoe groot is het jaarbudget van de gemeente Maastricht voor schuldhulpverlening?"
    )
    assert body["status"] == "not_found"
    assert body["citations"] == []
    assert "niet in de publicaties" in body["answer"]


def test_greeting_gets_a_fixed_reply_without_passages(client) -> None:
    body = _ask(client, "Hallo!")
    assert body["status"] == "not_found"
    assert body["passages"] == [] and body["citations"] == []
    assert "Werkwijzer" in body["answer"]


def test_follow_up_is_rewritten_and_stored(client) -> None:
    first = _ask(client, "Hoeveel kandidaten begeleidt Pastiel per jaar in werkfit-trajecten?")
    second = _ask(client, "En vanuit welke plaatsen werken ze?", first["conversation_id"])
    assert second["conversation_id"] == first["conversation_id"]
    assert "Pastiel" in second["standalone_question"]
    assert any("Sneek" in p["text"] for p in second["passages"][:5])
    conversation = client.get(f"/api/conversations/{first['conversation_id']}").json()
    roles = [m["role"] for m in conversation["messages"]]
    assert roles == ["user", "assistant", "user", "assistant"]
    assert conversation["messages"][3]["turn_id"] == second["turn_id"]
    assert conversation["messages"][1]["citations"] == first["citations"]


def test_bad_messages_are_422_in_the_error_shape(client) -> None:
    too_long = "woord " * 1000
    for message in ("", "   \n ", too_long, "bin\x00ary"):
        r = client.post("/api/chat", json={"message": message})
        assert r.status_code == 422, message[:20]
        assert set(r.json()) == {"error"} and r.json()["error"]["message"]
    assert client.post("/api/chat", json={}).status_code == 422
    assert client.post("/api/chat", json={"message": 12}).status_code == 422


def test_unknown_conversation_is_404_and_nothing_is_lost(client) -> None:
    before = client.get("/api/conversations").json()["conversations"]
    r = client.post(
        "/api/chat", json={"message": "Wat doet Cycloon?", "conversation_id": "bestaat-niet"}
    )
    assert r.status_code == 404
    assert r.json()["error"]["type"] == "not_found"
    after = client.get("/api/conversations").json()["conversations"]
    assert [c["id"] for c in after] == [c["id"] for c in before]


def test_stream_sends_events_in_order(client) -> None:
    r = client.post("/api/chat/stream", json={"message": "Vanuit welke plaatsen werkt Pastiel?"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    events = _events(r.text)
    names = [name for name, _ in events]
    assert names[0] == "meta" and names[1] == "passages"
    assert names[-2:] == ["citations", "done"]
    assert set(names[2:-2]) == {"delta"}
    done = events[-1][1]
    assert done["conversation_id"] == events[0][1]["conversation_id"]
    assert done["turn_id"] == events[0][1]["turn_id"]
    assert "".join(d["text"] for name, d in events if name == "delta") == done["answer"]
    assert events[-2][1]["citations"] == done["citations"]


def test_stream_rejects_bad_input_before_streaming(client) -> None:
    r = client.post("/api/chat/stream", json={"message": " "})
    assert r.status_code == 422
    r = client.post("/api/chat/stream", json={"message": "Wat?", "conversation_id": "nope"})
    assert r.status_code == 404


def test_conversations_list_rename_delete(client) -> None:
    body = _ask(client, "Wat is de Cycloon methodiek?")
    cid = body["conversation_id"]
    listed = {c["id"]: c for c in client.get("/api/conversations").json()["conversations"]}
    assert listed[cid]["turns"] == 1
    assert set(listed[cid]) >= {"id", "title", "created", "updated", "turns"}
    r = client.patch(f"/api/conversations/{cid}", json={"title": "Cycloon"})
    assert r.status_code == 200 and r.json()["title"] == "Cycloon"
    assert client.patch(f"/api/conversations/{cid}", json={"title": "  "}).status_code == 422
    assert client.patch("/api/conversations/nope", json={"title": "x"}).status_code == 404
    assert client.delete(f"/api/conversations/{cid}").status_code == 204
    assert client.get(f"/api/conversations/{cid}").status_code == 404
    assert client.delete(f"/api/conversations/{cid}").status_code == 404


def test_personal_data_is_redacted_before_storing(client) -> None:
    body = _ask(
        client,
        "Mijn BSN is 111222333 en mail jan@example.nl: hoeveel kandidaten begeleidt Pastiel?",
    )
    conversation = client.get(f"/api/conversations/{body['conversation_id']}").json()
    stored = conversation["messages"][0]["content"]
    assert "111222333" not in stored and "jan@example.nl" not in stored
    assert "[BSN]" in stored and "[e-mailadres]" in stored
