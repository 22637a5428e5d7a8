"""bench/waiting.py: the one loop the bench scripts use to wait for a server, on real HTTP."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.waiting import stop, wait_until_answers
from tests.live import free_port, serve_folder

QUICK = {"seconds": 5.0, "poll": 0.05}


def test_returns_once_the_server_answers_ok(tmp_path: Path) -> None:
    (tmp_path / "healthz").write_text("ok", encoding="utf-8")
    with serve_folder(tmp_path) as url:
        wait_until_answers(f"{url}/healthz", timed_out="never answered", **QUICK)


def test_an_answer_that_is_not_ready_is_waited_past_until_the_time_is_up(tmp_path: Path) -> None:
    with serve_folder(tmp_path) as url, pytest.raises(SystemExit, match="never answered"):
        wait_until_answers(f"{url}/missing", timed_out="never answered", seconds=0.3, poll=0.05)


def test_the_caller_says_which_statuses_mean_ready(tmp_path: Path) -> None:
    with serve_folder(tmp_path) as url:  # 404 is below 500: the proxy is up
        wait_until_answers(f"{url}/missing", timed_out="never answered", ready=lambda s: s < 500, **QUICK)


def test_a_process_that_stopped_ends_the_wait_with_its_message() -> None:
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait()
    with pytest.raises(SystemExit, match="stopped with 3"):
        wait_until_answers(
            f"http://127.0.0.1:{free_port()}/healthz",
            timed_out="never answered",
            process=process,
            stopped=lambda: f"stopped with {process.returncode}",
            **QUICK,
        )


def test_nobody_listening_is_waited_past_until_the_time_is_up() -> None:
    with pytest.raises(SystemExit, match="never answered"):
        wait_until_answers(
            f"http://127.0.0.1:{free_port()}/healthz", timed_out="never answered", seconds=0.3, poll=0.05
        )


def test_stop_ends_a_process_and_kills_one_that_ignores_terminate() -> None:
    polite = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    stop(polite, seconds=10)
    assert polite.returncode is not None
    stubborn = subprocess.Popen(
        [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
         "print('ready', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
    )
    assert stubborn.stdout is not None and stubborn.stdout.readline() == b"ready\n"
    stop(stubborn, seconds=0.5)
    assert stubborn.wait(timeout=10) == -9
    stubborn.stdout.close()
