"""A pack as one self-contained, printable HTML page (print CSS: A4, no breaks inside items)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup, escape

from assistant.briefing.export.view import SECTION_TITLES, blocks, title
from assistant.briefing.types import Audience, Pack

TEMPLATES = Path(__file__).parent / "templates"
_REF = re.compile(r"\[(\d+)\]")


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )
    return env.get_template("pack.html.j2")


def _linked(text: str) -> Markup:
    """Escaped text whose [n] markers link to source n."""
    return Markup(_REF.sub(r'<a class="ref" href="#bron-\1">[\1]</a>', str(escape(text))))


def to_html(pack: Pack, audience: Audience = "trainer") -> str:
    """The pack for ``audience`` as an HTML document."""
    return _template().render(
        title=title(pack, audience),
        blocks=blocks(pack, audience),
        answers=SECTION_TITLES["answers"],
        linked=_linked,
    )
