"""The chat page in a real headless Chromium against the app on loopback (over the corpus index)."""

from __future__ import annotations

import json

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.web.conftest import PHONE, WAIT_SECONDS, screenshot

pytestmark = pytest.mark.browser

ANSWERABLE = "Welke drie thema's hadden de regionale plannen voor de sociale werkbedrijven?"
FOLLOW_UP = "En welke resultaten zijn daarmee bereikt?"
OFF_CORPUS = "Hoeveel kost een abonnement op de sportschool in Zwolle per maand, en wat vindt de gemeenteraad van Vlieland ervan?"

# Installed before asking: the server's event stream is handed to the page one event at a time
# with a short pause (an extractive answer arrives in one network chunk otherwise), and what
# the page showed while the answer was streaming is recorded.
WATCH_STREAM = """
const realFetch = window.fetch;
window.fetch = async (...args) => {
  const response = await realFetch(...args);
  if (!String(args[0]).includes('/api/chat/stream') || !response.ok) return response;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const paced = new ReadableStream({
    async pull(controller) {
      const {value, done} = await reader.read();
      if (done) { controller.close(); return; }
      for (const part of decoder.decode(value, {stream: true}).split(/(?<=\\n\\n)/)) {
        controller.enqueue(encoder.encode(part));
        await new Promise((r) => setTimeout(r, 30));
      }
    },
  });
  return new Response(paced, {status: response.status, headers: response.headers});
};
window.__seen = {busy: false, stop: false, partial: 0, texts: []};
const box = document.getElementById('messages');
new MutationObserver(() => {
  if (document.querySelector('[data-testid=busy]')) window.__seen.busy = true;
  if (!document.getElementById('stop').hidden) window.__seen.stop = true;
  const bodies = box.querySelectorAll('.answer-body[aria-busy=true]');
  for (const b of bodies) if (b.textContent.trim()) {
    window.__seen.partial += 1; window.__seen.texts.push(b.textContent.length);
  }
}).observe(box, {subtree: true, childList: true, characterData: true, attributes: true});
"""


def wait(driver, seconds: float = WAIT_SECONDS) -> WebDriverWait:  # noqa: ANN001
    return WebDriverWait(driver, seconds)


def open_page(driver, url: str) -> None:  # noqa: ANN001
    driver.get(url)
    wait(driver).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true"
    )


def answers(driver):  # noqa: ANN001, ANN201
    return driver.find_elements(By.CSS_SELECTOR, "[data-testid=answer]")


def ask(driver, question: str):  # noqa: ANN001, ANN201
    """Type a question, send it, and return the answer element once its stream is done."""
    before = len(answers(driver))
    box = driver.find_element(By.CSS_SELECTOR, "[data-testid=question]")
    box.clear()
    box.send_keys(question)
    driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    wait(driver).until(lambda d: len(answers(d)) > before)
    # The page then refreshes the conversation list; wait until it is done working.
    wait(driver).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-working") is None
    )
    return answers(driver)[-1]


def conversation_id(driver) -> str:  # noqa: ANN001
    href = driver.execute_script("return location.hash")
    assert href.startswith("#gesprek="), href
    return href.removeprefix("#gesprek=")


def test_asking_streams_a_cited_answer(page, live_url: str) -> None:
    open_page(page, live_url)
    examples = page.find_elements(By.CSS_SELECTOR, "[data-testid=example-question]")
    assert len(examples) >= 4, "the empty screen offers example questions"
    screenshot(page, "01-empty-screen")
    page.execute_script(WATCH_STREAM)

    answer = ask(page, ANSWERABLE)

    seen = page.execute_script("return window.__seen")
    assert seen["busy"] and seen["stop"], (
        "a visible 'bezig' state and a stop button while answering"
    )
    assert seen["partial"] >= 1, "text appeared before the stream was done"
    assert answer.get_attribute("data-status") == "answered"
    assert len(answer.text.split()) >= 5
    markers = answer.find_elements(By.CSS_SELECTOR, "[data-testid=citation]")
    assert markers, "the answer marks its claims with [n]"
    assert all(m.text.strip("[] \n") == m.get_attribute("data-n") for m in markers), [
        m.text for m in markers
    ]
    assert "[1]" in answer.get_attribute("textContent")
    assert (
        page.find_element(By.CSS_SELECTOR, "[data-testid=stop]").get_attribute("hidden") is not None
    )
    screenshot(page, "02-answer")


