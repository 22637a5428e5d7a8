"""The composition root's small builders: threads, limits, model files, thesaurus and refiner choice."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.briefing.refine import LLMRefiner
from assistant.cases.cells import CELLS
from assistant.errors import ConfigurationError
from assistant.models import ANSWERABLE, PASSAGES, UNITS
from tests.conftest import make_settings
from werkwijzer.compose import (
    build_refiner,
    build_thesaurus,
    collection_name,
    embedding_threads,
    ingest_limits,
    load_cell_model,
    load_models,
)


def test_threads_are_the_setting_or_the_cores_shared_over_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert embedding_threads(make_settings(tmp_path, embedding_threads=3, workers=2)) == 3
    assert embedding_threads(make_settings(tmp_path, workers=2)) == 2
    assert embedding_threads(make_settings(tmp_path, workers=8)) == 1  # never zero threads


def test_ingest_limits_come_from_the_settings_in_bytes(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, max_document_chars=1000, max_document_passages=7, max_docx_uncompressed_mb=3)
    limits = ingest_limits(settings)
    assert (limits.max_chars, limits.max_passages, limits.max_docx_bytes) == (1000, 7, 3 * 1024 * 1024)


def test_a_version_s_collection_carries_the_prefix(tmp_path: Path) -> None:
    assert collection_name(make_settings(tmp_path, collection_prefix="proef"), "v7") == "proef-v7"


def test_models_come_from_the_folder_when_one_is_set(tmp_path: Path) -> None:
    shipped = load_models()
    folder = tmp_path / "models"
    for name, model in ((PASSAGES, shipped.passages), (UNITS, shipped.units), (ANSWERABLE, shipped.answerable)):
        moved = type(model)(**{**model.__dict__, "threshold": 0.123})
        moved.save(folder / f"{name}.json")
    own = load_models(folder)
    assert own.passages.threshold == own.units.threshold == own.answerable.threshold == pytest.approx(0.123)
    assert shipped.answerable.threshold != pytest.approx(0.123)
    (folder / f"{UNITS}.json").unlink()
    with pytest.raises(ConfigurationError, match="werkwijzer train"):
        load_models(folder)


def test_the_cell_model_falls_back_to_the_shipped_one_when_the_folder_has_none(tmp_path: Path) -> None:
    shipped = load_cell_model().model
    assert load_cell_model(tmp_path).model.threshold == shipped.threshold  # a folder without cells.json
    type(shipped)(**{**shipped.__dict__, "threshold": 0.123}).save(tmp_path / f"{CELLS}.json")
    assert load_cell_model(tmp_path).model.threshold == pytest.approx(0.123)


def test_a_thesaurus_file_replaces_the_bundled_one(tmp_path: Path) -> None:
    own = tmp_path / "thesaurus.tsv"
    own.write_text("=\tjobcoach\twerkbegeleider\n", encoding="utf-8")
    thesaurus = build_thesaurus(make_settings(tmp_path, thesaurus_file=own))
    assert len(thesaurus.groups) == 1
    assert len(build_thesaurus(make_settings(tmp_path)).groups) > 1


def test_packs_are_refined_only_when_an_llm_is_configured(tmp_path: Path) -> None:
    assert build_refiner(make_settings(tmp_path)) is None
    llm = make_settings(tmp_path, answer_mode="llm", llm_base_url="http://127.0.0.1:9/v1", llm_model="fake")
    assert isinstance(build_refiner(llm), LLMRefiner)


def test_the_index_spec_is_the_embedder_s_model_and_the_chunk_settings(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from werkwijzer.compose import index_spec

    embedder = SimpleNamespace(model_id="proefmodel", dimension=12)  # a fake embedder: only its names
    spec = index_spec(make_settings(tmp_path, chunk_max_tokens=300, chunk_min_tokens=50), embedder,  # type: ignore[arg-type]
                      chunker_version="9")
    assert (spec.embedding_model, spec.dimension) == ("proefmodel", 12)
    assert (spec.chunk_min_tokens, spec.chunk_max_tokens, spec.chunker_version) == (50, 300, "9")
