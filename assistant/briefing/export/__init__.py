"""Export of briefing packs: Markdown, printable HTML and PDF (offline, fonts shipped with the package)."""

from __future__ import annotations

from typing import Literal

from assistant.briefing.types import AUDIENCES, Audience, Pack
from assistant.errors import InvalidInputError

ExportFormat = Literal["md", "html", "pdf"]
FORMATS: tuple[ExportFormat, ...] = ("md", "html", "pdf")
MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def render(pack: Pack, fmt: str, audience: str = "trainer") -> bytes:
    """The pack as a file in ``fmt`` ("md", "html" or "pdf") for ``audience`` ("trainer" or "deelnemers")."""
    if audience not in AUDIENCES:
        raise InvalidInputError(
            f"Unknown audience {audience!r}; choose one of: {', '.join(AUDIENCES)} "
            "(the trainer's version has the answer key, the participants' handout has none)."
        )
    who: Audience = audience  # type: ignore[assignment]
    if fmt == "md":
        from assistant.briefing.export.markdown import to_markdown

        return to_markdown(pack, who).encode("utf-8")
    if fmt == "html":
        from assistant.briefing.export.html import to_html

        return to_html(pack, who).encode("utf-8")
    if fmt == "pdf":
        from assistant.briefing.export.pdf import to_pdf

        return to_pdf(pack, who)
    raise InvalidInputError(f"Unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}.")


def file_name(pack: Pack, fmt: str, audience: str = "trainer") -> str:
    """A file name for the pack: "kennisbijeenkomst-nazorg-trainer.pdf"."""
    from assistant.cases.catalogue import slug

    return f"kennisbijeenkomst-{slug(pack.theme)[:60]}-{audience}.{fmt}"
