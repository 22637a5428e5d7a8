"""Contact lines and back matter: the parts of a publication that say nothing about its subject.

One place for what ingest (a contact line is no heading; a "Colofon" heading starts the colophon),
the case cells (a contact or a colophon line is never a cell) and the briefing statements (back
matter gives no key point) used to decide each with a pattern of its own.
"""

from __future__ import annotations

import re

from assistant.language.text import fold

#: An e-mail address, a web address, an "E-mail:"/"Tel.:" label or a Dutch phone number.
_CONTACT = re.compile(
    r"@|\bwww\.|https?://|\be-?mail\s*:|\btel(?:efoon)?\.?\s*:?\s*\+?\d|\b0\d{2,3}[- ]?\d{6,7}\b",
    re.IGNORECASE,
)
#: A heading that opens the colophon (exactly that word, as publications typeset it).
_COLOPHON_HEADING = re.compile(r"^(?:colofon|colophon|impressum)$", re.IGNORECASE)
#: Words that start a back-matter section title: the colophon, the people thanked or interviewed,
#: contact details, the literature, sources, appendices, the table of contents, the accounting for
#: the method. Matched at a word start, so "Literatuurlijst" counts and "Hulpbronnen" does not.
_BACK_MATTER = re.compile(
    r"\b(?:colofon|colophon|impressum|contactgegevens|contactpersonen|geinterviewde|met dank aan"
    r"|literatuur|bronnen|bijlage|inhoudsopgave|verantwoording)"
)


def is_contact_line(text: str) -> bool:
    """Whether ``text`` holds contact details: an address, a web link, a phone number or its label."""
    return bool(_CONTACT.search(text))


def is_colophon_heading(heading: str) -> bool:
    """Whether ``heading`` (stripped) is the title that opens a colophon."""
    return bool(_COLOPHON_HEADING.match(heading.strip()))


def is_back_matter(section: str | None) -> bool:
    """Whether a section title or path lies in the back matter (any of its parts, accents folded)."""
    return bool(section) and bool(_BACK_MATTER.search(fold(section or "")))
