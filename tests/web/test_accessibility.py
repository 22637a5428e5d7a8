"""Access checks in the browser: text contrast (WCAG 2.1 AA), names, labels and focus."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.web.test_chat_page import ANSWERABLE, OFF_CORPUS, ask, open_page, wait

pytestmark = pytest.mark.browser

# For every visible text: its colour against the first opaque background behind it.
# Disabled controls are exempt (WCAG 1.4.3); large text needs 3:1, other text 4.5:1.
CONTRAST = """
function rgba(s) { const m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; }
function lum([r, g, b]) {
  const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function background(el) {
  let layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let out = [255, 255, 255];
  for (const c of layers.reverse()) out = out.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
  return out;
}
const bad = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement;
  if (!n.textContent.trim() || !el || !el.getClientRects().length) continue;
  if (el.closest('[hidden], .visually-hidden, button:disabled, noscript, script, style')) continue;
  const st = getComputedStyle(el);
  if (st.visibility === 'hidden' || st.display === 'none') continue;
  let op = 1; for (let e = el; e; e = e.parentElement) op *= Number(getComputedStyle(e).opacity);
  if (op < 0.99) continue;  // fading in or out
  const fg = rgba(st.color);
  const bg = background(el);
  const f = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]));
  const [a, b] = [lum(f), lum(bg)].sort((x, y) => y - x);
  const ratio = (a + 0.05) / (b + 0.05);
  const size = parseFloat(st.fontSize), weight = Number(st.fontWeight) || 400;
  const large = size >= 24 || (size >= 18.66 && weight >= 700);
  if (ratio < (large ? 3 : 4.5)) bad.push(`${ratio.toFixed(2)} ${el.tagName}.${el.className}: ${n.textContent.trim().slice(0, 40)}`);
}
return bad;
"""


def low_contrast(driver) -> list[str]:  # noqa: ANN001
    return driver.execute_script(CONTRAST)


def test_text_contrast_meets_wcag_aa(page, live_url: str) -> None:
    open_page(page, live_url)
    assert low_contrast(page) == []
    answer = ask(page, ANSWERABLE)
    answer.find_elements(By.CSS_SELECTOR, "[data-testid=citation]")[0].click()
    wait(page).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=highlight]"))
    article = answer.find_element(By.XPATH, "./ancestor::article")
    article.find_element(By.CSS_SELECTOR, "[data-testid=feedback-up]").click()
    wait(page).until(
        lambda d: article.find_element(
            By.CSS_SELECTOR, "[data-testid=feedback-form]"
        ).is_displayed()
    )
    assert low_contrast(page) == []
    ask(page, OFF_CORPUS)
    assert low_contrast(page) == []


def test_every_control_has_a_name_and_a_visible_focus(page, live_url: str) -> None:
    open_page(page, live_url)
    ask(page, ANSWERABLE)
    unnamed = page.execute_script(
        "return [...document.querySelectorAll('button, a, input, textarea')]"
        ".filter(e => e.getClientRects().length)"
        ".filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || e.labels?.length))"
        ".map(e => e.outerHTML.slice(0, 80))"
    )
    assert unnamed == []
    # Tab through the page: every focused element shows an outline or ring.
    body = page.find_element(By.TAG_NAME, "body")
    body.click()
    missing = []
    for _ in range(25):
        page.switch_to.active_element.send_keys(Keys.TAB)
        style = page.execute_script(
            "const e = document.activeElement, s = getComputedStyle(e),"
            " box = e.closest('.composer-box');"
            "return {tag: e.tagName + '.' + e.className, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,"
            " ring: !!box && getComputedStyle(box).boxShadow !== 'none'};"
        )
        if not (style["outline"] or style["ring"] or style["tag"].startswith("BODY")):
            missing.append(style["tag"])
    assert missing == []


def test_screen_readers_hear_the_answer(page, live_url: str) -> None:
    open_page(page, live_url)
    assert page.find_element(By.ID, "live-status").get_attribute("aria-live") == "polite"
    ask(page, ANSWERABLE)
    wait(page).until(
        lambda d: (
            d.find_element(By.ID, "live-status").get_attribute("textContent").startswith("Antwoord")
        )
    )
    assert page.find_element(By.CSS_SELECTOR, "label[for=question]").get_attribute("textContent")
    assert page.execute_script("return document.documentElement.lang") == "nl"
