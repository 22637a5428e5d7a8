"""Links in answer text sent to clients that render Markdown: only web, mail and relative links stay."""

from __future__ import annotations

import html
import re

#: Schemes a link may keep; anything else (javascript:, vbscript:, data:, file:) runs or reads locally.
SAFE_SCHEMES = ("http", "https", "mailto")
# [text](target) and ![alt](target); a target may hold balanced parentheses, as in Markdown.
_INLINE = re.compile(r"(!?)\[([^\]\n]*)\]\(((?:[^()\n]|\([^()\n]*\))*)\)")
_AUTOLINK = re.compile(r"<([a-z][a-z0-9+.-]*:[^>\s]*)>", re.IGNORECASE)  # <scheme:...>
_DEFINITION = re.compile(r"(?m)^( {0,3}\[[^\]\n]+\]:[ \t]*)(\S+)(.*)$")  # [ref]: target "title"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_target(target: str) -> bool:
    """Whether a link target is relative or uses a safe scheme (after the decoding renderers do)."""
    # Renderers decode entities and drop control characters and spaces: "java&#115;cript:" runs too.
    decoded = _INVISIBLE.sub("", html.unescape(target.strip().strip("<>")))
    scheme = _SCHEME.match(decoded)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def strip_unsafe_links(text: str) -> str:
    """``text`` with every unsafe link replaced by its text (inline, autolink and reference forms)."""

    def inline(match: re.Match[str]) -> str:
        target = match.group(3).strip().split(" ", 1)[0]
        return match.group(0) if is_safe_target(target) else match.group(2)

    def autolink(match: re.Match[str]) -> str:
        return match.group(0) if is_safe_target(match.group(1)) else ""

    def definition(match: re.Match[str]) -> str:
        return match.group(0) if is_safe_target(match.group(2)) else f"{match.group(1)}#"

    text = _INLINE.sub(inline, text)
    text = _AUTOLINK.sub(autolink, text)
    return _DEFINITION.sub(definition, text)
