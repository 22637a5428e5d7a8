"""Redaction at its edges: digit runs too short for a phone number, an IBAN needs a country code."""

from __future__ import annotations

import pytest

from assistant.language.privacy import is_iban, redact


@pytest.mark.parametrize("text", ["Bel 020 123 45 voor info", "Kamer 0612 345 in gebouw B", "code 06 1234 5"])
def test_a_digit_run_shorter_than_a_phone_number_is_left_alone(text: str) -> None:
    assert redact(text).text == text and not redact(text).changed


def test_an_iban_starts_with_a_country_code_even_when_the_check_digits_fit() -> None:
    assert is_iban("NL91ABNA0417164300")
    assert not is_iban("10780417164300ABNA")  # passes mod 97, but starts with digits
