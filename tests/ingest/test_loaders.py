"""Loaders: PDFs page by page, Word files, and clear reasons for files that cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import SkipFile, clean_pdf_page, hyphenated_words, load, strip_running_lines
from ingest.structure import parse
from tests.ingest.pdfs import ITEMS, encrypted_pdf, image_only_pdf, report_pdf


def test_pdf_pages_headings_lists_and_tables(tmp_path: Path) -> None:
    loaded = load(report_pdf(tmp_path / "rapport.pdf"))
    assert [p.number for p in loaded.pages] == [1, 2, 3]
    blocks = parse(loaded)
    headings = [(b.text, b.page) for b in blocks if b.kind == "heading"]
    assert headings == [("1 Inleiding", 1), ("2 Resultaten per regio", 2), ("3 Conclusies", 3)]
    listing = next(b for b in blocks if b.kind == "list")
    assert listing.page == 1 and listing.section == ("1 Inleiding",)
    assert listing.text.split("\n") == [
        "De organisaties noemen de volgende onderdelen van een werkfit-traject:",
        *(f"- {i}" for i in ITEMS),
    ]
    table = next(b for b in blocks if b.kind == "table")
    assert table.page == 2 and table.section == ("2 Resultaten per regio",)
    assert table.text.split("\n")[1:] == ["Regio\tPlaatsingen", "Achterhoek\t40", "Twente\t22"]
    # Offsets and pages agree: the page that holds a block's first character is its page.
    for block in blocks:
        assert loaded.page_at(block.start) == block.page


def test_encrypted_pdf_is_skipped_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(SkipFile, match="password"):
        load(encrypted_pdf(tmp_path / "geheim.pdf"))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "kapot.pdf",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer garbage",
            "damaged|could not be read",
        ),
        ("leeg.txt", b"", "empty"),
        ("latin1.txt", "Cliënten en begeleiding in de regio".encode("latin-1"), "not UTF-8"),
        ("binair.txt", b"\x00\x01\x02binary\x00" * 20, "binary"),
        ("kapot.docx", b"PK\x03\x04 not really a zip", "Word file"),
        ("notities.rtf", b"{\\rtf1 tekst}", "unsupported file type"),
        ("spaties.md", b"   \n\n  \n", "no text"),
    ],
)
def test_unusable_files_say_why(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SkipFile, match=reason):
        load(path)


def test_image_only_pdf_asks_for_ocr(tmp_path: Path) -> None:
    with pytest.raises(SkipFile, match="OCR"):
        load(image_only_pdf(tmp_path / "scan.pdf"))


def test_docx_keeps_order_headings_lists_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Werkwijze", level=1)
    document.add_paragraph("De begeleiding bestaat uit drie onderdelen:")
    for item in ("Intake", "Coaching", "Plaatsing"):
        document.add_paragraph(item, style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate((("Fase", "Duur"), ("Intake", "2 weken"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("Daarna volgt de evaluatie.")
    path = tmp_path / "werkwijze.docx"
    document.save(str(path))
    blocks = parse(load(path))
    kinds = [(b.kind, b.text.split("\n")[0]) for b in blocks]
    assert kinds == [
        ("heading", "Werkwijze"),
        ("list", "De begeleiding bestaat uit drie onderdelen:"),
        ("table", "Fase\tDuur"),
        ("text", "Daarna volgt de evaluatie."),
    ]
    assert all(b.section == ("Werkwijze",) for b in blocks)


def test_hyphenation_and_ligatures_are_undone() -> None:
    text = "De bege-\nleiding van werkfit-\ntrajecten in Noord-\nHolland is e\ufb03ci\u00ebnt."
    from ingest.loaders import clean_text

    cleaned = clean_pdf_page(
        clean_text(text), vocabulary=hyphenated_words(["Over werkfit-trajecten."])
    )
    assert cleaned == "De begeleiding van werkfit-trajecten in Noord-Holland is effici\u00ebnt."


def test_running_headers_and_footers_are_removed() -> None:
    bodies = [
        "Inleiding en aanleiding.",
        "De casussen in het kort.",
        "Resultaten per regio.",
        "Conclusies van het onderzoek.",
        "Aanbevelingen voor gemeenten.",
    ]
    pages = [
        f"Werkfit-trajecten | Cedris\n{body}\nPagina {i} van 5" for i, body in enumerate(bodies, 1)
    ]
    assert [p.strip() for p in strip_running_lines(pages)] == bodies


def test_html_left_in_a_text_file_is_stripped_but_markdown_wording_stays(tmp_path) -> None:  # noqa: ANN001
    from ingest.loaders import load

    path = tmp_path / "doc.txt"
    path.write_text(
        '<ul style="list-style-type: none"> • Werkfit maken\n<b>Met Werk</b> en *Op weg naar werk*\n<https://x.nl/a>\n'
        "3\tDe cirkel rondmaken <i>Met Werk</i>\t23\n",
        encoding="utf-8",
    )
    text = load(path).text
    assert "<ul" not in text and "<b>" not in text and "style" not in text
    assert "Met Werk en *Op weg naar werk*" in text
    assert "https://x.nl/a" in text
    # Italic subtitles stay for structure detection, which reads them as case names.
    assert "rondmaken <i>Met Werk</i>" in text


def test_docx_that_unpacks_past_the_cap_is_skipped_before_reading(tmp_path: Path) -> None:
    import io
    import zipfile

    from docx import Document

    doc = Document()
    doc.add_paragraph("Een korte notitie over jobcoaching bij kleine werkgevers in de regio.")
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/opvulling.xml", b" " * (2 * 1024 * 1024))
    path = tmp_path / "bom.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(SkipFile, match="unpacks to 2 MB"):
        load(path, max_docx_bytes=1024 * 1024)
    assert "jobcoaching" in load(path, max_docx_bytes=4 * 1024 * 1024).text
