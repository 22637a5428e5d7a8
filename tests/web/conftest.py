"""Browser-test fixtures: the app served by uvicorn on a free loopback port, and headless Chromium.

Chromium and chromedriver are Debian's (`make browser` installs them); Selenium drives them.
Screenshots land in test-artifacts/web/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
DESKTOP = (1366, 900)
PHONE = (390, 844)
WAIT_SECONDS = 20
SERVER_START_SECONDS = 15
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=nl-NL",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    """A uvicorn server running an app in a background thread."""

    url: str
    server: object
    thread: threading.Thread

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for its thread."""
        self.server.should_exit = True  # type: ignore[attr-defined]
        self.thread.join(timeout=SERVER_START_SECONDS)


def serve(app: object) -> LiveServer:
    """Serve ``app`` on a free loopback port; returns once it accepts connections."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    return LiveServer(f"http://127.0.0.1:{port}", server, thread)


@pytest.fixture(scope="session")
def live_url(corpus_core) -> Iterator[str]:  # noqa: ANN001
    """The app over the session corpus index, served on loopback."""
    from api.main import create_app

    live = serve(create_app(corpus_core))
    yield live.url
    live.stop()


def _browser_binaries() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One headless Debian Chromium for the session (skipped with a reason when not installed)."""
    binaries = _browser_binaries()
    if binaries is None:
        pytest.skip(
            "Browser tests need Debian chromium + chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver); "
            "run `make browser` as root to install them."
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = binaries
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201
    """The shared browser at desktop size, with no page errors left from an earlier test."""
    browser.set_window_size(*DESKTOP)
    browser.get("about:blank")
    browser.get_log("browser")
    yield browser
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert not errors, f"errors in the browser console: {errors}"


def screenshot(driver: object, name: str) -> Path:
    """Save a PNG of the current page under test-artifacts/web/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    return path
