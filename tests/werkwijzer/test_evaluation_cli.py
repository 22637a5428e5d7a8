"""`werkwijzer eval` end to end on the corpus index: in-process (with chat) and over HTTP."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

QUESTIONS = [
    {"id": "t-1", "lang": "nl", "type": "factoid", "question": "Sinds wanneer bestaat Cycloon Fietskoeriers?",
     "follow_up_of": None, "answer": "Sinds 1999.", "must_mention": ["1999"],
     "sources": [{"doc": "werkfit-trajecten-eerste-inventarisatie.txt",
                  "quote": "Cycloon Fietskoeriers bestaat sinds 1999 en Cycloon Post bestaat sinds 2003"}]},
    {"id": "t-2", "lang": "nl", "type": "follow-up", "question": "En hoeveel vestigingen zijn er?",
     "follow_up_of": "t-1", "answer": "28 vestigingen.", "must_mention": ["28"],
     "sources": [{"doc": "werkfit-trajecten-eerste-inventarisatie.txt",
                  "quote": "Inmiddels telt Cycloon Post en Fietskoeriers 28 vestigingen verspreid door Nederland"}]},
    {"id": "t-3", "lang": "nl", "type": "unanswerable", "question": "Wat kost een fietskoerier per rit in Zwolle?",
     "follow_up_of": None, "answer": "", "must_mention": [], "sources": []},
]


def small_set(tmp_path: Path) -> Path:
    """A question, its follow-up and an unanswerable one about the corpus (not from the dev set)."""
    path = tmp_path / "small.jsonl"
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in QUESTIONS), encoding="utf-8")
    return path


def test_eval_in_process_prints_table_and_writes_json(corpus_core, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    from werkwijzer.cli import main

    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(corpus_core.settings.data_dir))
    out = tmp_path / "figures.json"
    assert main(["eval", str(small_set(tmp_path)), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "hit@5" in printed and "overall" in printed
    figures = json.loads(out.read_text())
    assert figures["questions"] == 3 and figures["answerable"] == 2
    assert figures["answers"] is not None  # the core has chat: answers are scored
    assert [r["scored_on"] for r in figures["results"]] == ["search", "chat", "search"]


def test_eval_over_http(corpus_core, tmp_path) -> None:  # noqa: ANN001
    uvicorn = pytest.importorskip("uvicorn")
    from api.main import create_app
    from werkwijzer.cli import main

    server = uvicorn.Server(uvicorn.Config(create_app(corpus_core), host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        out = tmp_path / "http.json"
        assert main(["eval", str(small_set(tmp_path)), "--url", f"http://127.0.0.1:{port}", "--json", str(out)]) == 0
        assert json.loads(out.read_text())["retrieval"]["overall"]["questions"] == 2
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_eval_bad_file_is_a_clear_error(tmp_path, capsys) -> None:  # noqa: ANN001
    from werkwijzer.cli import main

    assert main(["eval", str(tmp_path / "nope.jsonl")]) == 2
    assert "No question file" in capsys.readouterr().err
