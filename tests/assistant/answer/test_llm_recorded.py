"""The LLM answerer on recorded real output: bench/data/llm replayed over the OpenAI wire on loopback.

Each recorded answer request is rebuilt from its own numbered sources, sent through ChatOpenAI to
bench/llm_replay.py in replay mode, and the recorded completion comes back (see
bench/data/llm/README.md for how the completions were written).
"""

from __future__ import annotations

import importlib.util
import json
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from assistant.answer.citations import MARKER, complete_statements
from assistant.answer.llm import NOT_FOUND_MARKER, build_llm_answerer
from assistant.chat.followup import RuleCondenser
from assistant.language.lexicon import Lexicon
from assistant.language.thesaurus import Thesaurus
from assistant.types import Answer, Hit, Passage
from tests.assistant.answer.test_llm import FakeExtractive
from tests.conftest import make_settings

# The bundled thesaurus and lexicon, as the composition root gives the answer check.
VOCABULARY = tuple(v for v in (Thesaurus.bundled(), Lexicon.bundled()) if v is not None)
ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "bench" / "data" / "llm"
_SOURCE_HEAD = re.compile(r"^\[(\d+)\] (.*?)(?:, p\. (\d+))?$")


def _replay_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("llm_replay", ROOT / "bench" / "llm_replay.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parse(prompt: str) -> tuple[str, list[Hit]]:
    """The question and the numbered sources of a recorded answer prompt, as hits."""
    body, _, tail = prompt.partition("\n\nVraag: ")
    question = tail.split("\n\n", 1)[0]
    hits: list[Hit] = []
    for n, block in enumerate(re.split(r"\n\n(?=\[\d+\] )", body.removeprefix("Bronnen:\n\n")), 1):
        head, _, text = block.partition("\n")
        m = _SOURCE_HEAD.match(head)
        assert m and int(m.group(1)) == n, head
        title, _, section = m.group(2).partition(" › ")
        page = int(m.group(3)) if m.group(3) else None
        passage = Passage(f"p{n}", "doc", title, section or None, page, text, n)
        hits.append(Hit(passage, 1.0 - n / 100))
    return question, hits


def _recorded() -> Iterator[tuple[str, str, list[Hit], str]]:
    for path in sorted((DATA / "completions").glob("*.txt")):
        request = json.loads((DATA / "requests" / f"{path.stem}.json").read_text("utf-8"))
        prompt = request["messages"][-1]["content"]
        if prompt.startswith("Bronnen:"):
            question, hits = _parse(prompt)
            yield path.stem, question, hits, path.read_text("utf-8")


RECORDED = list(_recorded())


@pytest.fixture(scope="module")
def replay_answerer(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The LLM answerer against the replay server (no streaming delay)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = _replay_module().serve("replay", data=DATA, port=port, first_delay=0, chunk_delay=0)
    settings = make_settings(
        tmp_path_factory.mktemp("llm"), llm_base_url=f"http://127.0.0.1:{port}/v1", llm_model="replay"
    )
    answerer, _ = build_llm_answerer(
        settings, fallback=FakeExtractive(), condenser=RuleCondenser(), vocabulary=VOCABULARY
    )
    yield answerer, server
    server.shutdown()
    server.server_close()


def test_recordings_exist() -> None:
    assert len(RECORDED) >= 50


@pytest.mark.parametrize("key,question,hits,completion", RECORDED, ids=[r[0][:12] for r in RECORDED])
def test_recorded_output_keeps_every_shown_citation_verified(
    replay_answerer, key, question, hits, completion  # noqa: ANN001
) -> None:
    answerer, server = replay_answerer
    answer = answerer.answer(question, hits)
    assert key not in server.store.missing, "the rebuilt request must hash to the recorded one"
    if completion.lstrip().upper().startswith(NOT_FOUND_MARKER):
        assert answer.status == "not_found" and not answer.citations
        assert not MARKER.search(answer.text), "a refusal has no citations, so it shows no [n]"
        return
    if answer.notice:  # nothing verified: the (fake) extractive fall-back answered, with a notice
        assert not answer.citations or answer.text != completion
        return
    assert not re.search(r":\s*\[\d+\]", answer.text), "a marker stands before a lead-in's colon"
    by_number = {c.n: c for c in answer.citations}
    for number in {int(n) for n in MARKER.findall(answer.text)}:
        citation = by_number[number]  # every marker shown has a citation
        passage = next(h.passage for h in hits if h.passage.id == citation.passage_id)
        assert citation.quote in passage.text  # ... with a verbatim quote


@pytest.fixture(scope="module")
def held_answerer(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The LLM answerer against the replay server, which pauses each stream after its first sentence."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    hold = threading.Event()
    server = _replay_module().serve(
        "replay", data=DATA, port=port, first_delay=0, chunk_delay=0, hold=hold
    )
    settings = make_settings(
        tmp_path_factory.mktemp("llm-held"), llm_base_url=f"http://127.0.0.1:{port}/v1", llm_model="replay"
    )
    answerer, _ = build_llm_answerer(
        settings, fallback=FakeExtractive(), condenser=RuleCondenser(), vocabulary=VOCABULARY
    )
    yield answerer, server, hold
    hold.set()
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("key,question,hits,completion", RECORDED, ids=[r[0][:12] for r in RECORDED])
def test_recorded_output_streams_its_first_sentence_before_the_model_goes_on(
    held_answerer, key, question, hits, completion  # noqa: ANN001
) -> None:
    answerer, server, hold = held_answerer
    hold.clear()
    items = answerer.stream(question, hits)
    first = next(i for i in items if isinstance(i, str) and i.strip())
    # The replay server stops after the chunk that ends the model's first sentence until released:
    # the first text must reach us while it waits, not after the whole reply.
    early = server.store.past_first_sentence is not True
    hold.set()
    rest = list(items)
    final = rest[-1]
    assert isinstance(final, Answer)
    if _first_sentence_ends_early(completion):
        assert early, f"first text {first!r} came only after the model went on"
    whole = answerer.answer(question, hits)
    assert (final.status, final.text, final.citations) == (whole.status, whole.text, whole.citations)
    deltas = first + "".join(i for i in rest if isinstance(i, str))
    if final.notice:  # nothing verified: the fall-back answer replaces what was sent ...
        assert not MARKER.search(deltas), "... and nothing sent carried a marker"
    else:
        assert deltas == final.text
    if completion.lstrip().upper().startswith(NOT_FOUND_MARKER):
        assert final.status == "not_found" and final.text.startswith(first)


def _first_sentence_ends_early(completion: str) -> bool:
    """Whether the replay server holds this completion after a first sentence (not at its end)."""
    replay = _replay_module()
    sent = ""
    pieces = list(replay.chunks(completion))
    for i, piece in enumerate(pieces):
        sent += piece
        if complete_statements(sent.lstrip())[0]:
            return i < len(pieces) - 1
    return False
