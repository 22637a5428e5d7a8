"""Lexicon lines on hand-made input: what becomes a group, what is skipped, what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigurationError
from assistant.language.lexicon import Lexicon, parse
from assistant.language.thesaurus import Thesaurus


def test_comments_blank_lines_and_self_references_give_no_groups() -> None:
    groups = parse(["# kop", "", "   ", "jobcoach\tjobcoach\tjobcoach"])
    assert groups == []  # a word is no synonym nor translation of itself


def test_a_word_without_synonyms_still_gets_its_english() -> None:
    assert [(g.kind, g.terms) for g in parse(["uitkering\t\tbenefit, allowance"])] == [
        ("en", ("benefit", "uitkering")), ("en", ("allowance", "uitkering"))]


def test_spaces_around_entries_do_not_count() -> None:
    (synonyms, english) = parse(["  werkgever \t baas ,  werkgeefster \t employer "])
    assert synonyms.terms == ("werkgever", "baas", "werkgeefster")
    assert english.terms == ("employer", "werkgever")


@pytest.mark.parametrize("line", ["alleen een woord", "a\tb", "a\tb\tc\td", "\tsynoniem\tenglish"])
def test_a_line_without_exactly_three_fields_and_a_word_is_refused(line: str) -> None:
    with pytest.raises(ConfigurationError, match="line 1: expected word, synonyms and English"):
        parse([line], origin="mijn.tsv")


def test_the_error_names_the_file_it_came_from() -> None:
    with pytest.raises(ConfigurationError, match="^mijn.tsv line 3"):
        parse(["# kop", "", "fout"], origin="mijn.tsv")


def test_a_lexicon_file_is_read_as_a_thesaurus(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.tsv"
    path.write_text("# eigen lexicon\nlooptijd\tduur\tduration\n", encoding="utf-8")
    thesaurus = Lexicon.from_file(path)
    assert isinstance(thesaurus, Thesaurus)
    assert "looptijd" in {e.text for e in thesaurus.expand("hoe lang is de duur")}


def test_a_missing_lexicon_file_is_named() -> None:
    with pytest.raises(ConfigurationError, match="No lexicon file at /nergens/lexicon.tsv"):
        Lexicon.from_file(Path("/nergens/lexicon.tsv"))


def test_the_package_ships_a_lexicon() -> None:
    assert Lexicon.bundled() is not None
