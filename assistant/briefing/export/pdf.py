"""A pack as PDF with fpdf2, offline: a DejaVu Sans subset ships with the package (€, ë, “ ” and ›)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from assistant.briefing.export.view import EVEN, TITLE, blocks, flat, title
from assistant.briefing.types import Audience, Pack

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
ACCENT = (31, 111, 139)
GREY = (90, 90, 90)
BODY_SIZE = 10
SMALL_SIZE = 8
TABLE_SIZE = 7.5
LINE = 5.0
SMALL_LINE = 4.0
MARGIN = 15
# Characters the font subset lacks (private-use bullets from PDF extraction) are shown as a bullet.
_PRIVATE_USE = {cp: "•" for cp in range(0xE000, 0xF900)}


def _clean(text: str) -> str:
    return flat(text).translate(_PRIVATE_USE)


class _PackPDF(FPDF):
    def __init__(self, theme: str) -> None:
        super().__init__(format="A4")
        self._theme = theme
        for style, name in _FONT_FILES.items():
            self.add_font(FAMILY, style, str(FONTS / name))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        self.set_title(f"{TITLE}: {theme}")
        self.set_creator("Werkwijzer")

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FAMILY, "", SMALL_SIZE)
        self.set_text_color(*GREY)
        self.cell(0, SMALL_LINE, f"{TITLE}: {self._theme} — pagina {self.page_no()}", align="C")

    def heading(self, text: str, *, size: float = 13) -> None:
        if self.get_y() > self.h - 4 * MARGIN:
            self.add_page()
        self.ln(3)
        self.set_font(FAMILY, "B", size)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def para(
        self, text: str, *, style: str = "", size: float = BODY_SIZE, indent: float = 0, color=None
    ) -> None:  # noqa: ANN001
        self.set_font(FAMILY, style, size)
        self.set_text_color(*(color or (0, 0, 0)))
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            0,
            LINE if size >= BODY_SIZE else SMALL_LINE,
            _clean(text),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_text_color(0, 0, 0)

    def bullet(self, text: str, *, marker: str = "•", label: str | None = None) -> None:
        self.set_font(FAMILY, "", BODY_SIZE)
        self.set_x(self.l_margin)
        self.cell(6, LINE, marker)
        if label:
            self.set_font(FAMILY, "B", BODY_SIZE)
            self.write(LINE, f"{label}: ")
            self.set_font(FAMILY, "", BODY_SIZE)
        self.multi_cell(0, LINE, _clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(0.8)


def to_pdf(pack: Pack, audience: Audience = "trainer") -> bytes:
    """The pack for ``audience`` as PDF bytes."""
    pdf = _PackPDF(pack.theme)
    pdf.add_page()
    pdf.heading(title(pack, audience), size=16)
    for b in blocks(pack, audience):
        if b.kind == "h2":
            pdf.heading(b.text)
        elif b.kind == "h3":
            pdf.heading(b.text, size=11)
        elif b.kind == "note":
            pdf.para(b.text, size=SMALL_SIZE, color=GREY)
        elif b.kind == "para":
            pdf.para(b.text)
        elif b.kind == "context":
            pdf.para(b.text, style="I", size=SMALL_SIZE, indent=6, color=GREY)
            pdf.ln(0.8)
        elif b.kind == "bullet":
            pdf.bullet(b.text)
        elif b.kind in ("numbered", "answer"):
            pdf.bullet(b.text, marker=b.marker)
        elif b.kind == "option":
            pdf.para(f"{b.marker}. {b.text}", indent=8)
        elif b.kind == "table":
            pdf.set_font(FAMILY, "", TABLE_SIZE)
            n = len(b.rows[0])
            # The agenda's columns (time, part, what) or the examples' (a label, then a case each).
            widths = (16, 22, 62) if b.marker != EVEN else (16, *(84 / (n - 1),) * (n - 1))
            with pdf.table(
                col_widths=widths,
                line_height=TABLE_SIZE * 0.5,
                text_align="LEFT",
                headings_style=FontFace(emphasis="BOLD", color=ACCENT, fill_color=(230, 240, 244)),
                first_row_as_headings=True,
            ) as t:
                for row in b.rows:
                    r = t.row()
                    for cell in row:
                        r.cell(_clean(cell))
            pdf.set_font(FAMILY, "", BODY_SIZE)
            pdf.ln(2)
        elif b.kind == "source":
            pdf.set_font(FAMILY, "", SMALL_SIZE)
            pdf.set_x(pdf.l_margin)
            pdf.cell(8, SMALL_LINE, f"[{b.marker}]")
            pdf.multi_cell(0, SMALL_LINE, _clean(b.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
