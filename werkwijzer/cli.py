"""The `werkwijzer` command line: ingest, serve, search (and more as they are built)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from assistant.config import Settings
from assistant.errors import InvalidInputError, WerkwijzerError

if TYPE_CHECKING:
    from werkwijzer.compose import Core

Handler = Callable[[argparse.Namespace, Settings], int]


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as e:
        problems = "; ".join(
            f"WERKWIJZER_{'_'.join(str(x) for x in err['loc']).upper()}: {err['msg']}" for err in e.errors()
        )
        raise WerkwijzerError(f"Invalid settings: {problems}") from e


def _core(settings: Settings) -> Core:  # imported lazily to keep --help fast
    from werkwijzer.compose import build_core

    return build_core(settings)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Build or update the index from PATHs (default: the corpus folder and uploads)."""
    from tqdm import tqdm

    from werkwijzer.compose import build_indexer

    # Ingest needs the model and the index, not the trained rankers: a fresh clone can ingest
    # before `werkwijzer train` has anything to read.
    indexer = build_indexer(settings)
    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if args.json or not total:
            return
        bar = bars.get(stage)
        if bar is None:
            for earlier in bars.values():
                earlier.close()  # one bar at a time: the previous stage is done
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="file" if stage == "reading" else "passage")
        bar.total = total
        bar.n = done
        bar.refresh()

    paths = [Path(p) for p in args.paths] or None
    report = indexer.ingest(paths, rebuild=args.rebuild, progress=progress)
    for bar in bars.values():
        bar.close()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(
            f"Files: {report.files}, pages: {report.pages}, passages added: {report.added}, "
            f"unchanged: {report.unchanged}, removed: {report.removed} ({report.seconds:.1f} s)"
        )
        for doc, n in report.documents.items():
            print(f"  {doc}: {n} passages")
        for file, reason in report.skipped:
            print(f"  skipped {file}: {reason}")
        if report.version:
            print(f"Index version {report.version} is active.")
    if not report.ok:
        print("Nothing could be ingested.", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the web app and the API."""
    import uvicorn


    host = args.host or settings.host
    port = args.port or settings.port
    if host != settings.host:
        settings = settings.model_copy(update={"host": host})
    from api.auth import check_serving_safety
    from api.logs import configure_logging

    check_serving_safety(settings)  # before loading the model: refuse fast
    configure_logging(settings.log_level)
    log_level = settings.log_level.lower()
    if settings.workers > 1:
        from werkwijzer.serving import APP_FACTORY

        # Each worker builds its own core from the environment; limits and jobs are in the database.
        os.environ["WERKWIJZER_HOST"] = host
        uvicorn.run(
            APP_FACTORY, factory=True, workers=settings.workers, host=host, port=port,
            log_config=None, log_level=log_level,
        )
        return 0
    from werkwijzer.serving import served_app

    uvicorn.run(served_app(settings), host=host, port=port, log_config=None, log_level=log_level)
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    """Search passages without any LLM."""
    from api.schemas import PassageOut, SearchRequest, SearchResponse

    try:
        request = SearchRequest(query=args.query, k=args.k, documents=args.document or None)
    except ValidationError as e:
        raise WerkwijzerError("; ".join(str(err["msg"]).removeprefix("Value error, ") for err in e.errors())) from e
    core = _core(settings)
    hits = core.search.search(request.query, k=request.k, document_ids=request.documents)
    response = SearchResponse(query=request.query, results=[PassageOut.of_hit(h) for h in hits])
    if args.json:
        print(response.model_dump_json(indent=2))
        return 0
    for i, r in enumerate(response.results, 1):
        where = " › ".join(x for x in (r.document_title, r.section) if x)
        page = f", p. {r.page}" if r.page else ""
        print(f"[{i}] {where}{page}  ({r.score:.3f})  id={r.id}")
        print("    " + r.text[:300].replace("\n", " ") + ("…" if len(r.text) > 300 else ""))
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Ask a question; prints the answer with its sources (or the /api/chat JSON)."""
    from api.schemas import ChatResponse

    core = _core(settings)
    result = core.chat.ask(args.question, conversation_id=args.conversation)
    response = ChatResponse.of(result)
    if args.json:
        print(response.model_dump_json(indent=2))
        return 0
    print(response.answer)
    if response.notice:
        print(f"\n({response.notice})")
    if response.citations:
        print("\nBronnen:")
    for c in response.citations:
        where = " › ".join(x for x in (c.document_title, c.section) if x)
        page = f", p. {c.page}" if c.page else ""
        print(f"  [{c.n}] {where}{page}: “{c.quote}”")
    if response.status == "not_found" and response.passages:
        print("\nDichtstbijzijnde passages:")
        for p in response.passages:
            print(f"  - {' › '.join(x for x in (p.document_title, p.section) if x)}  id={p.id}")
    print(f"\n(gesprek {response.conversation_id}; vervolgvraag: --conversation {response.conversation_id})")
    return 0


def _request(model, **values):  # noqa: ANN001, ANN003, ANN202 - a pydantic request model, built as the API would
    try:
        return model(**values)
    except ValidationError as e:
        raise WerkwijzerError("; ".join(str(err["msg"]).removeprefix("Value error, ") for err in e.errors())) from e


def cmd_cases(args: argparse.Namespace, settings: Settings) -> int:
    """List the practice cases and regions recognised in the publications."""
    from api.trainer_schemas import CasesResponse

    core = _core(settings)
    response = CasesResponse.of(core.cases.catalog().for_documents(args.document))
    if args.json:
        print(response.model_dump_json(indent=2))
        return 0
    labels = {a.key: a.label.lower() for a in response.aspects}
    current = None
    for case in response.cases:
        if case.document_id != current:
            current = case.document_id
            print(f"\n{case.document_title} ({case.document_id})")
        print(f"  {case.id:<40} {case.title}")
        print(f"  {'':<40} aspecten: {', '.join(labels[a] for a in case.aspects)}")
    return 0


def cmd_compare(args: argparse.Namespace, settings: Settings) -> int:
    """Compare cases aspect by aspect (cases as columns), as a table, JSON or an md/csv/xlsx/html file."""
    from api.trainer_schemas import CompareRequest, CompareResponse
    from assistant.cases.export import export, to_markdown

    request = _request(CompareRequest, cases=args.cases, aspects=args.aspect or None)
    core = _core(settings)
    comparison = core.comparer.compare(request.cases, request.aspects)
    if args.json or args.format == "json":
        print(CompareResponse.of(comparison).model_dump_json(indent=2))
        return 0
    fmt = args.format or ("md" if args.out is None else args.out.suffix.lstrip(".") or "md")
    if args.out is not None:
        args.out.write_bytes(export(comparison, fmt))
        print(f"{args.out} ({fmt})")
        return 0
    if fmt == "xlsx":
        raise InvalidInputError("XLSX is a file: add --out vergelijking.xlsx")
    sys.stdout.write(to_markdown(comparison) if fmt == "md" else export(comparison, fmt).decode("utf-8"))
    return 0


def cmd_briefing(args: argparse.Namespace, settings: Settings) -> int:
    """Build a kennisbijeenkomst pack for a theme and export it."""
    from api.briefing_schemas import BriefingRequest, BriefingResponse
    from assistant.briefing.export import file_name, render

    request = _request(BriefingRequest, theme=args.theme, documents=args.document or None)
    core = _core(settings)
    pack = core.briefings.build(request.theme, documents=request.documents)
    if args.format == "json":
        content = BriefingResponse.of(pack).model_dump_json(indent=2).encode("utf-8")
    else:
        content = render(pack, args.format, args.audience)
    out = args.out or (Path(file_name(pack, args.format, args.audience)) if args.format == "pdf" else None)
    if out is None:
        sys.stdout.write(content.decode("utf-8"))
        return 0
    Path(out).write_bytes(content)
    print(f"{out}: {len(pack.citations)} bronnen, {pack.meta.get('seconds')} s", file=sys.stderr)
    return 0


def cmd_feedback_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write rated answers as question lines in the eval format (thumbs down by default)."""
    from assistant.records.feedback import eval_items
    from werkwijzer.compose import build_feedback_store

    store = build_feedback_store(settings)
    items = eval_items(store.list(rating=None if args.rating == "all" else args.rating))
    text = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    if args.out in (None, "-"):
        sys.stdout.write(text)
    else:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)  # never leave a half-written file behind
        print(f"Wrote {len(items)} questions to {out}", file=sys.stderr)
    return 0


def _eval_folds(args: argparse.Namespace, settings: Settings) -> int:
    """Cross-validated figures: each fold scored with models fitted on the other folds."""
    from werkwijzer import evaluation
    from werkwijzer.crossval import cross_validate, format_brief

    if args.url:
        raise InvalidInputError("--folds trains models in this process; it cannot score a server (--url).")
    summary = cross_validate(
        settings, [Path(f) for f in args.file], folds=args.folds, train_only=[Path(f) for f in args.train_only]
    )
    print(evaluation.format_report(summary))
    print()
    print(format_brief("fold", summary["folds"]))
    print()
    print(format_brief("file", summary["files"]))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"All figures written to {args.json}")
    return 0


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    """Fit the passage, unit and answerability models on question files and write them as JSON."""
    from assistant import models as model_files
    from werkwijzer import training
    from werkwijzer.compose import build_embedder, build_search_parts
    from werkwijzer.folds import load_sets

    questions = [q for _, q in load_sets([Path(f) for f in args.files])]
    _, holder, _, featurizer = build_search_parts(settings, build_embedder(settings))
    trained = training.train(holder.current(), featurizer, questions, k=settings.chat_k, read=training.READ)
    out = Path(args.out)
    for name, model in ((model_files.PASSAGES, trained.passages), (model_files.UNITS, trained.units),
                        (model_files.ANSWERABLE, trained.answerable)):
        model.save(out / f"{name}.json")
    print(f"Trained on {len(questions)} questions from {', '.join(args.files)}; models written to {out}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Score search (and chat, when there is one) on a question file by the shared eval rules."""
    from werkwijzer import evaluation

    if args.folds:
        return _eval_folds(args, settings)
    if len(args.file) != 1:
        raise InvalidInputError("Give one question file, or several with --folds N.")
    questions = evaluation.load_questions(Path(args.file[0]))
    if args.url:
        from werkwijzer.eval_clients import http_calls

        calls = http_calls(args.url, api_key=args.api_key)
    else:
        from werkwijzer.eval_clients import in_process_calls

        calls = in_process_calls(_core(settings))
    with calls:
        results = evaluation.run(
            questions, search=calls.search, chat=calls.chat, passage=calls.passage, k=evaluation.SEARCH_K
        )
    summary = evaluation.summarise(results, chat_available=calls.chat is not None)
    print(evaluation.format_report(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"All figures written to {args.json}")
    return 0


def _key_store(settings: Settings):  # noqa: ANN202 - returns KeyStore; imported lazily like the core
    from assistant.records.db import Database
    from assistant.records.keys import KeyStore

    return KeyStore(Database(settings.resolved_database_url))


def cmd_keys_create(args: argparse.Namespace, settings: Settings) -> int:
    """Create an API key; its token is printed once and never stored."""
    created = _key_store(settings).create(args.name, scopes=args.scopes.split(","))
    if args.json:
        print(json.dumps({**_key_json(created.key), "token": created.token}, indent=2))
        return 0
    print(f"Created key {created.key.id} ({created.key.name}), scopes: {', '.join(sorted(created.key.scopes))}")
    print(f"Token (shown only now; store it safely): {created.token}")
    return 0


def cmd_keys_list(args: argparse.Namespace, settings: Settings) -> int:
    """List API keys (never their tokens)."""
    keys = _key_store(settings).list(include_revoked=args.all)
    if args.json:
        print(json.dumps([_key_json(k) for k in keys], indent=2))
        return 0
    if not keys:
        print("No API keys. Create one with `werkwijzer keys create NAME --scopes search,chat`.")
    for k in keys:
        state = "revoked" if k.revoked else "active"
        print(f"{k.id}  {state:7}  {','.join(sorted(k.scopes)):18}  {k.created:%Y-%m-%d %H:%M}  {k.name}")
    return 0


def cmd_keys_revoke(args: argparse.Namespace, settings: Settings) -> int:
    """Revoke an API key by its id."""
    key = _key_store(settings).revoke(args.id)
    print(f"Revoked key {key.id} ({key.name}).")
    return 0


def _key_json(key) -> dict[str, object]:  # noqa: ANN001 - an assistant.records.keys.ApiKey
    return {
        "id": key.id,
        "name": key.name,
        "scopes": sorted(key.scopes),
        "created": key.created.isoformat(),
        "revoked": key.revoked,
    }


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="werkwijzer", description="Werkwijzer: kennisassistent over werk en re-integratie."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="build or update the index")
    p.add_argument("paths", nargs="*", help="files or folders (default: corpus folder and uploads)")
    p.add_argument("--rebuild", action="store_true", help="re-embed everything, e.g. after changing the model")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("serve", help="serve the web app and API")
    p.add_argument("--host", default=os.environ.get("HOST"))
    p.add_argument("--port", type=int, default=int(os.environ["PORT"]) if os.environ.get("PORT") else None)
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("search", help="search passages (no LLM)")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=8)
    p.add_argument("--document", action="append", help="only this document id (repeatable)")
    p.add_argument("--json", action="store_true", help="print the same JSON as POST /api/search")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("ask", help="ask a question (answer with cited sources)")
    p.add_argument("question")
    p.add_argument("--conversation", metavar="ID", help="ask a follow-up in this conversation")
    p.add_argument("--json", action="store_true", help="print the same JSON as POST /api/chat")
    p.set_defaults(handler=cmd_ask)

    p = sub.add_parser("feedback", help="feedback on answers")
    feedback = p.add_subparsers(dest="feedback_command", required=True)
    p = feedback.add_parser("export", help="rated answers as question lines in the eval (dev.jsonl) format")
    p.add_argument("--out", help="file to write (default: standard output)")
    p.add_argument("--rating", choices=("down", "up", "all"), default="down", help="which ratings (default: down)")
    p.set_defaults(handler=cmd_feedback_export)

    keys = sub.add_parser("keys", help="manage API keys (scopes: search, chat, admin)")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    p = keys_sub.add_parser("create", help="create a key and print its token once")
    p.add_argument("name", help="who or what uses the key, e.g. intranet-search")
    p.add_argument("--scopes", default="search", help="comma-separated: search,chat,admin (default: search)")
    p.add_argument("--json", action="store_true", help="print the key and token as JSON")
    p.set_defaults(handler=cmd_keys_create)
    p = keys_sub.add_parser("list", help="list keys (never their tokens)")
    p.add_argument("--all", action="store_true", help="include revoked keys")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_keys_list)
    p = keys_sub.add_parser("revoke", help="revoke a key by its id")
    p.add_argument("id", help="the key id shown by `werkwijzer keys list`")
    p.set_defaults(handler=cmd_keys_revoke)

    p = sub.add_parser("eval", help="score retrieval (and answers) on a question file like dev.jsonl")
    p.add_argument("file", nargs="+", help="question file(s) in the format of bench/data/dev.jsonl")
    p.add_argument(
        "--folds", type=int, default=0, metavar="N",
        help="cross-validate over all files: N folds by conversation, models fitted on the other folds",
    )
    p.add_argument(
        "--train-only", nargs="+", default=[], metavar="FILE",
        help="with --folds: question files that join every fold's training data and are never scored",
    )
    p.add_argument("--json", metavar="OUT", help="also write every figure (and per-question results) to OUT")
    p.add_argument("--url", help="score a running server at this base URL instead of in-process")
    p.add_argument("--api-key", default=os.environ.get("WERKWIJZER_API_KEY"), help="API key for --url")
    p.set_defaults(handler=cmd_eval)

    p = sub.add_parser("train", help="fit the ranking, unit and answerability models on question files")
    p.add_argument("files", nargs="+", help="question files in the format of bench/data/dev.jsonl")
    p.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "assistant" / "data" / "models"),
                   help="folder for passages.json, units.json and answerable.json (default: the package's)")
    p.set_defaults(handler=cmd_train)

    p = sub.add_parser("cases", help="list the practice cases and regions per publication")
    p.add_argument("--document", action="append", help="only this document id (repeatable)")
    p.add_argument("--json", action="store_true", help="print the same JSON as GET /api/cases")
    p.set_defaults(handler=cmd_cases)

    p = sub.add_parser("compare", help="compare cases aspect by aspect (verbatim, cited)")
    p.add_argument("cases", nargs="+", help="case ids or names (see `werkwijzer cases`)")
    p.add_argument("--aspect", action="append", help="aspect key or label (repeatable; default: all described)")
    p.add_argument("--json", action="store_true", help="print the same JSON as POST /api/compare")
    p.add_argument(
        "--format", choices=("md", "csv", "xlsx", "html", "json"), help="md (default), csv, xlsx, html or json"
    )
    p.add_argument("--out", type=Path, help="write to this file (format from --format or the file's extension)")
    p.set_defaults(handler=cmd_compare)

    p = sub.add_parser("briefing", help="build a kennisbijeenkomst pack for a theme")
    p.add_argument("theme", help='e.g. "nazorg na plaatsing"')
    p.add_argument("--format", choices=("md", "html", "pdf", "json"), default="md")
    p.add_argument("--out", type=Path,
                   help="write to this file (pdf default: kennisbijeenkomst-<thema>-<audience>.pdf)")
    p.add_argument("--document", action="append", help="only draw from this document id (repeatable)")
    p.add_argument("--audience", choices=("trainer", "deelnemers"), default="trainer",
                   help="trainer: agenda, answer key and sources (default); deelnemers: handout without answers")
    p.set_defaults(handler=cmd_briefing)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `werkwijzer` program."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args, _settings()))
    except WerkwijzerError as e:
        print(f"werkwijzer: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("werkwijzer: interrupted; the previous index is still active.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
