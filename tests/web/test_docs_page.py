"""/docs: Swagger UI from the installed package, rendered in headless Chromium without any CDN."""

from __future__ import annotations

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.web.conftest import WAIT_SECONDS


def test_swagger_ui_renders_from_local_files(page, live_url: str) -> None:  # noqa: ANN001
    html = httpx.get(f"{live_url}/docs").text
    assert "cdn." not in html and "/docs/assets/swagger-ui-bundle.js" in html
    page.get(f"{live_url}/docs")
    title = WebDriverWait(page, WAIT_SECONDS).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".swagger-ui .info .title")
    )
    assert "Werkwijzer API" in title.text
    operations = page.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    assert any(o.text.startswith("/api/chat") for o in operations)
    # Every file the page loaded came from this server.
    loaded = page.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(url.startswith(live_url) for url in loaded), loaded
