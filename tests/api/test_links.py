"""Unsafe links are taken out of answers sent to OpenAI clients (which render Markdown)."""

from __future__ import annotations

import pytest

from api.links import is_safe_target, strip_unsafe_links


@pytest.mark.parametrize(
    "text",
    [
        "Zie [de regeling](javascript:alert(1)) hier.",
        "Zie [de regeling](JavaScript:alert(1)) hier.",
        "Zie [de regeling]( java&#115;cript:alert(1) ) hier.",
        "Zie [de regeling](vbscript:msgbox) hier.",
        'Zie [de regeling](data:text/html;base64,PHNjcmlwdD4= "titel") hier.',
    ],
)
def test_unsafe_inline_links_keep_only_their_text(text: str) -> None:
    assert strip_unsafe_links(text) == "Zie de regeling hier."


def test_images_autolinks_and_references() -> None:
    assert strip_unsafe_links("![x](javascript:alert(1))") == "x"
    assert strip_unsafe_links("Klik <javascript:alert(1)> nu") == "Klik  nu"
    assert strip_unsafe_links("[a][r]\n\n[r]: javascript:alert(1)") == "[a][r]\n\n[r]: #"


def test_safe_links_and_plain_text_stay() -> None:
    text = "Zie [site](https://www.divosa.nl/x), [mail](mailto:a@b.nl), [p](#passage=1) en <https://a.nl>. Op: [1]."
    assert strip_unsafe_links(text) == text
    assert is_safe_target("/api/passages/1") and not is_safe_target("file:///etc/passwd")


def test_v1_answers_carry_no_unsafe_links(corpus_core, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """An answer quoting a passage with a javascript: link reaches the client without it."""
    import dataclasses

    from fastapi.testclient import TestClient

    from api.main import create_app
    from tests.conftest import LOCAL_URL

    chat = corpus_core.chat
    reply = chat.reply

    def hostile(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - a fake answer text around the real one
        answer = reply(*args, **kwargs)
        return dataclasses.replace(answer, text=answer.text + " [meer](javascript:alert(document.cookie))")

    monkeypatch.setattr(chat, "reply", hostile)
    with TestClient(create_app(corpus_core), base_url=LOCAL_URL) as client:
        body = {"model": "werkwijzer", "messages": [{"role": "user", "content": "Wat is een werkfit-traject?"}]}
        whole = client.post("/v1/chat/completions", json=body).json()
        content = whole["choices"][0]["message"]["content"]
        assert "javascript:" not in content and content.endswith(" meer")
        streamed = client.post("/v1/chat/completions", json={**body, "stream": True}).text
        assert "javascript:" not in streamed and "meer" in streamed
