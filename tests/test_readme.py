"""The README stays true: its settings table matches the Settings class, its commands exist."""

from __future__ import annotations

from assistant.config import Settings
from tests.conftest import ROOT
from werkwijzer.cli import build_parser
from werkwijzer.docs import END, START, render, settings_table


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_settings_table_is_generated_from_settings() -> None:
    assert render(readme()) == readme(), (
        "The settings table is stale: run `python -m werkwijzer.docs`."
    )


def test_every_setting_has_a_row_and_a_description() -> None:
    table = readme().split(START)[1].split(END)[0]
    for name, field in Settings.model_fields.items():
        assert f"`WERKWIJZER_{name.upper()}`" in table, name
        assert field.description, f"Settings.{name} needs a description"
    assert table.strip() == settings_table()


def test_readme_shows_the_two_commands_first_and_every_cli_command() -> None:
    text = readme()
    assert text.index("make run") < text.index("## Command line")
    assert text.index("make test") < text.index("## Command line")
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in commands:
        assert f"werkwijzer {command}" in text, command
