"""Each export format of a hand-made pack, for both audiences: same blocks, the format's own rules."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from assistant.briefing.export import FORMATS, render
from assistant.briefing.export.view import SECTION_TITLES
from assistant.briefing.types import Point
from assistant.errors import InvalidInputError
from tests.assistant.briefing.test_export_view import C1, QUOTES, make_pack


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_holds_the_title_and_the_key_points_for_both_audiences(fmt: str) -> None:
    for audience in ("trainer", "deelnemers"):
        data = render(make_pack(), fmt, audience)
        text = pdf_text(data) if fmt == "pdf" else data.decode("utf-8")
        assert "Kennisbijeenkomst: nazorg" in text
        assert "De jobcoach blijft een half jaar betrokken." in text
        assert (SECTION_TITLES["answers"] in text) is (audience == "trainer")


def test_an_unknown_audience_or_format_says_what_to_choose() -> None:
    with pytest.raises(InvalidInputError, match="trainer, deelnemers"):
        render(make_pack(), "md", "publiek")
    with pytest.raises(InvalidInputError, match="md, html, pdf"):
        render(make_pack(), "docx")


def test_the_pdf_shows_a_bullet_for_characters_its_font_lacks_and_keeps_euro_signs() -> None:
    point = Point("\ue00a Een traject kost € 4.500 per kandidaat.", C1, "ctx", "Kosten")
    text = pdf_text(render(make_pack(key_points=(point,)), "pdf"))
    assert "• Een traject kost € 4.500" in text and "\ue00a" not in text


def test_the_pdf_has_the_agenda_table_and_numbers_its_pages() -> None:
    text = pdf_text(render(make_pack(), "pdf"))
    assert "0–5 min" in text and "Opening" in text
    assert "pagina 1" in text


def test_html_escapes_text_from_the_publications() -> None:
    point = Point("<script>alert(1)</script> staat in de tekst.", C1, "ctx", "Kosten")
    page = render(make_pack(key_points=(point,)), "html").decode("utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_markdown_and_html_cite_the_same_sources() -> None:
    md = render(make_pack(), "md").decode("utf-8")
    page = render(make_pack(), "html").decode("utf-8")
    for quote in QUOTES[:3]:
        assert quote in md and quote in page
