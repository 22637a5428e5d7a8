"""Record/replay OpenAI-wire server: stores chat requests by hash (record) or answers them from files (replay).

    python bench/llm_replay.py record [--port 8765] [--data bench/data/llm]
    python bench/llm_replay.py replay [--port 8765] [--data bench/data/llm] [--first-delay 0.4] [--chunk-delay 0.03]

Point the app at it with WERKWIJZER_LLM_BASE_URL=http://127.0.0.1:8765/v1 (and WERKWIJZER_ANSWER_MODE=llm).
A request is named by the SHA-256 of its canonical JSON (messages and sampling parameters; the model
name and the stream flags are left out, so one completion serves plain and streamed calls).
``record`` writes ``requests/<hash>.json`` and answers 503 with a clear error, unless a completion for
the request exists already (then it replays it, so follow-ups can be recorded in later rounds).
``replay`` answers from ``completions/<hash>.txt`` and lists every request it had no answer for in
``missing.txt`` (and answers those with 404).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from assistant.answer.citations import complete_statements

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "llm"
#: Fields that do not change what the model writes, left out of the hash.
NOT_HASHED = frozenset({"model", "stream", "stream_options", "n", "user"})
#: A streamed chunk: a word with the white space before it (close to a model's token pacing).
_CHUNK = re.compile(r"\s*\S+")
#: Seconds a held reply waits at most (a client that never releases it fails, it does not hang).
HOLD_TIMEOUT = 10.0


def canonical(request: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a chat request that decides the answer: messages (role, content) and parameters."""
    messages = [{"role": m.get("role"), "content": m.get("content")} for m in request.get("messages", [])]
    params = {k: v for k, v in request.items() if k not in NOT_HASHED and k != "messages"}
    return {"messages": messages, **dict(sorted(params.items()))}


