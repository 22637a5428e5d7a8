"""PDFs made by the tests: real files written with fpdf2 (and encrypted with pypdf)."""

from __future__ import annotations

from pathlib import Path

INTRO = (
    "Dit rapport beschrijft hoe gemeenten en sociale werkbedrijven mensen met een afstand tot de "
    "arbeidsmarkt naar betaald werk begeleiden. "
)
ITEMS = (
    "Werken op een leerwerkplek",
    "Individuele coaching door een jobcoach",
    "Scholing en training",
)
ROWS = (("Regio", "Plaatsingen"), ("Achterhoek", "40"), ("Twente", "22"))


def report_pdf(path: Path) -> Path:
    """Three pages: a chapter with a list (p. 1), a chapter with a table (p. 2), a closing page (p. 3)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)

    def para(text: str, *, size: int = 11, style: str = "") -> None:
        pdf.set_font("helvetica", style, size)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    para("1 Inleiding", size=16, style="B")
    para(INTRO * 3)
    pdf.ln(4)
    para("De organisaties noemen de volgende onderdelen van een werkfit-traject:")
    for item in ITEMS:
        para("- " + item)
    pdf.add_page()
    para("2 Resultaten per regio", size=16, style="B")
    para("In de twee regio's zijn de volgende aantallen mensen geplaatst:")
    pdf.set_font("helvetica", "", 11)
    with pdf.table() as table:
        for row in ROWS:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.add_page()
    para("3 Conclusies", size=16, style="B")
    para(
        "De fietskoeriers van de stad hebben in totaal zeventien deelnemers een vaste baan gegeven."
    )
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path, *, password: str = "geheim") -> Path:
    """A PDF that opens only with a password."""
    from pypdf import PdfReader, PdfWriter

    plain = report_pdf(path.with_name(path.stem + "-plain.pdf"))
    writer = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password)
    with path.open("wb") as f:
        writer.write(f)
    plain.unlink()
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' PDF: pages with drawings and no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.set_fill_color(40, 40, 40)
        pdf.rect(20, 20, 150, 200, style="F")
    pdf.output(str(path))
    return path
