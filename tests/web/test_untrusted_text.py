"""Text from documents and users is shown as text: a document full of markup cannot run script."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from tests.conftest import make_settings
from tests.web.conftest import LiveServer, screenshot, serve
from tests.web.test_chat_page import answers, ask, open_page, wait

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__xss = 'script'</script>"
IMAGE = "<img src=x onerror=\"window.__xss = 'img'\">"
TITLE = "Werkbedrijf Testdorp <script>window.__xss = 'title'</script>"
DOCUMENT = f"""# Re-integratie in Testdorp

## Aanpak van Werkbedrijf Testdorp

Werkbedrijf Testdorp begeleidt jaarlijks ongeveer 120 kandidaten naar betaald werk {SCRIPT} met een
jobcoach die elke week op de werkplek langskomt. {IMAGE} De kandidaten krijgen <b>vet</b> een vaste
begeleider en een persoonlijk ontwikkelplan.

## Resultaten in Testdorp

Van de kandidaten van Werkbedrijf Testdorp vindt ongeveer de helft binnen een jaar betaald werk bij een
gewone werkgever. De jobcoach blijft daarna nog een half jaar betrokken.
"""


@pytest.fixture(scope="module")
def markup_server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[LiveServer]:  # noqa: ANN001
    """The app over a separate small index with one document full of markup."""
    from api.main import create_app
    from werkwijzer.compose import build_core

    corpus = tmp_path_factory.mktemp("markup-corpus")
    (corpus / "testdorp.md").write_text(DOCUMENT, encoding="utf-8")
    (corpus / "manifest.json").write_text(
        json.dumps(
            {"documents": [{"file": "testdorp.md", "title": TITLE, "kind": "test <i>document</i>"}]}
        ),
        encoding="utf-8",
    )
    core = build_core(
        make_settings(tmp_path_factory.mktemp("markup-data"), corpus_dir=corpus), embedder=embedder
    )
    assert core.indexer.ingest().ok
    live = serve(create_app(core))
    yield live
    live.stop()


def test_document_markup_is_shown_as_text(page, markup_server: LiveServer) -> None:
    open_page(page, markup_server.url)
    # The title with a script tag, on the empty screen.
    card = page.find_element(By.CSS_SELECTOR, ".doc-card .doc-title")
    assert card.text == TITLE
    question = (
        "Hoeveel kandidaten begeleidt Werkbedrijf Testdorp jaarlijks naar werk? <script>window.__xss='q'</script>"
    )
    answer = ask(page, question)
    bubble = page.find_elements(By.CSS_SELECTOR, "[data-testid=user-message]")[-1]
    assert bubble.text == question

    markers = answer.find_elements(By.CSS_SELECTOR, "[data-testid=citation]")
    if markers:
        markers[0].click()
    else:  # not found: open the closest passage instead
        page.find_element(By.CSS_SELECTOR, "[data-testid=closest-passages] button").click()
    text = wait(page).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=passage-text]"))
    )
    shown = text.get_attribute("textContent")
    # Ingest strips the document's tags (they are markup, not wording); what was inside a script
    # tag is shown as inert text, and the image tag is gone.
    assert "window.__xss = 'script'" in shown and "<img" not in shown and "<script" not in shown, shown
    assert page.find_element(By.CSS_SELECTOR, "[data-testid=source-title]").text == TITLE
    screenshot(page, "10-markup-as-text")

    assert page.execute_script("return window.__xss") is None, (
        "no document or user text ran as script"
    )
    assert not page.find_elements(
        By.CSS_SELECTOR, "#messages script, #source-panel script, #messages img, #source-panel img"
    )
    assert not page.find_elements(By.CSS_SELECTOR, "#messages b, #source-panel b")
    assert len(answers(page)) == 1
