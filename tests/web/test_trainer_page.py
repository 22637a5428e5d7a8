"""The trainer page in headless Chromium: build a pack, download it, compare cases."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.web.conftest import WAIT_SECONDS, screenshot

pytestmark = pytest.mark.browser


def _testid(name: str) -> tuple[str, str]:
    return (By.CSS_SELECTOR, f"[data-testid={name}]")


def test_pack_is_built_and_cited_and_downloads_appear_only_then(page, live_url: str) -> None:  # noqa: ANN001
    page.get(f"{live_url}/trainer.html")
    wait = WebDriverWait(page, WAIT_SECONDS)
    wait.until(EC.presence_of_element_located(_testid("case-option")))
    # The chat page's header: brand, navigation with this page current.
    header = page.find_element(By.CSS_SELECTOR, "header.topbar")
    assert header.find_element(By.CSS_SELECTOR, ".brand").text == "Werkwijzer"
    current = header.find_element(By.CSS_SELECTOR, ".topnav a[aria-current=page]")
    assert current.get_attribute("href").endswith("/trainer.html")
    downloads = [f"download-{who}-{fmt}" for who in ("trainer", "deelnemers") for fmt in ("md", "html", "pdf")]
    assert not any(page.find_element(*_testid(d)).is_displayed() for d in downloads)

    page.find_element(*_testid("theme")).send_keys("nazorg")
    page.find_element(*_testid("build")).click()
    wait.until(EC.visibility_of_element_located(_testid("pack")))
    points = page.find_elements(*_testid("key-point"))
    assert len(points) >= 5
    assert all(p.find_elements(*_testid("citation")) for p in points)
    # Each point has one line of context ending in its publication's year (or "z.j.").
    assert all(re.search(r"\((?:\d{4}|z\.j\.)\)", p.find_element(*_testid("context")).text) for p in points)
    assert page.find_elements(*_testid("subtheme")) and len(page.find_elements(*_testid("agenda"))) == 2
    sources = page.find_elements(*_testid("source"))
    markers = {m.get_attribute("textContent") for m in page.find_elements(*_testid("citation"))}
    assert markers <= {f"[{i}]" for i in range(1, len(sources) + 1)}
    assert page.find_elements(*_testid("example")) and page.find_elements(*_testid("discussion"))
    quiz = page.find_elements(*_testid("quiz"))
    assert quiz and all(len(q.find_elements(*_testid("option"))) >= 3 for q in quiz)
    assert not quiz[0].find_element(*_testid("answer-key")).get_attribute("open")  # the key stays folded
    assert all(page.find_element(*_testid(d)).is_displayed() for d in downloads)
    screenshot(page, "trainer-pack")


def test_cases_are_compared(page, live_url: str) -> None:  # noqa: ANN001
    page.get(f"{live_url}/trainer.html")
    wait = WebDriverWait(page, WAIT_SECONDS)
    wait.until(EC.presence_of_element_located(_testid("case-option")))
    exports = ["compare-download-md", "compare-download-csv", "compare-download-xlsx", "compare-download-html"]
    assert not any(page.find_element(*_testid(d)).is_displayed() for d in exports)
    for case_id in ("pastiel", "almere"):
        page.find_element(By.CSS_SELECTOR, f"[data-testid=case-option][value={case_id}]").click()
    page.find_element(*_testid("compare")).click()
    wait.until(EC.presence_of_element_located(_testid("compare-row")))
    # Cases as columns, aspects as rows: two case columns, a row per aspect with a cell per case.
    columns = page.find_elements(*_testid("compare-case"))
    assert len(columns) == 2 and {"Pastiel", "Almere"} == {c.text.splitlines()[0] for c in columns}
    rows = page.find_elements(*_testid("compare-row"))
    assert rows and all(len(r.find_elements(*_testid("cell"))) == 2 for r in rows)
    assert all(page.find_element(*_testid(d)).is_displayed() for d in exports)
    # The Excel download fetches the same comparison as a file (the browser saves it).
    page.execute_script(
        "window.__fetched = [];"
        "const f = window.fetch; window.fetch = (...a) => f(...a).then(r => { window.__fetched.push([a[0], r.status]); return r; });"
    )
    page.find_element(*_testid("compare-download-xlsx")).click()
    wait.until(lambda d: d.execute_script("return window.__fetched.length"))
    assert page.execute_script("return window.__fetched[0]") == ["/api/compare?format=xlsx", 200]
    cells = page.find_elements(*_testid("cell"))
    assert any(c.text == "niet beschreven" for c in cells) or all(
        c.find_elements(*_testid("citation")) for c in cells
    )
    assert any(c.find_elements(*_testid("citation")) for c in cells)
    screenshot(page, "trainer-compare")


def test_refined_pack_shows_the_models_parts_with_their_sources(
    page, corpus_core, embedder  # noqa: ANN001
) -> None:
    from api.main import create_app
    from tests.assistant.answer.fake_openai import FakeOpenAIServer
    from tests.assistant.briefing.briefing_fakes import FABRICATED, reply_to_messages
    from tests.conftest import make_settings
    from tests.web.conftest import serve
    from werkwijzer.compose import build_core

    with FakeOpenAIServer([reply_to_messages]).running() as server:
        settings = make_settings(corpus_core.settings.data_dir, llm_base_url=server.base_url)
        live = serve(create_app(build_core(settings, embedder=embedder)))
        try:
            page.get(f"{live.url}/trainer.html")
            wait = WebDriverWait(page, WAIT_SECONDS)
            wait.until(EC.presence_of_element_located(_testid("case-option")))
            page.find_element(*_testid("theme")).send_keys("nazorg")
            page.find_element(*_testid("build")).click()
            intro = wait.until(EC.visibility_of_element_located(_testid("synthesis")))
            refs = intro.find_elements(*_testid("citation"))
            assert len(refs) >= 3 and FABRICATED not in intro.text
            sources = page.find_elements(*_testid("source"))
            for ref in refs:  # each [n] links to the pack's own source n and shows the quoted words
                n = int(ref.text.strip("[]"))
                assert 1 <= n <= len(sources) and ref.get_attribute("href").endswith(f"#bron-{n}")
                assert ref.get_attribute("title").startswith("“")
            assert len(page.find_elements(*_testid("llm-badge"))) >= 3  # intro, question, quiz
            assert "weggelaten" in page.find_element(*_testid("pack-notice")).text
            screenshot(page, "trainer-pack-llm")
        finally:
            live.stop()
