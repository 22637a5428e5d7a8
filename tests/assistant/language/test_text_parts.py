"""The smaller pieces of Dutch analysis on hand-made words: numbers, vocabulary, near spellings, switches."""

from __future__ import annotations

import pytest

from assistant.language.text import (
    Analyser,
    compound_pair,
    concept_key,
    content_tokens,
    deletions,
    linked_pairs,
    normalise_number,
    stem,
    tokens,
)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("7.000", "7000"),
        ("1.250.000", "1250000"),
        ("€ 3.000", "3000"),
        ("€3000", "3000"),
        ("87 %", "87%"),
        ("87%", "87%"),
        ("2,5", "2,5"),  # a decimal comma is no thousands separator
        ("1.5", "1.5"),  # neither is a point before fewer than three digits
        ("2019", "2019"),
    ],
)
def test_numbers_get_one_form(raw: str, normal: str) -> None:
    assert normalise_number(raw) == normal


def test_percent_words_join_the_number_before_them_only() -> None:
    assert tokens("40 procent") == ["40%"]
    assert tokens("12 pct van de deelnemers") == ["12%", "van", "de", "deelnemers"]
    assert tokens("het procent") == ["het", "procent"]


def test_content_tokens_drop_stop_words_and_keep_numbers() -> None:
    assert content_tokens("De jobcoach blijft een half jaar bij de 120 kandidaten") == [
        "jobcoach", "blijft", "half", "jaar", "120", "kandidaten"
    ]
    assert content_tokens("de het een en van") == []


def test_deletions_leave_out_one_character_each() -> None:
    assert deletions("werk") == {"erk", "wrk", "wek", "wer"}
    assert deletions("aa") == {"a"}
    assert deletions("") == set()


def test_the_vocabulary_counts_content_words_of_three_letters_or_more() -> None:
    vocab = Analyser.build_vocabulary(["De wet en de bijstand", "Bijstand voor 120 mensen in de wet"])
    assert vocab == {"wet": 2, "bijstand": 2, "mensen": 1}
    assert Analyser.build_vocabulary(["tv op de wc"]) == {}  # two letters: too short to be a part
    assert Analyser.build_vocabulary(["De wet en de bijstand", "Bijstand"], min_count=2) == {"bijstand": 2}


def test_near_spellings_are_one_edit_away_and_only_for_long_unknown_words() -> None:
    analyser = Analyser({"jobcoach", "werkgever", "werkgevers", "uitkering"})
    assert analyser.near_spellings("jobcoah") == {"jobcoach"}  # a letter left out
    assert analyser.near_spellings("jobcoachh") == {"jobcoach"}  # a letter too many
    assert analyser.near_spellings("uitkerinq") == {"uitkering"}  # a letter wrong
    assert analyser.near_spellings("werkgevr") == {"werkgever"}
    assert analyser.near_spellings("jobcoach") == set()  # a known word is no misspelling
    assert analyser.near_spellings("coah") == set()  # too short to guess
    assert analyser.near_spellings("jbcoh") == set()  # two edits away
    assert analyser.near_spellings("werkgever5") == set()  # not a word


def test_prepare_builds_the_lookup_once() -> None:
    analyser = Analyser({"jobcoach"})
    assert analyser.prepare() is analyser.prepare()
    assert "jobcoach" in analyser.prepare()["jbcoach"]


def test_a_compound_pair_is_modifier_plus_head() -> None:
    assert compound_pair(("dagbesteding", "aanbieder"), stem) == f"{stem('dagbesteding')}+{stem('aanbieder')}"
    assert compound_pair(("loon", "kosten", "subsidie"), stem) == f"{stem('kosten')}+{stem('subsidie')}"
    assert compound_pair(("werk",), stem) is None
    assert compound_pair((), stem) is None


def test_linked_pairs_read_head_van_modifier_with_an_optional_article() -> None:
    assert linked_pairs(["kosten", "van", "het", "traject"], str) == ["traject+kosten"]
    assert linked_pairs(["plan", "voor", "werk"], str) == ["werk+plan"]
    assert linked_pairs(["kosten", "per", "traject"], str) == []  # "per" links no compound
    assert linked_pairs(["kosten", "van", "het"], str) == []  # nothing after the article
    assert linked_pairs(["kosten", "van", "2019"], str) == []  # a number is no modifier


@pytest.mark.parametrize("switch", ["decompound", "stemming", "phrase_terms", "compound_pair_terms"])
def test_each_analyser_switch_turns_its_terms_off(switch: str) -> None:
    text = "De bijstandsuitkering van Met Werk"
    vocab = {"bijstand", "uitkering"}
    on = set(Analyser(vocab).terms(text))
    off = set(Analyser(vocab, **{switch: False}).terms(text))
    assert on != off
    expected_gone = {
        "decompound": {stem("bijstand"), stem("uitkering")},
        "stemming": {stem("bijstandsuitkering")},
        "phrase_terms": {"met_werk"},
        "compound_pair_terms": {f"{stem('bijstand')}+{stem('uitkering')}"},
    }[switch]
    assert expected_gone <= on and not expected_gone & off


def test_concepts_without_fuzzy_weight_leave_misspellings_alone() -> None:
    analyser = Analyser({"jobcoach"})
    assert analyser.concepts("jobcoah") == {stem("jobcoah"): {stem("jobcoah"): 1.0}}
    fuzzy = analyser.concepts("jobcoah", fuzzy_weight=0.4)
    assert fuzzy[stem("jobcoah")][stem("jobcoach")] == 0.4


def test_a_concept_weight_scales_every_term() -> None:
    concepts = Analyser({"bijstand", "uitkering"}).concepts("bijstandsuitkering", weight=2.0, part_weight=0.5)
    key = stem("bijstandsuitkering")
    assert concepts[key][key] == 2.0 and concepts[key][stem("bijstand")] == 1.0


def test_concept_key_is_the_stem_of_one_word_else_the_folded_text() -> None:
    assert concept_key("Uitkeringen") == stem("uitkeringen")
    assert concept_key("de uitkeringen") == stem("uitkeringen")  # stop words do not count
    assert concept_key("Jobcoach en Werkgever") == "jobcoach en werkgever"
    assert concept_key("Met Werk") == stem("werk")  # "met" is a stop word: one content word left
