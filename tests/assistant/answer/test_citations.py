"""Citation checking: markers verified against their passage, quotes verbatim, unsupported ones flagged."""

from __future__ import annotations

from assistant.answer.citations import alternatives, best_unit, complete_statements, statements, support, verify
from assistant.language.thesaurus import Thesaurus, parse
from assistant.types import Hit, Passage

P1 = Passage(
    "p1",
    "d",
    "Doc",
    "A",
    1,
    "In 2017 verzorgt UW voor 160 cliënten werkfit-trajecten. UW zit in Utrecht.",
    0,
)
P2 = Passage("p2", "d", "Doc", "B", 2, "- Sociale vaardigheden\n- Motivatie\n- Leerhouding", 1)
HITS = [Hit(P1, 1.0), Hit(P2, 0.5)]


def test_support_requires_the_numbers() -> None:
    assert (
        support("UW helpt 160 cliënten", "In 2017 verzorgt UW voor 160 cliënten werkfit-trajecten.")
        > 0.5
    )
    assert (
        support("UW helpt 170 cliënten", "In 2017 verzorgt UW voor 160 cliënten werkfit-trajecten.")
        == 0.0
    )


def test_best_unit_is_a_verbatim_sentence_or_item() -> None:
    unit, score = best_unit("Motivatie is belangrijk", P2)
    assert unit is not None and unit.text == "- Motivatie" and score > 0
    unit, _ = best_unit("UW ligt in Utrecht", P1)
    assert unit is not None and unit.text == "UW zit in Utrecht."


def test_verify_renumbers_and_flags() -> None:
    text = "UW helpt 160 cliënten [1]. Motivatie telt [2]. Cycloon heeft 12 fietsen [1].\n- Leerhouding [2]"
    checked = verify(text, HITS, unsupported_note="(niet gevonden)")
    assert [c.passage_id for c in checked.citations] == ["p1", "p2", "p2"]
    assert [c.n for c in checked.citations] == [1, 2, 3]
    for c in checked.citations:
        assert c.quote in {"p1": P1.text, "p2": P2.text}[c.passage_id]
    assert checked.text == (
        "UW helpt 160 cliënten [1]. Motivatie telt [2]. Cycloon heeft 12 fietsen (niet gevonden).\n- Leerhouding [3]"
    )
    assert checked.unsupported == ("Cycloon heeft 12 fietsen.",)


def test_markers_out_of_range_are_dropped() -> None:
    checked = verify("UW helpt 160 cliënten [7].", HITS, unsupported_note="(?)")
    assert checked.citations == () and checked.text == "UW helpt 160 cliënten (?)."


def test_same_quote_shares_one_number() -> None:
    checked = verify(
        "UW helpt 160 cliënten [1]. In 2017 waren het 160 cliënten [1].",
        HITS,
        unsupported_note="(?)",
    )
    assert len(checked.citations) == 1
    assert checked.text.count("[1]") == 2


def test_source_numbering_keeps_each_sources_own_number() -> None:
    from assistant.answer.citations import statements

    text = "Motivatie telt [2]. UW helpt 160 cliënten [1]. Cycloon heeft 12 fietsen [2]."
    checked = verify(text, HITS, unsupported_note="(?)", numbering="source")
    assert [(c.n, c.passage_id) for c in checked.citations] == [(2, "p2"), (1, "p1")]
    assert checked.text.startswith("Motivatie telt [2]. UW helpt 160 cliënten [1].")
    assert checked.unsupported == ("Cycloon heeft 12 fietsen.",)
    assert statements(text) == [
        "Motivatie telt [2].",
        " UW helpt 160 cliënten [1].",
        " Cycloon heeft 12 fietsen [2].",
    ]


def test_statements_end_at_sentence_marks_and_line_breaks_with_their_markers() -> None:
    from assistant.answer.citations import statements

    text = "UW zit in Utrecht [1]. Het helpt 160 cliënten [1][2]!\n- Motivatie [2]\nGeen bron"
    assert statements(text) == ["UW zit in Utrecht [1].", " Het helpt 160 cliënten [1][2]!", "- Motivatie [2]\n",
                                "Geen bron"]


def test_a_short_statement_needs_only_some_overlap_a_long_one_half() -> None:
    v = verify("Motivatie [2].", HITS, unsupported_note="(x)")
    assert v.unsupported == () and v.citations[0].quote == "- Motivatie"
    long = "UW verzorgt trajecten met paarden, honden, katten en konijnen in Utrecht [1]."
    assert verify(long, HITS, unsupported_note="(x)").unsupported == (long.replace(" [1]", ""),)


def test_an_unsupported_marker_is_replaced_by_the_note_before_the_full_stop() -> None:
    v = verify("Honden helpen [1].", HITS, unsupported_note="(niet gevonden)")
    assert v.text == "Honden helpen (niet gevonden)." and v.citations == ()


