"""`werkwijzer ingest` on the small hand-made corpus, and settings the CLI refuses with a message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.assistant.small_corpus import ALMERE, TESTDORP, write_corpus
from werkwijzer import compose
from werkwijzer.cli import main


@pytest.fixture
def small_env(tmp_path: Path, embedder, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: ANN001
    """The small corpus and an empty data folder in the environment; the session's model shared."""
    corpus = write_corpus(tmp_path / "corpus")
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WERKWIJZER_CORPUS_DIR", str(corpus))
    real = compose.build_indexer
    monkeypatch.setattr(compose, "build_indexer", lambda settings: real(settings, embedder=embedder))
    return corpus


def test_ingest_prints_what_it_read_and_a_rerun_changes_nothing(
    small_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Files: 2, ")
    assert f"  {TESTDORP}: " in out and f"  {ALMERE}: " in out
    assert "unchanged: 0, removed: 0" in out and "is active." in out
    added = int(out.split("passages added: ")[1].split(",")[0])
    assert added > 0

    assert main(["ingest"]) == 0
    again = capsys.readouterr().out
    assert "passages added: 0," in again and f"unchanged: {added}," in again


def test_ingest_json_is_the_report_of_the_admin_api(small_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files"] == 2 and report["skipped"] == []
    assert set(report["documents"]) == {TESTDORP, ALMERE}
    assert report["passages"]["added"] == sum(report["documents"].values())


def test_a_file_nothing_can_be_read_from_exits_1_and_says_why(
    small_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"this is no PDF at all")
    assert main(["ingest", str(broken)]) == 1
    captured = capsys.readouterr()
    assert f"  skipped {broken}: " in captured.out
    assert "Nothing could be ingested." in captured.err


def test_an_invalid_setting_is_named_with_its_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WERKWIJZER_PORT", "geen-getal")
    assert main(["search", "werkfit"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("werkwijzer: Invalid settings: WERKWIJZER_PORT: ")
