"""Compound splitting and acronyms at their edges: what does not split, which split wins, which
capitals are an acronym."""

from __future__ import annotations

from assistant.language.text import MIN_COMPOUND, acronyms, split_compound


def test_a_word_with_digits_or_marks_is_never_split() -> None:
    vocab = {"werk", "plaats", "werkplaats"}
    assert split_compound("werkplaats", vocab) == ("werk", "plaats")
    assert split_compound("werk2plaats", vocab | {"2plaats"}) == ()
    assert split_compound("werk-plaats", vocab | {"-plaats"}) == ()


def test_a_word_shorter_than_the_minimum_is_never_split() -> None:
    vocab = {"loon", "wet"}
    word = "loonwet"
    assert len(word) < MIN_COMPOUND
    assert split_compound(word, vocab) == ()


def test_a_stop_word_is_no_head_of_a_compound() -> None:
    # "over" is a word of any text, but "overwerk" is not "over" + "werk".
    assert split_compound("overwerktijd", {"over", "werk", "tijd", "werktijd"}) == ()
    assert split_compound("overwerktijd", {"overwerk", "tijd"}) == ("overwerk", "tijd")


def test_of_two_splits_in_as_many_parts_the_one_with_the_longer_shortest_part_wins() -> None:
    # werk+geversloket is found first, but its shortest part (4) is shorter than werkgevers+loket's (5).
    assert split_compound("werkgeversloket", {"werk", "geversloket", "werkgevers", "loket"}) == (
        "werkgevers", "loket"
    )
    # Fewest parts first: werk+gevers+loket (three) loses to werkgevers+loket (two).
    assert split_compound("werkgeversloket", {"werk", "gevers", "werkgevers", "loket"}) == ("werkgevers", "loket")
    # ... even when the longer split's parts are all longer (zorg+werk+loket against zorgwerklo+ket).
    assert split_compound("zorgwerkloket", {"zorg", "werk", "loket", "zorgwerklo", "ket"}) == ("zorgwerklo", "ket")


def test_a_linking_s_or_en_joins_the_parts() -> None:
    assert split_compound("arbeidsmarkt", {"arbeid", "markt"}) == ("arbeid", "markt")
    assert split_compound("boekenkast", {"boek", "kast"}) == ("boek", "kast")


def test_a_single_capital_is_no_acronym_but_two_are() -> None:
    assert acronyms("Het UWV en gemeente A werken samen") == frozenset({"uwv"})
    assert acronyms("De WW, de WIA en de IOW") == frozenset({"ww", "wia", "iow"})  # commas break the run


def test_capitals_of_a_heading_run_are_no_acronyms() -> None:
    # Three capitalised words in a row are a heading in capitals, not three acronyms.
    assert acronyms("RESULTATEN VAN HET PROJECT bij het UWV") == frozenset({"uwv"})
