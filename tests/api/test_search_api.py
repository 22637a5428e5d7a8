"""The search, passage, document and health endpoints, in the shapes CONTRACT.md fixes."""

from __future__ import annotations

PASSAGE_KEYS = {"id", "document_id", "document_title", "section", "page", "text", "score"}


def test_healthz_ok(client) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.json()["documents"] == 5


def test_search_returns_contract_passages(client) -> None:
    r = client.post("/api/search", json={"query": "fietskoeriers Cycloon", "k": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "fietskoeriers Cycloon"
    assert 1 <= len(body["results"]) <= 5
    assert set(body["results"][0]) >= PASSAGE_KEYS
    assert any("Cycloon" in p["text"] or "Cycloon" in (p["section"] or "") for p in body["results"][:3])
    scores = [p["score"] for p in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_search_document_filter(client) -> None:
    r = client.post("/api/search", json={"query": "werk", "k": 10, "documents": ["werkfit-trajecten-presentatie"]})
    assert r.status_code == 200
    assert {p["document_id"] for p in r.json()["results"]} == {"werkfit-trajecten-presentatie"}


def test_search_unknown_document_is_422(client) -> None:
    r = client.post("/api/search", json={"query": "werk", "documents": ["bestaat-niet"]})
    assert r.status_code == 422
    assert r.json()["error"]["type"] == "invalid_input"
    assert "bestaat-niet" in r.json()["error"]["message"]


def test_search_validation_errors(client) -> None:
    for body in ({"query": ""}, {"query": "   "}, {"k": 3}, {"query": "x", "k": 0}, {"query": "x", "k": 500}):
        r = client.post("/api/search", json=body)
        assert r.status_code == 422, body
        assert set(r.json()) == {"error"}
        assert r.json()["error"]["message"]
    r = client.post("/api/search", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_documents_lists_corpus(client) -> None:
    docs = client.get("/api/documents").json()["documents"]
    ids = {d["id"] for d in docs}
    assert "werkfit-trajecten-eerste-inventarisatie" in ids and len(ids) == 5
    assert all(d["passages"] > 0 and d["title"] for d in docs)


def test_passage_with_neighbours(client) -> None:
    first = client.post("/api/search", json={"query": "Pastiel Sneek Joure", "k": 1}).json()["results"][0]
    r = client.get(f"/api/passages/{first['id']}")
    assert r.status_code == 200
    p = r.json()
    assert p["text"] == first["text"]
    assert "previous_id" in p and "next_id" in p
    if p["next_id"]:
        nxt = client.get(f"/api/passages/{p['next_id']}").json()
        assert nxt["previous_id"] == p["id"]


def test_unknown_passage_is_404(client) -> None:
    r = client.get("/api/passages/nope")
    assert r.status_code == 404
    assert r.json()["error"]["type"] == "not_found"


def test_unknown_route_has_error_shape(client) -> None:
    r = client.get("/api/nothing-here")
    assert r.status_code == 404
    assert set(r.json()) == {"error"}
