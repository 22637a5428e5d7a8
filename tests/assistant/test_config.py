"""Settings: read from WERKWIJZER_* variables, checked together, and the values derived from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.config import LOCAL_HOST_NAMES, Settings


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_settings_come_from_prefixed_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", "/srv/werkwijzer")
    monkeypatch.setenv("WERKWIJZER_HOST", "0.0.0.0")
    monkeypatch.setenv("DATA_DIR", "/elders")  # without the prefix: not ours
    read = settings()
    assert read.data_dir == Path("/srv/werkwijzer") and read.host == "0.0.0.0"


def test_settings_are_frozen() -> None:
    with pytest.raises(ValidationError):
        settings().host = "0.0.0.0"  # type: ignore[misc]


def test_the_llm_mode_needs_an_endpoint_and_chunk_sizes_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="WERKWIJZER_LLM_BASE_URL"):
        settings(answer_mode="llm")
    with pytest.raises(ValidationError, match="chunk_min_tokens must be smaller"):
        settings(chunk_min_tokens=200, chunk_max_tokens=200)
    with pytest.raises(ValidationError):
        settings(answer_mode="creative")


@pytest.mark.parametrize(
    ("mode", "url", "uses"),
    [("auto", None, False), ("auto", "http://localhost:11434/v1", True), ("extractive", "http://x/v1", False),
     ("llm", "http://x/v1", True)],
)
def test_the_llm_is_used_when_asked_or_when_auto_finds_an_endpoint(mode: str, url: str | None, uses: bool) -> None:
    assert settings(answer_mode=mode, llm_base_url=url).use_llm is uses


@pytest.mark.parametrize(
    ("host", "require", "required"),
    [("127.0.0.1", None, False), ("localhost", None, False), ("::1", None, False), ("0.0.0.0", None, True),
     ("0.0.0.0", False, False), ("127.0.0.1", True, True)],
)
def test_keys_are_required_on_a_non_local_bind_unless_set_explicitly(host: str, require: bool | None,
                                                                    required: bool) -> None:
    assert settings(host=host, require_api_keys=require).keys_required is required


def test_served_host_names_default_to_localhost_on_the_open_mode_and_any_with_keys() -> None:
    assert settings().served_hosts == LOCAL_HOST_NAMES
    assert settings(require_api_keys=True).served_hosts is None
    assert settings(allowed_hosts=["Werkwijzer.Intranet", "[::1]"]).served_hosts == {"werkwijzer.intranet", "::1"}
    assert settings(allowed_hosts=["*"]).served_hosts is None


def test_folders_and_the_database_live_in_the_data_dir(tmp_path: Path) -> None:
    s = settings(data_dir=tmp_path)
    assert s.index_dir == tmp_path / "index" and s.uploads_dir == tmp_path / "uploads"
    assert s.resolved_database_url == f"sqlite:///{(tmp_path / 'werkwijzer.db').resolve()}"
    pg = "postgresql+psycopg://u@db/werkwijzer"
    assert settings(data_dir=tmp_path, database_url=pg).resolved_database_url == pg


def test_every_setting_is_described_for_the_readme() -> None:
    assert all(field.description for field in Settings.model_fields.values())
