"""A pack as one self-contained, printable HTML page (print CSS: A4, no breaks inside rows or quotes)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from assistant.briefing.export.view import (
    CASE_COLUMN,
    DID,
    NO_RESULTS,
    SECTION_TITLES,
    TITLE,
    YIELDED,
    flat,
    marked,
    notes,
    pieces,
    where,
)
from assistant.briefing.types import Pack
from assistant.cases.compare import NOT_DESCRIBED

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )
    return env.get_template("pack.html.j2")


def to_html(pack: Pack) -> str:
    """The whole pack as an HTML document."""
    rows = (
        list(zip(pack.comparison.cases, pack.comparison.rows, strict=True))
        if pack.comparison
        else []
    )
    return _template().render(
        pack=pack,
        rows=rows,
        title=TITLE,
        notes=notes(pack),
        sections=SECTION_TITLES,
        did=DID,
        yielded=YIELDED,
        no_results=NO_RESULTS,
        not_described=NOT_DESCRIBED,
        case_column=CASE_COLUMN,
        flat=flat,
        marked=marked,
        pieces=pieces,
        where=where,
    )