def test_citation_opens_the_passage_with_the_quote_highlighted(page, live_url: str, admin_headers) -> None:
    open_page(page, live_url)
    answer = ask(page, ANSWERABLE)
    conv = httpx.get(f"{live_url}/api/conversations/{conversation_id(page)}", headers=admin_headers).json()
    citations = conv["messages"][-1]["citations"]
    marker = answer.find_elements(By.CSS_SELECTOR, "[data-testid=citation]")[0]
    n = int(marker.get_attribute("data-n"))
    cited = next(c for c in citations if c["n"] == n)

    marker.click()
    panel = wait(page).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=source-panel]"))
    )
    highlight = wait(page).until(
        EC.visibility_of_element_located(
            (By.CSS_SELECTOR, "[data-testid=source-panel] [data-testid=highlight]")
        )
    )
    marks = panel.find_elements(By.CSS_SELECTOR, "[data-testid=highlight]")
    shown = " ".join("".join(m.get_attribute("textContent") for m in marks).split())
    assert shown == " ".join(cited["quote"].replace("<i>", "").replace("</i>", "").split())
    assert highlight.is_displayed()
    assert (
        panel.find_element(By.CSS_SELECTOR, "[data-testid=source-title]").text
        == cited["document_title"]
    )
    if cited["page"]:
        assert (
            str(cited["page"])
            in panel.find_element(By.CSS_SELECTOR, "[data-testid=source-page]").text
        )
    if cited["section"]:
        assert (
            panel.find_element(By.CSS_SELECTOR, "[data-testid=source-section]").text
            == cited["section"]
        )
    used = panel.find_elements(By.CSS_SELECTOR, "[data-testid=used-passages] li")
    assert len(used) >= len({c["passage_id"] for c in citations})
    screenshot(page, "03-source-panel")

    # Neighbouring passages: next, then back to the cited one.
    passage = httpx.get(f"{live_url}/api/passages/{cited['passage_id']}").json()
    nxt = panel.find_element(By.CSS_SELECTOR, "[data-testid=source-next]")
    if passage["next_id"]:
        nxt.click()
        following = httpx.get(f"{live_url}/api/passages/{passage['next_id']}").json()
        wait(page).until(
            lambda d: (
                following["text"][:40].replace("<i>", "")
                in d.find_element(By.CSS_SELECTOR, "[data-testid=passage-text]").get_attribute(
                    "textContent"
                )
            )
        )
        page.find_element(By.CSS_SELECTOR, "[data-testid=source-prev]").click()
        wait(page).until(
            lambda d: d.find_elements(
                By.CSS_SELECTOR, "[data-testid=source-panel] [data-testid=highlight]"
            )
        )

    # Escape closes the panel and gives focus back to the marker.
    page.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(page).until(
        EC.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid=source-panel]"))
    )
    assert page.switch_to.active_element.get_attribute("data-testid") == "citation"


def test_not_found_is_a_distinct_honest_state(page, live_url: str) -> None:
    open_page(page, live_url)
    answer = ask(page, OFF_CORPUS)
    assert answer.get_attribute("data-status") == "not_found"
    card = page.find_element(By.CSS_SELECTOR, "[data-testid=not-found]")
    assert "Niet gevonden" in answer.find_element(By.XPATH, "./ancestor::article").text
    covered = card.find_elements(By.CSS_SELECTOR, "[data-testid=covered] li")
    documents = httpx.get(f"{live_url}/api/documents").json()["documents"]
    assert len(covered) == len(documents), "the state says what the publications do cover"
    closest = card.find_elements(By.CSS_SELECTOR, "[data-testid=closest-passages] button")
    if closest:
        closest[0].click()
        wait(page).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=passage-text]"))
        )
    screenshot(page, "04-not-found")