def test_text_without_markers_passes_unchanged() -> None:
    text = "Volgens de publicatie:\nGeen bronnen hier."
    v = verify(text, HITS, unsupported_note="(x)")
    assert v.text == text and v.citations == () and v.unsupported == ()


def test_support_is_a_share_of_the_statements_terms_and_prefixes_count() -> None:
    assert support("", "iets") == 0.0
    assert support("UW Utrecht", "UW zit in Utrecht.") == 1.0
    assert support("werkfit", "werkfit-trajecten voor cliënten") == 1.0
    assert 0.0 < support("UW zit in Amsterdam", "UW zit in Utrecht.") < 1.0


def test_a_statement_with_a_figure_its_passage_does_not_give_is_not_cited() -> None:
    wrong = verify("In 2017 verzorgt UW voor 170 cliënten werkfit-trajecten [1].", HITS, unsupported_note="(x)")
    assert wrong.citations == () and wrong.text.endswith("(x).")
    right = verify("In 2017 verzorgt UW voor 160 cliënten werkfit-trajecten [1].", HITS, unsupported_note="(x)")
    assert right.citations and "160" in right.citations[0].quote
    unit, score = best_unit("UW helpt 170 cliënten", P1)
    assert score == 0.0 or unit is None or "170" in unit.text


# A hand-made vocabulary in the lexicon's form: English words and a Dutch synonym.
VOCABULARY = Thesaurus(
    parse(["en\tparticipants\tdeelnemers", "en\tyear\tjaar", "en\tjob\tbaan", "~\tbaan\twerkplek"])
)
P3 = Passage("p3", "d", "Doc", "C", 3, "Jaarlijks 600 deelnemers. Per jaar vinden 90 deelnemers een baan.", 2)


def test_an_english_statement_is_found_by_the_dutch_of_its_words() -> None:
    english = "Each year 90 participants find a job [1]."
    assert not verify(english, [Hit(P3, 1.0)], unsupported_note="(?)").citations
    checked = verify(english, [Hit(P3, 1.0)], unsupported_note="(?)", vocabulary=[VOCABULARY])
    assert [c.quote for c in checked.citations] == ["Per jaar vinden 90 deelnemers een baan."]


def test_alternatives_map_a_statement_term_to_its_other_forms_only() -> None:
    # Stems on both sides, as support compares them ("baan" is "ban").
    other = alternatives("Participants often find a baan [1].", [VOCABULARY])
    assert other == {"participant": frozenset({"deelnemer"}), "ban": frozenset({"werkplek"})}
    assert alternatives("Nothing here matches [1].", [VOCABULARY]) == {}


def test_a_translated_statement_still_needs_its_numbers() -> None:
    other = alternatives("700 participants per year [1].", [VOCABULARY])
    assert support("700 participants per year [1].", "Per jaar 700 deelnemers.", other) == 1.0
    assert support("700 participants per year [1].", "Per jaar 600 deelnemers.", other) == 0.0


P4 = Passage("p4", "d", "Doc", "D", 4, "Een traject kost 1.500 euro per deelnemer.", 3)
P5 = Passage("p5", "d", "Doc", "E", 5, "De aanbieder krijgt hiervoor 3.200 euro per jaar.", 4)


def test_a_sentence_merging_two_sources_is_judged_clause_by_clause() -> None:
    text = "Een traject kost 1.500 euro per deelnemer [1]; de aanbieder krijgt 3.200 euro per jaar [2]."
    checked = verify(text, [Hit(P4, 1.0), Hit(P5, 0.5)], unsupported_note="(?)")
    assert [c.passage_id for c in checked.citations] == ["p4", "p5"]
    assert checked.unsupported == ()


def test_a_clause_is_still_judged_on_its_own_figures() -> None:
    text = "Een traject kost 1.500 euro per deelnemer [1]; de aanbieder krijgt 4.000 euro per jaar [2]."
    checked = verify(text, [Hit(P4, 1.0), Hit(P5, 0.5)], unsupported_note="(?)")
    assert [c.passage_id for c in checked.citations] == ["p4"]


def test_an_abbreviation_does_not_end_a_statement() -> None:
    text = "De training wordt gegeven door Traject B.V. in Leeuwarden [1]. Daarna volgt werk [2]."
    first = "De training wordt gegeven door Traject B.V. in Leeuwarden [1]."
    assert statements(text) == [first, " Daarna volgt werk [2]."]
    done, rest = complete_statements("De training wordt gegeven door Traject B.V. in")
    assert done == [] and rest.startswith("De training")


def test_a_number_written_the_english_way_is_the_dutch_sources_number() -> None:
    assert support("5,800 people use day activities", "5.800 mensen gebruiken dagbesteding") > 0
    assert support("5,900 people use day activities", "5.800 mensen gebruiken dagbesteding") == 0.0
    assert support("1,5 miljoen euro", "Het kost 15 miljoen euro") == 0.0  # a decimal comma stays a decimal
