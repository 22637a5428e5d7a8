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
