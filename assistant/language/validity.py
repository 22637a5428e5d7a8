"""Whether a text is usable typed text: no binary control characters, no lone surrogates."""

from __future__ import annotations

from assistant.errors import InvalidInputError

#: Control characters other than tab and line breaks mean binary data, not typed text.
_ALLOWED_CONTROL = frozenset("\t\n\r")
_CONTROL_LIMIT = 32
#: DEL and the C1 controls: never typed; in a form field they are UTF-8 bytes read as Latin-1.
_C1 = range(0x7F, 0xA0)
_SURROGATES = range(0xD800, 0xE000)
_REPLACEMENT = "\ufffd"


def invalid_text_reason(text: str) -> str | None:
    """Why ``text`` cannot be stored or searched (in words a person can act on), or None when it can."""
    if any(ord(c) in _SURROGATES for c in text):
        # JSON allows "\ud800" on its own; it is no character and cannot be written as UTF-8.
        return "contains an invalid character (a lone UTF-16 surrogate such as \\ud800); send valid UTF-8 text"
    if _REPLACEMENT in text or any(
        (ord(c) < _CONTROL_LIMIT and c not in _ALLOWED_CONTROL) or ord(c) in _C1 for c in text
    ):
        return "contains control characters or binary data; send plain text"
    return None


def check_text(text: str, *, what: str) -> str:
    """``text`` unchanged when it is usable; InvalidInputError (422) naming ``what`` otherwise."""
    reason = invalid_text_reason(text)
    if reason is not None:
        raise InvalidInputError(f"The {what} {reason}.")
    return text
