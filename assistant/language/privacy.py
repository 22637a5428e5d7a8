"""Redaction of personal data (citizen service numbers, e-mail addresses, phone numbers) in questions."""

from __future__ import annotations

import re
from dataclasses import dataclass

BSN_MARK = "[BSN]"
EMAIL_MARK = "[e-mailadres]"
PHONE_MARK = "[telefoonnummer]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
# Nine digits, optionally grouped with dots, spaces or dashes (123.456.782, 1234 56 782).
_NINE_DIGITS = re.compile(r"(?<![\d.,])\d(?:[ .-]?\d){8}(?![\d]|[.,]\d)")
# International (+31 6 12345678, 0031 20 ...) or Dutch national (06-12345678, 020 123 4567) numbers.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{1,3}[ .-]?(?:\(0\)[ .-]?)?\d(?:[ .-]?\d){6,10}"
    r"|\(?0\d{1,3}\)?[ .-]?\d(?:[ .-]?\d){5,7})(?!\d)"
)
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_BSN_MODULUS = 11
_PHONE_DIGITS = (10, 11, 12, 13)  # Dutch numbers have 10 digits; with a country code 11 or 12


@dataclass(frozen=True)
class Redaction:
    """A text with personal data replaced, and which kinds were found."""

    text: str
    kinds: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything was redacted."""
        return bool(self.kinds)


def is_bsn(digits: str) -> bool:
    """Whether nine digits pass the Dutch 11-test for citizen service numbers."""
    if len(digits) != len(_BSN_WEIGHTS) or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS, strict=True))
    return total % _BSN_MODULUS == 0


def redact(text: str) -> Redaction:
    """Replace citizen service numbers, e-mail addresses and phone numbers in ``text``."""
    kinds: list[str] = []

    def email(match: re.Match[str]) -> str:
        kinds.append("email")
        return EMAIL_MARK

    def bsn(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if is_bsn(digits):
            kinds.append("bsn")
            return BSN_MARK
        return match.group(0)

    def phone(match: re.Match[str]) -> str:
        if len(re.sub(r"\D", "", match.group(0))) not in _PHONE_DIGITS:
            return match.group(0)
        kinds.append("phone")
        return PHONE_MARK

    # Phone numbers before BSNs: the nine digits after a country code are not a BSN.
    out = _EMAIL.sub(email, text)
    out = _PHONE.sub(phone, out)
    out = _NINE_DIGITS.sub(bsn, out)
    return Redaction(out, tuple(dict.fromkeys(kinds)))