def request_hash(request: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical request as sorted, compact JSON."""
    text = json.dumps(canonical(request), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunks(text: str, words: int = 2) -> Iterator[str]:
    """``text`` in pieces of a few words, as a model streams it."""
    parts = _CHUNK.findall(text)
    tail = text[len("".join(parts)) :]
    for i in range(0, len(parts), words):
        yield "".join(parts[i : i + words])
    if tail:
        yield tail


class Store:
    """The requests/ and completions/ folders under one data folder."""

    def __init__(self, root: Path) -> None:
        self.requests = root / "requests"
        self.completions = root / "completions"
        self.missing_file = root / "missing.txt"
        self.requests.mkdir(parents=True, exist_ok=True)
        self.completions.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.missing: list[str] = []
        self.served: set[str] = set()
        #: monotonic time the last streamed reply finished its first sentence (for bench/llm_eval.py)
        self.first_sentence_at: float | None = None
        #: whether the last streamed reply went on past its first sentence (with ``hold``: was released)
        self.past_first_sentence = False

    def completion(self, key: str) -> str | None:
        """The stored completion for ``key``, or None."""
        path = self.completions / f"{key}.txt"
        return path.read_text(encoding="utf-8") if path.exists() else None

    def record(self, key: str, request: Mapping[str, Any]) -> Path:
        """Write the canonical request (plus the model name, for reference) as requests/<key>.json."""
        path = self.requests / f"{key}.json"
        body = {"model": request.get("model"), **canonical(request)}
        path.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return path

    def note_missing(self, key: str) -> None:
        """Remember (and write to missing.txt) a request replay had no answer for."""
        with self._lock:
            if key not in self.missing:
                self.missing.append(key)
                self.missing_file.write_text("\n".join(self.missing) + "\n", encoding="utf-8")


def make_handler(
    store: Store, mode: str, first_delay: float, chunk_delay: float, hold: threading.Event | None = None
) -> type[BaseHTTPRequestHandler]:
    """The request handler class bound to a store and a mode (``hold``: see ``serve``)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            pass  # one line per request would drown the report of missing answers

        def _json(self, status: int, body: Mapping[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, message: str) -> None:
            self._json(status, {"error": {"message": message, "type": "replay_error", "code": status}})

        def do_GET(self) -> None:  # noqa: N802 - stdlib name
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": "replay", "object": "model"}]})
            else:
                self._error(404, f"Unknown path {self.path}; use POST /v1/chat/completions.")

        def do_POST(self) -> None:  # noqa: N802 - stdlib name
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._error(404, f"Unknown path {self.path}; use POST /v1/chat/completions.")
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
            except (ValueError, json.JSONDecodeError) as e:
                self._error(400, f"The request body is not JSON: {e}")
                return
            key = request_hash(request)
            text = store.completion(key)
            if text is None:
                if mode == "record":
                    path = store.record(key, request)
                    self._error(503, f"Recorded as {path.name}; no completion yet (record mode).")
                else:
                    store.note_missing(key)
                    print(f"no completion for request {key}", file=sys.stderr, flush=True)
                    self._error(404, f"No completion for request {key} (replay mode).")
                return
            store.served.add(key)
            if request.get("stream"):
                self._stream(text, request.get("model") or "replay")
            else:
                self._json(200, _completion_body(text, request.get("model") or "replay"))

        def _stream(self, text: str, model: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            ident = f"chatcmpl-{uuid.uuid4().hex[:12]}"
            time.sleep(first_delay)  # the model reading the prompt
            sent = ""
            first_done = False
            store.past_first_sentence = False
            for piece in chunks(text):
                if first_done:
                    store.past_first_sentence = True  # set before the client can see this chunk
                self._event(_chunk_body(ident, model, {"content": piece}, None))
                sent += piece
                # The model's first sentence ends where the app's statement splitter ends it
                # ("Traject B.V. ontvangt …" goes on past "B.V."), so the hold is fair to the app.
                if not first_done and complete_statements(sent.lstrip())[0]:
                    first_done = True
                    if store.first_sentence_at is None:
                        store.first_sentence_at = time.monotonic()
                    if hold is not None:
                        hold.wait(HOLD_TIMEOUT)
                time.sleep(chunk_delay)
            store.past_first_sentence = True
            self._event(_chunk_body(ident, model, {}, "stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True

        def _event(self, body: Mapping[str, Any]) -> None:
            self.wfile.write(f"data: {json.dumps(body, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()

        def handle_one_request(self) -> None:
            try:
                super().handle_one_request()
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client stopped reading (e.g. after the first sentence)

    return Handler


def _completion_body(text: str, model: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def _chunk_body(ident: str, model: str, delta: Mapping[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": ident,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": dict(delta), "finish_reason": finish}],
    }


def serve(
    mode: str, *, data: Path = DEFAULT_DATA, host: str = "127.0.0.1", port: int = 8765,
    first_delay: float = 0.4, chunk_delay: float = 0.03, hold: threading.Event | None = None,
) -> ThreadingHTTPServer:
    """A started (background-thread) server; call ``shutdown()`` on it when done.

    With ``hold``, a streamed reply stops after the chunk that ends its first sentence until the
    event is set (at most ``HOLD_TIMEOUT`` s); ``store.past_first_sentence`` stays false until the
    next chunk goes out, so a test sees whether the app sent text before the model wrote more.
    """
    store = Store(data)
    server = ThreadingHTTPServer((host, port), make_handler(store, mode, first_delay, chunk_delay, hold))
    server.store = store  # type: ignore[attr-defined] - read by callers for the missing list
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    """Run the server in the foreground until interrupted."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=("record", "replay"))
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--first-delay", type=float, default=0.4, help="seconds before the first streamed chunk")
    p.add_argument("--chunk-delay", type=float, default=0.03, help="seconds between streamed chunks (2 words)")
    args = p.parse_args(argv)
    server = serve(args.mode, data=args.data, host=args.host, port=args.port,
                   first_delay=args.first_delay, chunk_delay=args.chunk_delay)
    print(f"{args.mode}: http://{args.host}:{args.port}/v1 (data {args.data})", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        missing = server.store.missing  # type: ignore[attr-defined]
        if missing:
            print(f"{len(missing)} request(s) had no completion; see {server.store.missing_file}")  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
