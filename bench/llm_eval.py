"""The LLM path on replayed recorded output beside the extractive path, per question type; time to first sentence.

    python bench/llm_eval.py bench/data/dev.jsonl bench/data/llm/train_sample.jsonl [--json OUT] [--prune] [--timeline]

Starts bench/llm_replay.py in replay mode on a free port, scores both answer paths with the
`werkwijzer eval` rules (werkwijzer.evaluation), then streams every question of the first file over
/api/chat/stream and reports how long after the model's first finished sentence (as the replay server
sent it) the first verified text reached the client; --timeline prints that per question (when the
model ended its first sentence, when the first delta came and what it said, how the answer ended).
--prune deletes recorded requests and completions that no question of the given files used.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import llm_replay  # noqa: E402 - after the path set-up above

from tests.live import free_port  # noqa: E402

FIGURES = ("coverage", "citation_support", "citation_verbatim", "refusal_unanswerable", "wrong_refusal_answerable")
SHORT = {"coverage": "cov", "citation_support": "supp", "citation_verbatim": "verb",
         "refusal_unanswerable": "refU", "wrong_refusal_answerable": "refA"}


def _core(mode: str, base_url: str):  # noqa: ANN202 - a werkwijzer.compose.Core
    os.environ["WERKWIJZER_ANSWER_MODE"] = mode
    os.environ["WERKWIJZER_LLM_BASE_URL"] = base_url
    os.environ.setdefault("WERKWIJZER_LLM_MODEL", "replay")
    from assistant.config import Settings
    from werkwijzer.compose import build_core

    return build_core(Settings())


def score(core: Any, files: Sequence[Path]) -> dict[str, dict[str, Any]]:
    """Answer figures per file and per question type (and 'all') for one core."""
    from werkwijzer import evaluation
    from werkwijzer.eval_clients import in_process_calls

    results = []
    with in_process_calls(core) as calls:
        for f in files:
            results += evaluation.run(evaluation.load_questions(f), search=calls.search, chat=calls.chat,
                                      passage=calls.passage, k=evaluation.SEARCH_K)
    groups: dict[str, list[Any]] = {"all": results}
    for r in results:
        groups.setdefault(r.type, []).append(r)
    return {name: {"n": len(rs), **evaluation.answer_metrics(rs)} for name, rs in groups.items()}


def _fmt(v: object) -> str:
    return f"{v:.3f}" if isinstance(v, float) else ("-" if v is None else str(v))


def table(extractive: Mapping[str, Mapping[str, Any]], llm: Mapping[str, Mapping[str, Any]]) -> str:
    """Extractive and LLM figures side by side, one row per question type."""
    head = f"{'type':<14}{'n':>4}  " + "  ".join(f"{'ext ' + SHORT[f]:>9}{'llm ' + SHORT[f]:>9}" for f in FIGURES)
    rows = [head]
    for name in ["all", *sorted(k for k in llm if k != "all")]:
        cells = "  ".join(f"{_fmt(extractive[name].get(f)):>9}{_fmt(llm[name].get(f)):>9}" for f in FIGURES)
        rows.append(f"{name:<14}{llm[name]['n']:>4}  {cells}")
    return "\n".join(rows)


def _stream_events(client: Any, question: str) -> Iterator[tuple[str, float, Any]]:
    with client.stream("POST", "/api/chat/stream", json={"message": question}, timeout=120) as response:
        event = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                yield event, time.monotonic(), json.loads(line[6:])


def _since(start: float, at: float | None) -> float | None:
    return None if at is None else round(at - start, 3)


def first_sentence_lags(
    core: Any, server: Any, questions: Sequence[str], timeline: list[dict[str, Any]] | None = None  # noqa: ANN401
) -> list[float]:
    """Seconds between the model's first finished sentence and the first verified delta, per question.

    ``timeline`` (when given) gets one row per question: when (seconds after the request) the model
    finished its first sentence, when the first delta arrived and what it said, and how it ended.
    """
    import threading

    import httpx
    import uvicorn

    from api.main import create_app

    store: llm_replay.Store = server.store
    lags: list[float] = []
    # A real HTTP server: the test client would hand over the response only once it is complete.
    port = free_port()
    app_server = uvicorn.Server(uvicorn.Config(create_app(core), port=port, log_level="warning"))
    threading.Thread(target=app_server.run, daemon=True).start()
    while not app_server.started:
        time.sleep(0.05)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        for question in questions:
            store.first_sentence_at = None
            start = time.monotonic()
            # Read to the end: an abandoned stream would go on and mark the next question's first sentence.
            events = list(_stream_events(client, question))
            deltas = [(t, d) for e, t, d in events if e == "delta"]
            first_delta = deltas[0][0] if deltas else None
            if first_delta is not None and store.first_sentence_at is not None:
                lags.append(first_delta - store.first_sentence_at)
            if timeline is not None:
                done = next((d for e, _, d in events if e == "done"), {})
                timeline.append({
                    "question": question,
                    "model_first_sentence_s": _since(start, store.first_sentence_at),
                    "first_delta_s": _since(start, first_delta),
                    "first_delta": deltas[0][1]["text"] if deltas else None,
                    "status": done.get("status"),
                    "replaced": bool(done) and done.get("answer") != "".join(d["text"] for _, d in deltas),
                })
    app_server.should_exit = True
    return lags


def main() -> int:
    """Score both paths on the files, print the table and the time-to-first-sentence figures."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--data", type=Path, default=llm_replay.DEFAULT_DATA)
    p.add_argument("--json", type=Path, help="write all figures to this file")
    p.add_argument("--prune", action="store_true", help="delete recordings no question used")
    p.add_argument("--timeline", action="store_true", help="print one streaming row per question")
    args = p.parse_args()
    port = free_port()
    server = llm_replay.serve("replay", data=args.data, port=port, first_delay=0.4, chunk_delay=0.03)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        extractive = score(_core("extractive", base_url), args.files)
        llm_core = _core("llm", base_url)
        llm = score(llm_core, args.files)
        questions = [json.loads(line)["question"] for line in args.files[0].read_text("utf-8").splitlines()
                     if line.strip() and not json.loads(line).get("follow_up_of")]
        timeline: list[dict[str, Any]] = []
        lags = first_sentence_lags(llm_core, server, questions, timeline)
    finally:
        server.shutdown()
    print(table(extractive, llm))
    missing = server.store.missing
    print(f"\nreplay: {len(server.store.served)} requests answered, {len(missing)} without a completion")
    if args.timeline:
        print("\nmodel 1st sentence / 1st delta (s after the request), status, first delta")
        for row in sorted(timeline, key=lambda r: -((r["first_delta_s"] or 0) - (r["model_first_sentence_s"] or 0))):
            first = (row["first_delta"] or "").replace("\n", "⏎")[:70]
            ended = f"{row['status']}{' (replaced)' if row['replaced'] else ''}"
            print(f"{_fmt(row['model_first_sentence_s']):>7} {_fmt(row['first_delta_s']):>7}  {ended:<22} {first}")
    if lags:
        ms = sorted(x * 1000 for x in lags)
        print(f"first verified sentence after the model's first sentence ({len(ms)} streamed answers): "
              f"p50 {statistics.median(ms):.0f} ms, p90 {ms[int(0.9 * (len(ms) - 1))]:.0f} ms, max {ms[-1]:.0f} ms")
    if args.json:
        args.json.write_text(json.dumps({"extractive": extractive, "llm": llm, "first_sentence_lag_s": lags,
                                         "timeline": timeline, "missing": missing}, indent=1, default=str),
                             encoding="utf-8")
    if args.prune:
        used = server.store.served
        gone = [f for d in (server.store.requests, server.store.completions) for f in d.iterdir()
                if f.stem not in used]
        for f in gone:
            f.unlink()
        print(f"pruned {len(gone)} unused files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