def test_follow_up_stays_in_the_conversation_and_survives_reload(page, live_url: str, admin_headers) -> None:
    open_page(page, live_url)
    ask(page, ANSWERABLE)
    first_id = conversation_id(page)
    second = ask(page, FOLLOW_UP)
    assert conversation_id(page) == first_id
    assert second.get_attribute("data-status") in {"answered", "not_found"}
    # The follow-up was searched with its conversation's subject, and the page says how.
    searched = second.find_element(By.XPATH, "./ancestor::article").find_element(
        By.CSS_SELECTOR, "[data-testid=standalone-question]"
    )
    assert searched.text.startswith("Gezocht als: ") and "resultaten zijn daarmee bereikt" in searched.text
    conv = httpx.get(f"{live_url}/api/conversations/{first_id}", headers=admin_headers).json()
    assert [m["role"] for m in conv["messages"]] == ["user", "assistant", "user", "assistant"]
    screenshot(page, "05-follow-up")

    # Reload: the conversation comes back (from the server) and is listed in the side bar.
    page.refresh()
    wait(page).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true"
    )
    assert len(answers(page)) == 2
    assert [a.get_attribute("data-status") for a in answers(page)][0] == "answered"
    current = page.find_element(By.CSS_SELECTOR, "[data-testid=conversation][aria-current=true]")
    assert current.find_element(By.CSS_SELECTOR, ".conv-title").text == conv["title"]

    # A new conversation, then back to the first through the list.
    page.find_element(By.CSS_SELECTOR, "[data-testid=new-conversation]").click()
    assert not answers(page)
    open_page(page, live_url)  # a plain reload of "/" starts empty
    assert not answers(page)
    item = next(
        b
        for b in page.find_elements(By.CSS_SELECTOR, "[data-testid=conversation]")
        if b.find_element(By.CSS_SELECTOR, ".conv-title").text == conv["title"]
    )
    item.click()
    wait(page).until(lambda d: len(answers(d)) == 2)
    assert conversation_id(page) == first_id


def test_rename_and_delete_a_conversation(page, live_url: str, admin_headers) -> None:
    open_page(page, live_url)
    ask(page, ANSWERABLE)
    conv_id = conversation_id(page)
    row = page.find_element(By.CSS_SELECTOR, f".conv[data-id='{conv_id}']")
    row.find_element(By.CSS_SELECTOR, "[data-testid=rename-conversation]").click()
    field = page.find_element(By.CSS_SELECTOR, "[data-testid=rename-input]")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("Thema's sectorplannen <b>test</b>", Keys.ENTER)
    wait(page).until(
        lambda d: (
            httpx.get(f"{live_url}/api/conversations/{conv_id}", headers=admin_headers).json()["title"]
            == "Thema's sectorplannen <b>test</b>"
        )
    )
    wait(page).until(
        lambda d: d.find_element(By.ID, "chat-title").text == "Thema's sectorplannen <b>test</b>"
    )

    row = page.find_element(By.CSS_SELECTOR, f".conv[data-id='{conv_id}']")
    row.find_element(By.CSS_SELECTOR, "[data-testid=delete-conversation]").click()
    page.find_element(By.CSS_SELECTOR, "[data-testid=confirm-delete]").click()
    wait(page).until(lambda d: not d.find_elements(By.CSS_SELECTOR, f".conv[data-id='{conv_id}']"))
    assert httpx.get(f"{live_url}/api/conversations/{conv_id}", headers=admin_headers).status_code == 404
    assert not answers(page)


