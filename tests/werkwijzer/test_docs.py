"""The README's settings table: one row per setting, defaults written as a reader needs them."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from assistant.config import Settings
from werkwijzer.docs import END, ENV_PREFIX, START, _default, render, settings_table


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "(empty)"), (SecretStr(""), "(empty)"), (SecretStr("geheim"), "(set)"), ([], "`[]`"),
     (("a", "b"), "`['a', 'b']`"), (8, "`8`"), ("extractive", "`extractive`"), (False, "`False`")],
)
def test_defaults_are_shown_without_secrets(value: object, shown: str) -> None:
    assert _default(value) == shown


def test_every_setting_has_a_row_under_its_environment_name() -> None:
    table = settings_table().splitlines()
    assert table[0] == "| environment variable | default | what it does |"
    assert len(table) == 2 + len(Settings.model_fields)
    for name in Settings.model_fields:
        assert any(row.startswith(f"| `{ENV_PREFIX}{name.upper()}` |") for row in table)
    assert ENV_PREFIX == "WERKWIJZER_"


def test_render_replaces_only_the_text_between_the_markers() -> None:
    readme = f"# Titel\n\n{START}\noude tabel\n{END}\n\nNa de tabel.\n"
    out = render(readme)
    assert out.startswith("# Titel\n\n") and out.endswith(f"{END}\n\nNa de tabel.\n")
    assert "oude tabel" not in out and settings_table() in out
    assert render(out) == out


def test_a_readme_without_markers_is_an_error_naming_them() -> None:
    with pytest.raises(ValueError, match="settings-table markers"):
        render("# Geen tabel\n")
