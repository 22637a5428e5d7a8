"""The command line's shape (CONTRACT.md names these commands): each subcommand parses as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkwijzer import cli


def parse(*argv: str):  # noqa: ANN201 - an argparse.Namespace
    return cli.build_parser().parse_args(list(argv))


def test_the_contract_commands_parse_with_their_options() -> None:
    ingest = parse("ingest", "corpus", "extra.pdf", "--rebuild", "--json")
    assert (ingest.handler, ingest.paths, ingest.rebuild, ingest.json) == (cli.cmd_ingest, ["corpus", "extra.pdf"],
                                                                           True, True)
    assert parse("ingest").paths == [] and not parse("ingest").rebuild
    assert parse("serve").handler is cli.cmd_serve
    ask = parse("ask", "Wat kost werkfit?", "--json", "--conversation", "c1")
    assert (ask.handler, ask.question, ask.json, ask.conversation) == (cli.cmd_ask, "Wat kost werkfit?", True, "c1")
    search = parse("search", "kosten", "-k", "3", "--document", "a", "--document", "b")
    assert (search.query, search.k, search.document, search.json) == ("kosten", 3, ["a", "b"], False)
    assert parse("search", "kosten").k == 8
    evaluation = parse("eval", "dev.jsonl")
    assert (evaluation.handler, evaluation.file, evaluation.folds, evaluation.url) == (cli.cmd_eval, ["dev.jsonl"],
                                                                                       0, None)


def test_eval_takes_folds_training_files_a_server_and_a_json_report() -> None:
    args = parse("eval", "a.jsonl", "b.jsonl", "--folds", "5", "--train-only", "c.jsonl", "--json", "out.json",
                 "--url", "http://localhost:8000", "--api-key", "ww_x_y")
    assert (args.file, args.folds, args.train_only, args.json) == (["a.jsonl", "b.jsonl"], 5, ["c.jsonl"], "out.json")
    assert (args.url, args.api_key) == ("http://localhost:8000", "ww_x_y")


def test_serve_reads_host_and_port_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "9000")
    args = parse("serve")
    assert (args.host, args.port) == ("0.0.0.0", 9000)
    assert parse("serve", "--port", "8001").port == 8001


def test_keys_and_feedback_have_their_subcommands() -> None:
    create = parse("keys", "create", "intranet", "--scopes", "search,chat")
    assert (create.handler, create.name, create.scopes) == (cli.cmd_keys_create, "intranet", "search,chat")
    assert parse("keys", "create", "x").scopes == "search"
    assert parse("keys", "list", "--all").all and parse("keys", "revoke", "k1").id == "k1"
    export = parse("feedback", "export")
    assert (export.handler, export.rating, export.out) == (cli.cmd_feedback_export, "down", None)


def test_cases_compare_and_briefing_options() -> None:
    compare = parse("compare", "Pastiel", "Cycloon", "--aspect", "duur", "--format", "csv", "--out", "t.csv")
    assert (compare.cases, compare.aspect, compare.format, compare.out) == (["Pastiel", "Cycloon"], ["duur"], "csv",
                                                                            Path("t.csv"))
    briefing = parse("briefing", "nazorg")
    assert (briefing.theme, briefing.format, briefing.audience) == ("nazorg", "md", "trainer")
    assert parse("cases", "--document", "werkfit").document == ["werkfit"]
    assert Path(parse("train", "dev.jsonl").out).parts[-3:] == ("assistant", "data", "models")


@pytest.mark.parametrize(
    "argv",
    [[], ["onbekend"], ["search"], ["keys"], ["feedback", "export", "--rating", "boos"],
     ["briefing", "x", "--audience", "publiek"], ["compare", "A", "--format", "docx"], ["search", "q", "-k", "veel"]],
)
def test_wrong_command_lines_are_refused_by_the_parser(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse(*argv)
    assert exited.value.code == 2
    assert "usage: werkwijzer" in capsys.readouterr().err
