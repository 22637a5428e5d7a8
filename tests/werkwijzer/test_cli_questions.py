"""`werkwijzer search` and `werkwijzer ask`: plain output, the API's JSON, follow-ups, bad input."""

from __future__ import annotations

import json

import pytest

from werkwijzer import cli
from werkwijzer.cli import main


@pytest.fixture
def corpus_env(corpus_core, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(corpus_core.settings.data_dir))
    monkeypatch.setenv("WERKWIJZER_CORPUS_DIR", str(corpus_core.settings.corpus_dir))
    # The session's core (same settings, model already loaded) instead of loading the model again.
    monkeypatch.setattr(cli, "_core", lambda settings: corpus_core)


def test_search_prints_passages_and_the_api_json(corpus_env, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    assert main(["search", "fietskoeriers Cycloon", "-k", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[1] ") and "Cycloon" in out and "[4] " not in out
    assert main(["search", "fietskoeriers Cycloon", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["query"] == "fietskoeriers Cycloon" and len(body["results"]) == 8
    assert set(body["results"][0]) == {"id", "document_id", "document_title", "section", "page", "text", "score"}


def test_ask_prints_the_answer_with_sources_and_follows_up(corpus_env, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    assert main(["ask", "Hoeveel kandidaten begeleidt Pastiel per jaar?"]) == 0
    out = capsys.readouterr().out
    assert "800" in out and "Bronnen:" in out and "[1]" in out and "--conversation" in out
    assert main(["ask", "Hoeveel kandidaten begeleidt Pastiel per jaar?", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["status"] == "answered" and first["citations"]
    for c in first["citations"]:
        passage = next(p for p in first["passages"] if p["id"] == c["passage_id"])
        assert c["quote"] in passage["text"]
    cid = first["conversation_id"]
    assert main(["ask", "En vanuit welke plaatsen werken ze?", "--conversation", cid, "--json"]) == 0
    follow_up = json.loads(capsys.readouterr().out)
    assert follow_up["conversation_id"] == cid and follow_up["status"] == "answered"
    assert "Pastiel" in follow_up["standalone_question"]  # the follow-up was read in its conversation


def test_bad_questions_exit_2_with_a_message(corpus_env, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    assert main(["ask", "   "]) == 2
    assert "empty" in capsys.readouterr().err
    assert main(["ask", "Hoe lang duurt dat?", "--conversation", "nope"]) == 2
    assert "nope" in capsys.readouterr().err
    assert main(["search", ""]) == 2
    assert capsys.readouterr().err.startswith("werkwijzer: ")
