"""A comparison as a person reads it: cases as columns, aspects as rows, in Markdown, CSV, XLSX and print HTML."""

from __future__ import annotations

import csv
import html
import io
from typing import Literal

from assistant.cases.types import Cell, Comparison
from assistant.errors import InvalidInputError

ExportFormat = Literal["md", "csv", "xlsx", "html"]
FORMATS: tuple[ExportFormat, ...] = ("md", "csv", "xlsx", "html")
MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
NOT_DESCRIBED_TEXT = "niet beschreven"
TITLE = "Vergelijking van casussen"


def _cell_text(cell: Cell) -> str:
    if cell.text is None or cell.citation is None:
        return NOT_DESCRIBED_TEXT
    return f"{' '.join(cell.text.split())} [{cell.citation.n}]"


def table(comparison: Comparison) -> list[list[str]]:
    """Header row (Aspect, then one column per case) and one row per aspect."""
    header = ["Aspect", *(c.name for c in comparison.cases)]
    rows = [header]
    for j, aspect in enumerate(comparison.aspects):
        rows.append([aspect.label, *(_cell_text(row[j]) for row in comparison.rows)])
    return rows


def sources(comparison: Comparison) -> list[str]:
    """One line per citation: number, publication, section and page."""
    out = []
    for c in comparison.citations:
        page = f", p. {c.page}" if c.page else ""
        section = f" › {c.section}" if c.section else ""
        out.append(f"[{c.n}] {c.document_title}{section}{page}")
    return out


def markdown_table(comparison: Comparison) -> str:
    """The table alone, in Markdown."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"

    rows = table(comparison)
    out = [line(rows[0]), line(["---"] * len(rows[0]))] + [line(r) for r in rows[1:]]
    return "\n".join(out)


def to_markdown(comparison: Comparison) -> str:
    """A Markdown table with the sources below it."""
    out = [f"# {TITLE}", "", markdown_table(comparison), "", "## Bronnen", ""]
    out += [f"- {s}" for s in sources(comparison)]
    return "\n".join(out) + "\n"


def to_csv(comparison: Comparison) -> str:
    """CSV (comma-separated, quoted where needed): the table, an empty line, then the sources."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(table(comparison))
    writer.writerow([])
    writer.writerow(["Bronnen"])
    for s in sources(comparison):
        writer.writerow([s])
    return buffer.getvalue()


def to_xlsx(comparison: Comparison) -> bytes:
    """An XLSX workbook: sheet "Vergelijking" (wrapped text, frozen header) and sheet "Bronnen"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Vergelijking"
    for r, values in enumerate(table(comparison), start=1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 1 or c == 1:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 22
    for c in range(2, len(comparison.cases) + 2):
        sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width = 48
    sheet.freeze_panes = "B2"
    refs = book.create_sheet("Bronnen")
    for r, s in enumerate(sources(comparison), start=1):
        refs.cell(row=r, column=1, value=s)
    refs.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_PRINT_CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; }
h1 { font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #999; padding: .4rem .5rem; vertical-align: top; font-size: .9rem; }
thead th { background: #eef2f5; }
tbody th { text-align: left; width: 11rem; background: #f7f7f7; }
td.nb { color: #666; font-style: italic; }
ol.bronnen { font-size: .8rem; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; } thead { display: table-header-group; } tr { break-inside: avoid; } }
"""


def to_html(comparison: Comparison) -> str:
    """A stand-alone HTML page with print CSS (A4 landscape, header repeated on each page)."""
    esc = html.escape
    rows = table(comparison)
    head = "".join(f"<th scope='col'>{esc(h)}</th>" for h in rows[0])
    body = []
    for j, values in enumerate(rows[1:]):
        cells = []
        for i, value in enumerate(values[1:]):
            nb = comparison.rows[i][j].citation is None
            cells.append(f"<td class='{'nb' if nb else 'quote'}'>{esc(value)}</td>")
        body.append(f"<tr><th scope='row'>{esc(values[0])}</th>{''.join(cells)}</tr>")
    refs = "".join(f"<li>{esc(s)}</li>" for s in sources(comparison))
    return (
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
        f"<title>{TITLE}</title><style>{_PRINT_CSS}</style></head><body>"
        f"<h1>{TITLE}</h1><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<h2>Bronnen</h2><ol class='bronnen'>{refs}</ol></body></html>\n"
    )


def export(comparison: Comparison, fmt: str) -> bytes:
    """The comparison in ``fmt`` (md, csv, xlsx or html) as bytes."""
    if fmt == "md":
        return to_markdown(comparison).encode("utf-8")
    if fmt == "csv":
        return to_csv(comparison).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(comparison)
    if fmt == "html":
        return to_html(comparison).encode("utf-8")
    raise InvalidInputError(f"Unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
