"""Redaction of personal data (citizen service numbers, IBANs, e-mail addresses, phone numbers) in questions."""

from __future__ import annotations

import re
from dataclasses import dataclass

BSN_MARK = "[BSN]"
EMAIL_MARK = "[e-mailadres]"
PHONE_MARK = "[telefoonnummer]"
IBAN_MARK = "[IBAN]"
#: Every mark redaction leaves in a text: never a subject, a name or a search term.
MARKS = (BSN_MARK, EMAIL_MARK, PHONE_MARK, IBAN_MARK)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
# Eight or nine digits, optionally grouped with dots, spaces or dashes (123.456.782, 1234 56 782);
# an eight-digit BSN is a nine-digit one with its leading zero left off.
_BSN_DIGITS = re.compile(r"(?<![\d.,])\d(?:[ .-]?\d){7,8}(?![\d]|[.,]\d)")
# Country code, two check digits, then 11-30 letters and digits, compact or in groups of four
# (NL91ABNA0417164300, NL91 ABNA 0417 1643 00); the mod-97 check decides.
_IBAN = re.compile(
    r"(?<![\w])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![\w])",
    re.IGNORECASE,
)
_IBAN_MODULUS = 97
# International (+31 6 12345678, 0031 20 ...) or Dutch national (06-12345678, 020 123 4567) numbers.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{1,3}[ .-]?(?:\(0\)[ .-]?)?\d(?:[ .-]?\d){6,10}"
    r"|\(?0\d{1,3}\)?[ .-]?\d(?:[ .-]?\d){5,7})(?!\d)"
)
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_BSN_MODULUS = 11
_BSN_LENGTH = 9
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


def is_iban(text: str) -> bool:
    """Whether ``text`` (spaces allowed) is an IBAN with a valid mod-97 check."""
    compact = text.replace(" ", "").upper()
    if not (15 <= len(compact) <= 34) or not compact.isalnum() or not compact[:2].isalpha():
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % _IBAN_MODULUS == 1


def redact(text: str) -> Redaction:
    """Replace citizen service numbers, IBANs, e-mail addresses and phone numbers in ``text``."""
    kinds: list[str] = []

    def email(match: re.Match[str]) -> str:
        kinds.append("email")
        return EMAIL_MARK

    def bsn(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0)).rjust(_BSN_LENGTH, "0")
        if is_bsn(digits):
            kinds.append("bsn")
            return BSN_MARK
        return match.group(0)

    def iban(match: re.Match[str]) -> str:
        if not is_iban(match.group(0)):
            return match.group(0)
        kinds.append("iban")
        return IBAN_MARK

    def phone(match: re.Match[str]) -> str:
        # Digits inside something shaped like an IBAN (a failed check: a typo) are not a phone number.
        if any(start <= match.start() < end for start, end in iban_shaped):
            return match.group(0)
        if len(re.sub(r"\D", "", match.group(0))) not in _PHONE_DIGITS:
            return match.group(0)
        kinds.append("phone")
        return PHONE_MARK

    # IBANs before phone numbers (a spaced IBAN's digit groups look like one), phone numbers
    # before BSNs (the nine digits after a country code are not a BSN).
    out = _EMAIL.sub(email, text)
    out = _IBAN.sub(iban, out)
    iban_shaped = [m.span() for m in _IBAN.finditer(out)]
    out = _PHONE.sub(phone, out)
    out = _BSN_DIGITS.sub(bsn, out)
    return Redaction(out, tuple(dict.fromkeys(kinds)))


def without_marks(text: str) -> str:
    """``text`` with the redaction marks taken out (they stand for personal data, not words)."""
    for mark in MARKS:
        text = text.replace(mark, " ")
    return " ".join(text.split())
