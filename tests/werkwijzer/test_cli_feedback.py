"""`werkwijzer feedback export`: rated turns of the app's database as eval question lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.records.conversations import ConversationStore
from assistant.types import Answer, Citation, Hit, Passage
from tests.conftest import make_settings
from werkwijzer.cli import main
from werkwijzer.compose import build_database, build_feedback_store

PASSAGE = Passage(
    id="werkfit-1", document_id="werkfit", document_title="Werkfit", section="Kosten", page=3,
    text="Een traject kost 4.500 euro per kandidaat.", ordinal=0,
)


def _answer(quote: str, *, standalone: str | None = None) -> Answer:
    return Answer(
        "answered", f"{quote} [1]", (Citation.of(1, PASSAGE, quote),), (Hit(PASSAGE, 0.9),),
        standalone_question=standalone,
    )


@pytest.fixture
def rated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Two turns in one conversation: the first rated up, the follow-up rated down."""
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(tmp_path / "data"))
    settings = make_settings(tmp_path / "data")
    database = build_database(settings)
    conversations = ConversationStore(database)
    feedback = build_feedback_store(settings, database=database)
    conv = conversations.create("Kosten")
    first = conversations.add_turn(conv, question="Wat kost een traject?", answer=_answer("4.500 euro"))
    follow_up = _answer("per kandidaat", standalone="Wat kost een traject per jaar?")
    second = conversations.add_turn(conv, question="En per jaar?", answer=follow_up)
    feedback.record(first, rating="up")
    feedback.record(second, rating="down", comment="Geen jaarbedrag")
    return {"up": first, "down": second}


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_thumbs_down_by_default_to_stdout_with_its_context_line(
    rated: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["feedback", "export"]) == 0
    parent, item = _lines(capsys.readouterr().out)
    assert parent["context"] is True and parent["question"] == "Wat kost een traject?"
    assert item["question"] == "En per jaar?" and item["rating"] == "down"
    assert item["follow_up_of"] == parent["id"] and item["comment"] == "Geen jaarbedrag"


def test_every_rating_when_asked(rated: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback", "export", "--rating", "all"]) == 0
    ratings = [line.get("rating") for line in _lines(capsys.readouterr().out)]
    assert sorted(r for r in ratings if r) == ["down", "up"]
    assert main(["feedback", "export", "--rating", "up"]) == 0
    [only] = _lines(capsys.readouterr().out)
    assert only["rating"] == "up" and only["follow_up_of"] is None


def test_a_file_is_written_whole_in_a_new_folder(
    rated: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export" / "feedback.jsonl"
    assert main(["feedback", "export", "--out", str(out)]) == 0
    assert capsys.readouterr().err.startswith(f"Wrote 2 questions to {out}")
    assert [line["question"] for line in _lines(out.read_text(encoding="utf-8"))] == [
        "Wat kost een traject?", "En per jaar?"
    ]
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind
