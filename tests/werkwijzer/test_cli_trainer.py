"""The trainer commands of the CLI: cases, compare and briefing, on the corpus index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from werkwijzer.cli import main


@pytest.fixture
def corpus_env(corpus_core, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(corpus_core.settings.data_dir))
    monkeypatch.setenv("WERKWIJZER_CORPUS_DIR", str(corpus_core.settings.corpus_dir))


def test_cases_lists_per_publication(corpus_env, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    assert main(["cases", "--document", "samen-werken-aan-werk-lessons-learned"]) == 0
    out = capsys.readouterr().out
    assert "Samen werken aan werk" in out and "callant" in out and "De juiste mix" in out
    assert main(["cases", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["cases"]) >= 20


def test_compare_prints_cells_and_sources(corpus_env, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    assert main(["compare", "pastiel", "driekant", "--aspect", "duur"]) == 0
    out = capsys.readouterr().out
    assert "| Aspect | Pastiel | Driekant |" in out and "| Duur |" in out and "## Bronnen" in out
    assert main(["compare", "atlantis"]) == 2
    assert "atlantis" in capsys.readouterr().err


def test_compare_writes_csv_xlsx_and_html(
    corpus_env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    for fmt, magic in (("csv", b"Aspect,Pastiel,Driekant"), ("xlsx", b"PK"), ("html", b"<!doctype html>")):
        out = tmp_path / f"vergelijking.{fmt}"
        assert main(["compare", "pastiel", "driekant", "--aspect", "duur", "--out", str(out)]) == 0
        assert out.read_bytes().startswith(magic)
    assert main(["compare", "pastiel", "driekant", "--format", "xlsx"]) == 2  # a file needs --out
    assert "--out" in capsys.readouterr().err


def test_briefing_writes_each_format(
    corpus_env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    assert main(["briefing", "nazorg", "--format", "md"]) == 0
    trainer = capsys.readouterr().out
    assert trainer.startswith("# Kennisbijeenkomst: nazorg — versie voor de trainer") and "Antwoordsleutel" in trainer
    assert main(["briefing", "nazorg", "--format", "md", "--audience", "deelnemers"]) == 0
    handout = capsys.readouterr().out
    assert "hand-out voor deelnemers" in handout and "Antwoordsleutel" not in handout
    for fmt, magic in (("html", b"<!doctype html>"), ("pdf", b"%PDF"), ("json", b"{")):
        out = tmp_path / f"pack.{fmt}"
        assert main(["briefing", "nazorg", "--format", fmt, "--out", str(out)]) == 0
        assert out.read_bytes().startswith(magic)
    assert main(["briefing", " ", "--format", "md"]) == 2
