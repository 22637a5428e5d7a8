"""The chat page with an LLM behind the app: the first sentence shows while the model still writes
(a fake OpenAI-wire model that holds its reply after the first sentence until the page shows it)."""

from __future__ import annotations

import threading

import pytest
from selenium.webdriver.common.by import By

from tests.assistant.answer.fake_openai import FakeOpenAIServer, quoting_reply
from tests.web.conftest import screenshot, serve
from tests.web.test_chat_page import open_page, wait

pytestmark = pytest.mark.browser

QUESTION = "Hoeveel kandidaten begeleidt Pastiel per jaar in werkfit-trajecten?"


def test_the_page_shows_the_first_sentence_while_the_model_writes(page, corpus_core, embedder) -> None:  # noqa: ANN001
    from api.main import create_app
    from tests.conftest import make_settings
    from werkwijzer.compose import build_core

    hold = threading.Event()
    with FakeOpenAIServer([quoting_reply], hold=hold).running() as model:
        settings = make_settings(
            corpus_core.settings.data_dir, llm_base_url=model.base_url, answer_mode="llm"
        )
        live = serve(create_app(build_core(settings, embedder=embedder)))
        try:
            open_page(page, live.url)
            page.find_element(By.CSS_SELECTOR, "[data-testid=question]").send_keys(QUESTION)
            page.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
            partial = wait(page).until(
                lambda d: d.find_element(By.CSS_SELECTOR, ".answer-body[aria-busy=true]").text.strip()
            )
            assert not model.past_first_sentence, "the page showed text only after the model went on"
            screenshot(page, "llm-first-sentence")
            hold.set()
            answer = wait(page).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=answer]")
            )[-1]
            assert answer.get_attribute("data-status") == "answered"
            assert answer.text.startswith(partial.split("[")[0].strip())
            markers = answer.find_elements(By.CSS_SELECTOR, "[data-testid=citation]")
            assert markers and all(m.get_attribute("data-n") for m in markers)
        finally:
            hold.set()
            live.stop()