def test_thumbs_down_is_stored_and_exported(
    page, live_url: str, admin_headers, corpus_core, tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    open_page(page, live_url)
    answer = ask(page, ANSWERABLE)
    article = answer.find_element(By.XPATH, "./ancestor::article")
    turn_id = article.get_attribute("data-turn-id")
    article.find_element(By.CSS_SELECTOR, "[data-testid=feedback-down]").click()
    comment = wait(page).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=feedback-comment]"))
    )
    comment.send_keys("Het derde thema ontbreekt.")
    page.find_element(By.CSS_SELECTOR, "[data-testid=feedback-send]").click()
    wait(page).until(
        lambda d: any(
            f["turn_id"] == turn_id and f["comment"] == "Het derde thema ontbreekt."
            for f in httpx.get(f"{live_url}/api/feedback", headers=admin_headers).json()["feedback"]
        )
    )
    assert (
        article.find_element(By.CSS_SELECTOR, "[data-testid=feedback-down]").get_attribute(
            "aria-pressed"
        )
        == "true"
    )
    screenshot(page, "06-feedback")

    from werkwijzer.cli import main

    out = tmp_path / "feedback.jsonl"
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(corpus_core.settings.data_dir))
    assert main(["feedback", "export", "--out", str(out)]) == 0
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    item = next(
        i
        for i in items
        if i["question"] == ANSWERABLE and i["comment"] == "Het derde thema ontbreekt."
    )
    assert item["rating"] == "down" and item["lang"] == "nl" and item["must_mention"] == []
    assert item["sources"] and all(s["doc"].endswith(".txt") for s in item["sources"])

    # After a reload the rating is still shown.
    page.refresh()
    wait(page).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true"
    )
    pressed = page.find_element(
        By.CSS_SELECTOR, f"article[data-turn-id='{turn_id}'] [data-testid=feedback-down]"
    )
    assert pressed.get_attribute("aria-pressed") == "true"


def test_copy_and_markdown_export(page, live_url: str) -> None:
    open_page(page, live_url)
    answer = ask(page, ANSWERABLE)
    article = answer.find_element(By.XPATH, "./ancestor::article")
    article.find_element(By.CSS_SELECTOR, "[data-testid=copy-answer]").click()
    copied = wait(page).until(
        lambda d: article.find_element(By.CSS_SELECTOR, "[data-testid=copy-answer]").get_attribute(
            "data-copied"
        )
    )
    assert "Bronnen:" in copied and "[1]" in copied
    # Capture the download instead of writing a file.
    page.execute_script(
        "window.__md = null; const orig = URL.createObjectURL;"
        "URL.createObjectURL = (b) => { b.text().then(t => window.__md = t); return orig(b); };"
    )
    page.find_element(By.CSS_SELECTOR, "[data-testid=export-markdown]").click()
    md = wait(page).until(lambda d: d.execute_script("return window.__md"))
    assert md.startswith("# ") and ANSWERABLE in md and "**Bronnen**" in md


def test_publication_filter_limits_the_sources(page, live_url: str, admin_headers) -> None:
    open_page(page, live_url)
    documents = httpx.get(f"{live_url}/api/documents").json()["documents"]
    only = documents[0]
    page.find_element(By.CSS_SELECTOR, "[data-testid=filter-toggle]").click()
    page.find_element(By.CSS_SELECTOR, f"[data-testid=filter-option][value='{only['id']}']").click()
    page.find_element(By.ID, "filter-done").click()
    assert only["title"] in page.find_element(By.CSS_SELECTOR, "[data-testid=filter-toggle]").text
    ask(page, ANSWERABLE)
    conv = httpx.get(f"{live_url}/api/conversations/{conversation_id(page)}", headers=admin_headers).json()
    last = conv["messages"][-1]
    assert last["passages"], "some passages were drawn on"
    assert {p["document_id"] for p in last["passages"]} == {only["id"]}


