"""The <werkwijzer-search> widget on an intranet page served from another origin, in headless Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from api.main import create_app
from tests.api.variants import core_with
from tests.live import serve_app, serve_folder

pytestmark = pytest.mark.browser

WAIT_SECONDS = 20
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
INTRANET_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Intranet</title><link rel="icon" href="data:,"></head>
<body>
  <h1>Intranet van de gemeente</h1>
  <werkwijzer-search k="4" placeholder="Zoek in Werkwijzer"></werkwijzer-search>
  <script src="{app}/widget.js"></script>
</body></html>
"""


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Headless Debian Chromium driven by Selenium (skipped with the install hint when missing)."""
    chromium_path, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium_path or not driver_path:
        pytest.skip("needs Debian chromium + chromium-driver; run `make browser` as root")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium_path
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('widget-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    yield driver
    driver.quit()


def _intranet(folder: Path, app_url: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(INTRANET_PAGE.format(app=app_url), encoding="utf-8")
    return folder


def _results(driver, query: str) -> list[object]:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    host = WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "werkwijzer-search")
    )
    root = WebDriverWait(driver, WAIT_SECONDS).until(lambda d: host.shadow_root)
    box = root.find_element(By.CSS_SELECTOR, "input")
    box.send_keys(query)
    root.find_element(By.CSS_SELECTOR, "button").click()
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: root.find_element(By.CSS_SELECTOR, ".status").text not in ("", "Zoeken…")
    )
    return [root, *root.find_elements(By.CSS_SELECTOR, "li")]


def test_widget_searches_across_origins(chromium, corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with serve_folder(tmp_path / "intranet") as intranet:  # the page's origin
        core = core_with(corpus_core, tmp_path, cors_origins=[intranet])
        with serve_app(create_app(core)) as app_url:
            _intranet(tmp_path / "intranet", app_url)
            chromium.get(f"{intranet}/index.html")
            root, *items = _results(chromium, "fietskoeriers Cycloon")
            assert root.find_element(By.CSS_SELECTOR, ".status").get_attribute("class") == "status"
            assert 1 <= len(items) <= 4
            first = items[0]
            link = first.find_element(By.CSS_SELECTOR, "a")
            assert link.text and link.get_attribute("href").startswith(f"{app_url}/#passage=")
            passage_id = first.get_attribute("data-passage-id")
            assert link.get_attribute("href").endswith(passage_id)
            for item in items:
                _assert_cut_between_words(app_url, item)
            assert any("Cycloon" in i.text for i in items)
            marks = [
                m.text.lower() for i in items for m in i.find_elements(By.CSS_SELECTOR, "mark")
            ]
            assert "cycloon" in marks or "fietskoeriers" in marks
            severe = [e for e in chromium.get_log("browser") if e.get("level") == "SEVERE"]
            assert not severe, severe
            # The result's link opens the passage in the chat page.
            text = httpx.get(f"{app_url}/api/passages/{passage_id}").json()["text"]
            chromium.get(link.get_attribute("href"))
            panel = WebDriverWait(chromium, WAIT_SECONDS).until(
                lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=passage-text]")
            )
            assert panel.is_displayed()
            assert " ".join(text.split())[:40] in " ".join(panel.text.split())


def _assert_cut_between_words(app_url: str, item) -> None:  # noqa: ANN001
    """A snippet is a run of whole words of its passage: it starts and ends on a word boundary."""
    from selenium.webdriver.common.by import By

    snippet = item.find_element(By.CSS_SELECTOR, ".snippet").text
    passage = httpx.get(f"{app_url}/api/passages/{item.get_attribute('data-passage-id')}").json()
    flat = " ".join(passage["text"].split())
    core = snippet.strip("…")
    at = flat.find(core)
    assert core and at >= 0, (snippet, flat)
    end = at + len(core)
    assert at == 0 or flat[at - 1] == " ", snippet
    assert end == len(flat) or not flat[end].isalnum(), snippet


def test_widget_without_cors_shows_an_error(chromium, corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    with serve_folder(tmp_path / "intranet") as intranet:
        core = core_with(corpus_core, tmp_path)  # the intranet origin is not allowed
        with serve_app(create_app(core)) as app_url:
            _intranet(tmp_path / "intranet", app_url)
            chromium.get(f"{intranet}/index.html")
            root, *items = _results(chromium, "werkfit")
            assert items == []
            status = root.find_element(By.CSS_SELECTOR, ".status")
            assert "error" in status.get_attribute("class") and "Zoeken lukte niet" in status.text
            # In Dutch, with the fix: the setting to set, naming this page's origin.
            assert "WERKWIJZER_CORS_ORIGINS" in status.text and intranet in status.text
            chromium.get_log("browser")  # the CORS refusal is logged by the browser, as expected


def test_server_text_is_escaped(chromium, corpus_core, tmp_path: Path) -> None:  # noqa: ANN001
    """A passage containing markup shows as text: nothing from the server becomes HTML."""
    from selenium.webdriver.common.by import By

    evil = "<img src=x onerror=\"document.title='pwned'\"><b>vet</b>"
    with serve_folder(tmp_path / "intranet") as intranet:
        core = core_with(corpus_core, tmp_path, cors_origins=[intranet])
        core = replace(core, search=_EvilRetriever(core.search, evil))  # a copy: the shared core is untouched
        with serve_app(create_app(core)) as app_url:
            _intranet(tmp_path / "intranet", app_url)
            chromium.get(f"{intranet}/index.html")
            root, *items = _results(chromium, "werkfit")
            assert items
            assert items[0].find_element(By.CSS_SELECTOR, "a").text == evil
            assert root.find_elements(By.CSS_SELECTOR, "img, b") == []
            assert chromium.title == "Intranet"


class _EvilRetriever:
    """Wraps the real retriever and plants markup in the first passage's title (a test double)."""

    def __init__(self, inner, text: str) -> None:  # noqa: ANN001
        self._inner = inner
        self._text = text

    def search(self, query: str, **kwargs):  # noqa: ANN003, ANN201
        from dataclasses import replace

        from assistant.types import Hit

        hits = self._inner.search(query, **kwargs)
        first = hits[0]
        return [Hit(replace(first.passage, document_title=self._text), first.score), *hits[1:]]
