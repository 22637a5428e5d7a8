"""A pack as Markdown: headings, cited bullet points, agenda tables and the list of sources."""

from __future__ import annotations

from assistant.briefing.export.view import blocks, title
from assistant.briefing.types import Audience, Pack

#: Kinds rendered as list lines; a blank line ends a run of them.
_LIST_KINDS = frozenset({"bullet", "context", "numbered", "option", "answer", "source"})


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(pack: Pack, audience: Audience = "trainer") -> str:
    """The pack for ``audience`` as one Markdown document."""
    out = [f"# {title(pack, audience)}", ""]
    previous = ""
    for b in blocks(pack, audience):
        if previous in _LIST_KINDS and b.kind not in _LIST_KINDS:
            out.append("")
        if b.kind == "h2":
            out += [f"## {b.text}", ""]
        elif b.kind == "h3":
            out += [f"### {b.text}", ""]
        elif b.kind == "note":
            out += [f"_{b.text}_", ""]
        elif b.kind == "para":
            out += [b.text, ""]
        elif b.kind == "context":
            out.append(f"  _{b.text}_")
        elif b.kind == "bullet":
            out.append(f"- {b.text}")
        elif b.kind in ("numbered", "answer"):
            out.append(f"{b.marker} {b.text}")
        elif b.kind == "option":
            out.append(f"   - {b.marker}. {b.text}")
        elif b.kind == "table":
            header, *rows = b.rows
            out.append("| " + " | ".join(_cell(h) for h in header) + " |")
            out.append("|" + "---|" * len(header))
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
            out.append("")
        elif b.kind == "source":
            out.append(f"{b.marker}. {b.text}")
        elif b.kind == "pagebreak":
            out += ["---", ""]  # a printed handout starts a new sheet here
        previous = b.kind
    # Markdown renders HTML: a "<" from a title or a passage must stay text. Our syntax never needs one.
    return "\n".join(out).rstrip().replace("<", "&lt;") + "\n"
