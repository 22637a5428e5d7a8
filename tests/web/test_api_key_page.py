"""On a server that requires API keys, the page asks for one and then works with it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from tests.conftest import make_settings
from tests.web.conftest import LiveServer, screenshot, serve
from tests.web.test_chat_page import ANSWERABLE, ask, wait

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def keyed_server(corpus_core, embedder) -> Iterator[tuple[LiveServer, str]]:  # noqa: ANN001
    """The corpus index served by an app that requires keys, and a key with chat and search."""
    from api.main import create_app
    from werkwijzer.compose import build_core

    settings = make_settings(corpus_core.settings.data_dir, require_api_keys=True)
    core = build_core(settings, embedder=embedder)
    token = core.keys.create("chat page test", scopes=["search", "chat"]).token
    live = serve(create_app(core))
    yield live, token
    live.stop()


def test_the_page_asks_for_a_key_and_uses_it(page, keyed_server) -> None:  # noqa: ANN001
    live, token = keyed_server
    page.get(live.url)
    field = wait(page).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=api-key]")))
    screenshot(page, "11-api-key")
    field.send_keys(token)
    page.find_element(By.CSS_SELECTOR, "[data-testid=api-key-save]").click()
    wait(page).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=example-question]"))
    assert not page.find_element(By.ID, "key-dialog").is_displayed()
    answer = ask(page, ANSWERABLE)
    assert answer.get_attribute("data-status") == "answered"
    page.execute_script("sessionStorage.clear(); localStorage.clear();")
    page.get_log("browser")  # the first 401 responses are expected here
