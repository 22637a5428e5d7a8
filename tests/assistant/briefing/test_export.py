"""Export of packs: Markdown, printable HTML and an offline PDF with a Unicode font."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from assistant.briefing.export import render
from assistant.briefing.export.view import flat, quoted, where
from assistant.briefing.types import Pack
from assistant.errors import InvalidInputError


@pytest.fixture(scope="module")
def pack(corpus_core) -> Pack:  # noqa: ANN001
    return corpus_core.briefings.build("kosten en baten van werkfit-trajecten")


def test_markdown_has_every_section_and_every_source(pack: Pack) -> None:
    md = render(pack, "md").decode("utf-8")
    for title in (
        "# Kennisbijeenkomst: kosten en baten",
        "## Voorgestelde agenda",
        "### Sessie van 60 minuten",
        "### Sessie van 90 minuten",
        "## Kernpunten",
        "## Praktijkvoorbeelden",
        "## Discussievragen",
        "## Quiz",
        "## Antwoordsleutel",
        "## Bronnen",
    ):
        assert title in md
    sources = md.split("## Bronnen", 1)[1]
    for c in pack.citations:
        assert f"{c.n}. {where(c, pack.years)}" in sources
        year = pack.years.get(c.document_id)
        assert f"({year})" in where(c, pack.years) if year else "(z.j.)" in where(c, pack.years)
    for p in pack.key_points:
        assert f"{quoted(p.text)} [{p.citation.n}]\n  _{p.context}_" in md
    for subtheme, _ in pack.subthemes:
        assert f"### {subtheme}" in md
    key = md.split("## Antwoordsleutel", 1)[1]
    for n, q in enumerate(pack.quiz, 1):
        for i, option in enumerate(q.options):
            assert f"   - {chr(65 + i)}. {flat(option)}" in md
        line = next(line for line in key.splitlines() if line.startswith(f"{n}. "))
        assert line.startswith(f"{n}. {q.answer_letter}: ") and f"[{q.citation.n}]" in line
    assert "€" in md  # amounts survive


def test_handout_has_the_questions_but_no_answers_agenda_or_answer_only_sources(pack: Pack) -> None:
    md = render(pack, "md", "deelnemers").decode("utf-8")
    assert md.startswith("# Kennisbijeenkomst: kosten en baten van werkfit-trajecten — hand-out voor deelnemers")
    assert "Antwoordsleutel" not in md and "agenda" not in md.lower()
    for q in pack.quiz:
        assert flat(q.question) in md
    shown = {p.citation.n for p in pack.key_points} | {p.citation.n for e in pack.examples for p in e.statements}
    sources = md.split("## Bronnen", 1)[1]
    for c in pack.citations:
        assert (f"\n{c.n}. " in sources) == (c.n in shown or any(c.n in q.refs for q in pack.discussion))


def test_quotation_marks_pair_up_in_every_line(pack: Pack) -> None:
    for audience in ("trainer", "deelnemers"):
        md = render(pack, "md", audience).decode("utf-8")
        for line in md.splitlines():
            assert line.count("“") == line.count("”") and '"' not in line.replace('\\"', "")


def test_html_is_printable_and_escaped(pack: Pack) -> None:
    html = render(pack, "html").decode("utf-8")
    assert html.startswith("<!doctype html>") and "@media print" in html and "@page" in html
    assert html.count('id="bron-') == len(pack.citations)
    assert "<script" not in html


def test_pdf_renders_offline_with_unicode(pack: Pack) -> None:
    data = render(pack, "pdf")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Kennisbijeenkomst" in text and "Bronnen" in text
    assert "€" in text and "ë" in text  # the embedded DejaVu subset carries them
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert all("DejaVu" in str(fonts[name].get_object()["/BaseFont"]) for name in fonts)


def test_unknown_format_is_refused(pack: Pack) -> None:
    with pytest.raises(InvalidInputError, match="md, html, pdf"):
        render(pack, "docx")
    with pytest.raises(InvalidInputError, match="trainer, deelnemers"):
        render(pack, "md", "iedereen")


def test_refined_parts_are_exported_with_their_citations(pack: Pack) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.briefing.builder import refined
    from assistant.briefing.export.view import LLM_MARK, LLM_NOTE, synthesis_text
    from assistant.briefing.refine import LLMRefiner
    from assistant.prompts import DEFAULT_PROMPTS_DIR, PromptLibrary
    from tests.assistant.briefing.briefing_fakes import reply_to

    prompts = PromptLibrary.load(DEFAULT_PROMPTS_DIR)
    prompt = LLMRefiner(FakeListChatModel(responses=["-"]), prompts).messages(pack)[1].content
    model = FakeListChatModel(responses=[reply_to(str(prompt))])
    out = refined(pack, LLMRefiner(model, prompts))
    assert out.mode == "llm"
    intro = synthesis_text(out)
    md = render(out, "md").decode("utf-8")
    assert f"## Inleiding {LLM_MARK}\n\n{intro}\n" in md and LLM_NOTE in md
    assert md.index("## Inleiding") < md.index("## Kernpunten")
    model_questions = [q for q in (*out.discussion, *out.quiz) if q.origin == "llm"]
    assert len(model_questions) == 2  # the fake's discussion and quiz questions that hold
    assert md.count(LLM_MARK) == 1 + LLM_NOTE.count(LLM_MARK) + len(model_questions)
    html = render(out, "html").decode("utf-8")
    for statement in out.synthesis:
        for c in statement.citations:
            assert f'<a class="ref" href="#bron-{c.n}">[{c.n}]</a>' in html
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render(out, "pdf"))).pages)
    assert f"Inleiding {LLM_MARK}" in text
    assert flat(out.synthesis[0].text)[:40] in " ".join(text.split())


def test_markdown_has_no_live_html_from_titles(pack: Pack) -> None:
    from dataclasses import replace

    hostile = replace(pack, theme='<img src=x onerror="alert(1)"> werkfit')
    md = render(hostile, "md").decode("utf-8")
    assert "<img" not in md and "&lt;img" in md
    assert "\n## " in md and "\n- " in md  # the Markdown syntax itself is kept
