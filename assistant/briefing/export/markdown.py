"""A pack as Markdown: headings, cited bullet points, a pipe table and the list of sources."""

from __future__ import annotations

from assistant.briefing.export.view import (
    DID,
    NO_RESULTS,
    SECTION_TITLES,
    TITLE,
    YIELDED,
    flat,
    marked,
    notes,
    synthesis_text,
    table,
    where,
)
from assistant.briefing.types import Pack


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(pack: Pack) -> str:
    """The whole pack as one Markdown document."""
    out = [f"# {TITLE}: {pack.theme}", ""]
    out += [f"_{line}_" for line in notes(pack)] + [""]
    if pack.synthesis:
        out += [f"## {SECTION_TITLES['synthesis']}", "", synthesis_text(pack), ""]
    out += [f"## {SECTION_TITLES['key_points']}", ""]
    out += [f"- “{flat(p.text)}” [{p.citation.n}]" for p in pack.key_points] + [""]
    if pack.examples:
        out += [f"## {SECTION_TITLES['examples']}", ""]
        for e in pack.examples:
            out += [f"### {e.case.title}", f"_{e.case.document_title}_", ""]
            out.append(f"- **{DID}:** “{flat(e.did.text)}” [{e.did.citation.n}]")
            if e.yielded:
                out.append(f"- **{YIELDED}:** “{flat(e.yielded.text)}” [{e.yielded.citation.n}]")
            else:
                out.append(f"- **{YIELDED}:** _{NO_RESULTS}_")
            out.append("")
    view = table(pack)
    if view:
        out += [f"## {SECTION_TITLES['comparison']}", ""]
        out.append("| " + " | ".join(_cell(h) for h in view.header) + " |")
        out.append("|" + "---|" * len(view.header))
        out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in view.rows]
        out.append("")
    if pack.quotes:
        out += [f"## {SECTION_TITLES['quotes']}", ""]
        for quote in pack.quotes:
            out += [f"> “{flat(quote.text)}”", f"> — {where(quote.citation)} [{quote.citation.n}]", ""]
    if pack.discussion:
        out += [f"## {SECTION_TITLES['discussion']}", ""]
        out += [f"{i}. {marked(q.text, q.origin)}" for i, q in enumerate(pack.discussion, 1)] + [""]
    if pack.quiz:
        out += [f"## {SECTION_TITLES['quiz']}", ""]
        for i, q in enumerate(pack.quiz, 1):
            options = f" _(keuze uit: {' / '.join(q.options)})_" if q.options else ""
            out.append(f"{i}. {marked(q.question, q.origin)}{options}")
        out += ["", f"## {SECTION_TITLES['answers']}", ""]
        out += [
            f"{i}. **{q.answer}** — bron [{q.citation.n}]" for i, q in enumerate(pack.quiz, 1)
        ] + [""]
    out += [f"## {SECTION_TITLES['sources']}", ""]
    out += [f"{c.n}. {where(c)} (passage `{c.passage_id}`)" for c in pack.citations]
    # Markdown renders HTML: a "<" from a title or a passage must stay text. Our syntax never needs one.
    return "\n".join(out).replace("<", "&lt;") + "\n"
