"""`werkwijzer keys create|list|revoke`: the token is printed once; ids manage the key afterwards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from werkwijzer.cli import main


def test_keys_create_list_revoke(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(tmp_path))
    assert main(["keys", "create", "intranet", "--scopes", "search,chat", "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["token"].startswith("ww_") and created["scopes"] == ["chat", "search"]

    assert main(["keys", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [k["id"] for k in listed] == [created["id"]] and "token" not in listed[0]

    assert main(["keys", "revoke", created["id"]]) == 0
    assert created["id"] in capsys.readouterr().out
    assert main(["keys", "list"]) == 0
    assert "No API keys" in capsys.readouterr().out
    assert main(["keys", "list", "--all"]) == 0
    assert "revoked" in capsys.readouterr().out


def test_keys_errors_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(tmp_path))
    assert main(["keys", "create", "x", "--scopes", "superuser"]) == 2
    assert capsys.readouterr().err.startswith("werkwijzer: Unknown scope(s): superuser")
    assert main(["keys", "revoke", "nope"]) == 2
    assert "keys list" in capsys.readouterr().err


def test_plain_output_shows_the_token_once_and_lists_keys_one_per_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(tmp_path))
    assert main(["keys", "create", "  beheer ", "--scopes", "admin"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    key_id = first.split()[2]
    assert first == f"Created key {key_id} (beheer), scopes: admin"
    token = second.removeprefix("Token (shown only now; store it safely): ")
    assert token.startswith("ww_") and token != second
    assert main(["keys", "create", "zoeken", "--scopes", "search"]) == 0
    capsys.readouterr()
    assert main(["keys", "list"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 2 and rows[0].startswith(f"{key_id}  active   admin ")
    assert rows[0].endswith("  beheer") and rows[1].endswith("  zoeken")
    assert token not in "".join(rows)  # a token is never listed
    assert main(["keys", "revoke", key_id]) == 0
    assert capsys.readouterr().out == f"Revoked key {key_id} (beheer).\n"
    assert main(["keys", "list", "--all", "--json"]) == 0
    listed = {k["name"]: k["revoked"] for k in json.loads(capsys.readouterr().out)}
    assert listed == {"beheer": True, "zoeken": False}
