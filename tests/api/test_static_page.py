"""The chat page's files: served at /, self-contained (offline), and example questions that work."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import DEV_SET

STATIC = Path(__file__).resolve().parents[2] / "api" / "static"
EXAMPLES = STATIC / "data" / "examples.json"
EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import\s+url\(\s*["']?https?:|url\(\s*["']?https?:"""
)


def test_page_is_served_with_its_modules(client) -> None:  # noqa: ANN001
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'data-testid="question"' in page.text and 'data-testid="send"' in page.text
    assert 'href="/trainer.html"' in page.text
    for asset in ("/js/app.js", "/css/app.css", "/data/examples.json"):
        assert client.get(asset).status_code == 200, asset


def test_static_files_load_nothing_from_the_internet() -> None:
    page_files = [STATIC / "index.html", STATIC / "favicon.svg", *STATIC.glob("css/*"), *STATIC.glob("js/*")]
    for path in page_files:  # (widget.js is for other sites and documents its own embedding URL)
        if path.suffix in {".html", ".css", ".js", ".svg"}:
            text = path.read_text(encoding="utf-8")
            assert not EXTERNAL.search(text), f"{path.name} refers to an outside URL"
            assert "innerHTML" not in text or path.suffix != ".js", f"{path.name} parses HTML"


def test_every_example_question_gets_a_cited_answer_from_its_publication(client) -> None:  # noqa: ANN001
    documents = {d["id"] for d in client.get("/api/documents").json()["documents"]}
    examples = json.loads(EXAMPLES.read_text(encoding="utf-8"))["examples"]
    assert len({e["document"] for e in examples}) >= 4
    if DEV_SET.exists():  # the examples are not the evaluation questions
        dev = DEV_SET.read_text(encoding="utf-8").splitlines()
        dev_questions = {json.loads(line)["question"].casefold() for line in dev if line.strip()}
        assert not dev_questions & {e["question"].casefold() for e in examples}
    for example in examples:
        assert example["document"] in documents, example
        body = client.post("/api/chat", json={"message": example["question"]}).json()
        assert body["status"] == "answered", example["question"]
        assert example["document"] in {c["document_id"] for c in body["citations"]}, example[
            "question"
        ]