def test_phone_width_shows_the_source_as_a_sheet(page, live_url: str) -> None:
    page.set_window_size(*PHONE)
    open_page(page, live_url)
    assert not page.find_element(By.ID, "sidebar").is_displayed() or page.execute_script(
        "return document.getElementById('sidebar').getBoundingClientRect().right <= 0"
    ), "the conversation list is a drawer on a phone"
    screenshot(page, "07-phone-empty")
    answer = ask(page, ANSWERABLE)
    answer.find_elements(By.CSS_SELECTOR, "[data-testid=citation]")[0].click()
    panel = wait(page).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=source-panel]"))
    )
    wait(page).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=highlight]")))
    # Wait for the sheet's slide-in animation to finish before measuring.
    wait(page).until(
        lambda d: not d.execute_script("return arguments[0].getAnimations().length", panel)
    )
    rect = page.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return {left: r.left, right: r.right, bottom: r.bottom, top: r.top, vw: innerWidth, vh: innerHeight,"
        " position: getComputedStyle(arguments[0]).position};",
        panel,
    )
    assert rect["position"] == "fixed"
    assert rect["left"] == 0 and abs(rect["right"] - rect["vw"]) < 1, (
        "the sheet spans the screen width"
    )
    assert abs(rect["bottom"] - rect["vh"]) < 1 and rect["top"] > rect["vh"] * 0.15, (
        "a sheet at the bottom"
    )
    screenshot(page, "08-phone-sheet")
    page.find_element(By.CSS_SELECTOR, "[data-testid=source-close]").click()
    wait(page).until(
        EC.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid=source-panel]"))
    )
    page.find_element(By.ID, "menu-toggle").click()
    wait(page).until(
        lambda d: d.execute_script(
            "return document.getElementById('sidebar').getBoundingClientRect().left >= 0"
        )
    )
    screenshot(page, "09-phone-drawer")


def test_keyboard_only(page, live_url: str) -> None:
    open_page(page, live_url)
    # The skip link comes first and leads to the question box.
    page.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    first = page.switch_to.active_element
    assert first.get_attribute("class") == "skip-link"
    first.send_keys(Keys.ENTER)
    box = page.find_element(By.CSS_SELECTOR, "[data-testid=question]")
    box.click()
    box.send_keys(ANSWERABLE, Keys.ENTER)
    wait(page).until(lambda d: answers(d))
    labels = page.execute_script(
        "return [...document.querySelectorAll('button')].filter(b => b.offsetParent !== null)"
        ".filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).length"
    )
    assert labels == 0, "every visible button has a name"


SLOW_STREAM = WATCH_STREAM.replace("setTimeout(r, 30)", "setTimeout(r, 400)")


def test_stop_ends_the_stream_and_keeps_the_page_usable(page, live_url: str) -> None:
    open_page(page, live_url)
    page.execute_script(SLOW_STREAM)
    box = page.find_element(By.CSS_SELECTOR, "[data-testid=question]")
    box.send_keys(ANSWERABLE, Keys.ENTER)
    stop = wait(page).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=stop]")))
    assert page.find_element(By.CSS_SELECTOR, "[data-testid=busy]").is_displayed()
    stop.click()
    stopped = wait(page).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".msg-assistant.stopped"))
    )
    assert "Gestopt" in stopped.text
    assert not answers(page), "a stopped answer is not presented as a finished one"
    assert page.find_element(By.CSS_SELECTOR, "[data-testid=send]").is_displayed()
    assert ask(page, FOLLOW_UP).get_attribute("data-status") in {"answered", "not_found"}


