"""FakeOpenAIServer: a tiny OpenAI-wire-format chat server on loopback, for tests (a fake, no model)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: A queued reply: fixed text, or made from the request's messages (a fake that reads its prompt).
Reply = str | Callable[[list[dict]], str]
#: Seconds a held stream waits at most (a client that never releases it fails, it does not hang).
HOLD_SECONDS = 10.0


class FakeOpenAIServer:
    """Answers POST /v1/chat/completions with queued replies, streamed or not; records the requests."""

    def __init__(
        self,
        replies: list[Reply],
        *,
        delay: float = 0.0,
        status: int = 200,
        hold: threading.Event | None = None,
    ) -> None:
        self.replies = list(replies)
        self.delay = delay
        self.status = status
        # With hold, a streamed reply stops after the word that shows its first sentence has ended
        # until the event is set (at most HOLD_SECONDS); past_first_sentence turns true only then.
        self.hold = hold
        self.past_first_sentence = False
        self.requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(body)
                if fake.delay:
                    time.sleep(fake.delay)
                if fake.status != 200:
                    self._send(
                        fake.status, {"error": {"message": "fake failure", "type": "server_error"}}
                    )
                    return
                reply = fake.replies.pop(0) if fake.replies else "NIET GEVONDEN"
                if callable(reply):
                    reply = reply(body["messages"])
                if body.get("stream"):
                    self._stream(reply, body["model"])
                else:
                    self._send(200, _completion(reply, body["model"]))

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except BrokenPipeError:
                    return  # the client gave up (the timeout test): nothing to answer

            def _stream(self, reply: str, model: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = reply.split(" ")
                fake.past_first_sentence = False
                ended = False
                for i, word in enumerate(words):
                    piece = word if i == 0 else " " + word
                    chunk = _chunk(
                        {"content": piece} if i else {"role": "assistant", "content": piece}, model
                    )
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                    if ended and not fake.past_first_sentence and fake.hold is not None:
                        fake.hold.wait(HOLD_SECONDS)  # the client has seen the first sentence end
                        fake.past_first_sentence = True
                    ended = ended or word.endswith((".", "!", "?"))
                fake.past_first_sentence = True
                done = _chunk({}, model, finish="stop")
                self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
                self.wfile.flush()

        return Handler

    @contextmanager
    def running(self) -> Iterator[FakeOpenAIServer]:
        """Serve in a thread for the duration of the block."""
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()


def _completion(text: str, model: str) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(delta: dict, model: str, *, finish: str | None = None) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def quoting_reply(messages: list[dict]) -> str:
    """A fake model that reads its prompt: the first sentence of sources [1] and [2], each cited."""
    from assistant.language.sentences import split_units

    sources = messages[-1]["content"].split("\n\nVraag: ")[0].removeprefix("Bronnen:\n\n")
    blocks = re.split(r"\n\n(?=\[\d+\] )", sources)
    cited = []
    for n, block in enumerate(blocks[:2], 1):
        units = split_units(block.partition("\n")[2])
        if units:
            cited.append(f"{' '.join(units[0].text.split()).rstrip('.!?:;')} [{n}].")
    return " ".join(cited)
