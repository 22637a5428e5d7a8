"""Redaction of citizen service numbers, e-mail addresses and phone numbers."""

from __future__ import annotations

from assistant.language.privacy import BSN_MARK, EMAIL_MARK, PHONE_MARK, is_bsn, redact


def test_eleven_test() -> None:
    assert is_bsn("111222333")
    assert is_bsn("123456782")
    assert not is_bsn("123456789")
    assert not is_bsn("000000000")


def test_bsn_redacted_only_when_valid() -> None:
    assert redact("BSN 123456782 graag").text == f"BSN {BSN_MARK} graag"
    assert redact("BSN 123.456.782").text == f"BSN {BSN_MARK}"
    assert redact("nummer 123456789").text == "nummer 123456789"


def test_email_and_phone() -> None:
    r = redact("Mail piet.jansen@gemeente.nl of bel 06-12345678 of +31 20 123 4567")
    assert r.text == f"Mail {EMAIL_MARK} of bel {PHONE_MARK} of {PHONE_MARK}"
    assert set(r.kinds) == {"email", "phone"}


def test_numbers_in_ordinary_questions_are_kept() -> None:
    for q in (
        "Hoeveel matches in 2016 en 2017?",
        "Kost het 3.200 euro per jaar?",
        "Zijn er 1.800 werkgevers en 600 deelnemers?",
        "Loonwaarde van 50 tot 80%",
    ):
        assert redact(q).text == q
        assert not redact(q).changed


def test_iban_compact_and_spaced_with_mod97_check() -> None:
    from assistant.language.privacy import IBAN_MARK, is_iban

    assert is_iban("NL91ABNA0417164300") and not is_iban("NL91ABNA0417164301")
    assert redact("Rekening NL91ABNA0417164300 graag").text == f"Rekening {IBAN_MARK} graag"
    assert redact("naar nl91 abna 0417 1643 00.").text == f"naar {IBAN_MARK}."
    spaced = redact("DE89 3704 0044 0532 0130 00 en bel +31 20 123 4567")
    assert spaced.text == f"{IBAN_MARK} en bel {PHONE_MARK}" and spaced.kinds == ("iban", "phone")
    # A failed check is a typo, not an IBAN: left whole, never half turned into a phone number.
    typo = "NL91 ABNA 0417 1643 01"
    assert redact(typo).text == typo


def test_eight_digit_bsn_passes_the_eleven_test_with_its_leading_zero() -> None:
    valid = next(str(n) for n in range(10_000_000, 10_001_000) if is_bsn(f"0{n}"))
    invalid = str(int(valid) + 1)
    assert not is_bsn(f"0{invalid}")
    assert redact(f"BSN {valid}").text == f"BSN {BSN_MARK}"
    assert redact(f"nummer {invalid}").text == f"nummer {invalid}"


def test_marks_come_out_of_a_text() -> None:
    from assistant.language.privacy import without_marks

    assert without_marks(redact("Wat weet je over 123456782 en Werkfit?").text) == "Wat weet je over en Werkfit?"


def test_every_written_form_of_a_phone_number_is_redacted() -> None:
    for number in ("020 123 4567", "(020) 1234567", "0031 6 12345678", "+31 (0)6 12345678", "06 1234 5678"):
        r = redact(f"bel {number} vandaag")
        assert r.text == f"bel {PHONE_MARK} vandaag", number
        assert r.kinds == ("phone",)


def test_a_bsn_with_spaces_or_dashes_is_redacted_and_a_longer_number_is_not() -> None:
    assert redact("bsn 1234 56 782").text == f"bsn {BSN_MARK}"
    assert redact("bsn 123-456-782").text == f"bsn {BSN_MARK}"
    assert redact("dossier 1234567820").text == "dossier 1234567820"  # ten digits: no BSN


def test_kinds_are_listed_once_in_the_order_found() -> None:
    r = redact("a@b.nl, c@d.nl en 123456782")
    assert r.text == f"{EMAIL_MARK}, {EMAIL_MARK} en {BSN_MARK}"
    assert r.kinds == ("email", "bsn") and r.changed
    assert not redact("geen persoonsgegevens").changed