def test_a_refused_question_shows_the_servers_reason(page, live_url: str) -> None:
    open_page(page, live_url)
    page.execute_script(
        "const box = document.querySelector('[data-testid=question]');"
        "box.value = 'werk '.repeat(3000); box.dispatchEvent(new Event('input'));"
    )
    page.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()
    error = wait(page).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".msg-assistant .error"))
    )
    assert "Er ging iets mis" in error.text and "limit" in error.text
    assert page.find_element(By.CSS_SELECTOR, "[data-testid=send]").is_displayed()
    page.get_log("browser")  # the 422 response is expected here, not a page error


RICHTEXT = """
const done = arguments[arguments.length - 1];
import('/js/richtext.js').then((m) => {
  const box = document.createElement('div');
  box.append(m.renderMarked('Zie <i>Met Werk</i> en <b>niet</b> dit <script>x</script>.', [{start: 4, end: 18, primary: true}]));
  const marked = {html: box.innerHTML, text: box.textContent};
  const list = document.createElement('div');
  list.append(m.renderBlocks('Kort:\\n- een [1]\\n- twee [2, 3]\\n\\nSlot **vet**.', (n) => {
    const b = document.createElement('button'); b.textContent = n; return b; }));
  done({
    marked,
    list: list.innerHTML,
    quote: m.findQuote('De  kandidaat\\nwerkt   hier.', 'kandidaat werkt hier'),
    missing: m.findQuote('abc', 'xyz'),
    plain: m.plainText('<i>A</i> **b** [1]'),
  });
});
"""


def test_answer_and_passage_text_rendering(page, live_url: str) -> None:
    open_page(page, live_url)
    out = page.execute_async_script(RICHTEXT)
    # Only matched <i> pairs become italics; every other tag stays visible text.
    assert out["marked"]["text"] == "Zie Met Werk en <b>niet</b> dit <script>x</script>."
    assert (
        '<mark data-testid="highlight" class="hl"><em>Met Werk</em></mark>' in out["marked"]["html"]
    )
    assert "&lt;script&gt;" in out["marked"]["html"]
    assert out["list"] == (
        "<p>Kort:</p><ul><li>een <button>1</button></li><li>twee <button>2</button><button>3</button></li></ul>"
        "<p>Slot <strong>vet</strong>.</p>"
    )
    assert out["quote"] == {"start": 4, "end": 26} and out["missing"] is None
    assert out["plain"] == "A b [1]"


def test_the_page_shows_this_browsers_conversations_and_exports_titles_as_text(page, live_url: str) -> None:
    open_page(page, live_url)
    ask(page, ANSWERABLE)
    cid = conversation_id(page)
    hostile = '<img src=x onerror="window.__xss=1"> Werkfit'
    status = page.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(`/api/conversations/${arguments[0]}`, {method: 'PATCH', headers: {'Content-Type': 'application/json'},"
        " body: JSON.stringify({title: arguments[1]})}).then(r => done(r.status));",
        cid,
        hostile,
    )
    assert status == 200
    page.refresh()  # the hash already names the conversation: reload it with its new title
    wait(page).until(lambda d: d.find_element(By.ID, "chat-title").text == hostile)
    wait(page).until(lambda d: len(answers(d)) == 1)
    page.execute_script(
        "window.__md = null; const orig = URL.createObjectURL;"
        "URL.createObjectURL = (b) => { b.text().then(t => window.__md = t); return orig(b); };"
    )
    page.find_element(By.CSS_SELECTOR, "[data-testid=export-markdown]").click()
    md = wait(page).until(lambda d: d.execute_script("return window.__md"))
    assert "<img" not in md and "&lt;img" in md
    assert page.execute_script("return window.__xss") is None
    listed = {li.get_attribute("data-id") for li in page.find_elements(By.CSS_SELECTOR, "li.conv")}
    assert cid in listed
    # Another browser (no session cookie) sees none of this browser's conversations.
    page.delete_all_cookies()
    open_page(page, live_url)
    listed = {li.get_attribute("data-id") for li in page.find_elements(By.CSS_SELECTOR, "li.conv")}
    assert cid not in listed
    cookie = page.get_cookie("werkwijzer_session")
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
