"""Dutch analysis: tokens keep numbers and amounts, accents fold, compounds split, stems are classic."""

from __future__ import annotations

from assistant.language.text import Analyser, fold, names, phrases, split_compound, stem, tokens


def test_tokens_keep_numbers_percentages_and_amounts() -> None:
    assert tokens("Het kost € 3.000 of €3000, 7.000 mensen, 87% en 87 procent, 2,5 uur") == [
        "het",
        "kost",
        "3000",
        "of",
        "3000",
        "7000",
        "mensen",
        "87%",
        "en",
        "87%",
        "2,5",
        "uur",
    ]


def test_fold_strips_accents_and_lowercases() -> None:
    assert fold("Cliënten één Fryslân") == "clienten een fryslan"
    assert tokens("PMC’s") == ["pmc's"]


def test_stemmer_is_classic_snowball_dutch() -> None:
    # The newer Snowball "dutch" turns "begeleid" into "beleid" and "gemeenten" into "meen".
    assert stem("begeleiding") == stem("begeleid") == "begeleid"
    assert stem("gemeenten") == "gemeent"
    assert stem("2017") == "2017"


def test_split_compound_against_vocabulary() -> None:
    vocab = {"bijstand", "uitkering", "loonkosten", "subsidie", "participatie", "wet", "werk"}
    assert split_compound("bijstandsuitkering", vocab) == ("bijstand", "uitkering")
    assert split_compound("loonkostensubsidie", vocab) == ("loonkosten", "subsidie")
    assert split_compound("participatiewet", vocab) == ("participatie", "wet")
    assert split_compound("werkgever", vocab) == ()  # "gever" is no word of the vocabulary
    assert split_compound("werk", vocab) == ()


def test_analyser_indexes_parts_and_phrases() -> None:
    analyser = Analyser({"bijstand", "uitkering"})
    terms = analyser.terms("Met Werk en de bijstandsuitkering")
    assert {stem("bijstandsuitkering"), stem("bijstand"), stem("uitkering")} <= set(terms)
    assert "met_werk" in terms and "en_de" not in terms  # two stop words make no phrase


def test_query_concepts_weigh_parts_and_near_spellings_lower() -> None:
    analyser = Analyser({"bijstand", "uitkering", "kerstengelden"})
    concepts = analyser.concepts(
        "bijstandsuitkering kerstensgelden", part_weight=0.5, fuzzy_weight=0.4
    )
    whole = concepts[stem("bijstandsuitkering")]
    assert whole[stem("bijstandsuitkering")] == 1.0 and whole[stem("uitkering")] == 0.5
    assert concepts[stem("kerstensgelden")][stem("kerstengelden")] == 0.4  # one letter off


def test_names_and_phrases() -> None:
    assert names("Uit welke bedrijven bestaat het samenwerkingsverband Met Werk?") == [
        ["met", "werk"]
    ]
    assert names("het Rijk van Nijmegen") == [["rijk", "van", "nijmegen"]]
    assert phrases(["rijk", "van", "nijmegen"]) == ["rijk_van", "van_nijmegen"]
    concepts = Analyser().concepts(
        "samenwerkingsverband Met Werk", phrase_weight=0.3, name_weight=1.0
    )
    assert concepts["met_werk"]["met_werk"] == 1.0


def test_words_that_only_frame_a_question_are_no_terms() -> None:
    terms = Analyser().terms("Welke opvattingen over werkfit kwamen daarover naar voren?")
    assert terms[:2] == [stem("opvattingen"), stem("werkfit")]
    assert not {stem("kwamen"), stem("daarover"), stem("voren")} & set(terms)


def test_acronyms_are_kept_where_their_lower_case_is_a_stop_word() -> None:
    from assistant.language.text import acronyms

    assert acronyms("In 2017 verzorgt UW werkfit-trajecten; ISD BOL ook.") == {"uw", "isd", "bol"}
    assert acronyms("CASUS: DRIEKANT EN VAN DE REGIO") == frozenset()  # a heading in capitals
    assert stem("uw") in Analyser().terms("Wat biedt UW?")
    assert "uw" not in Analyser().terms("Wat is uw vraag?")


def test_a_compound_query_word_also_matches_its_parts_written_apart() -> None:
    concepts = Analyser({"tomin", "groep"}).concepts("Tomingroep", phrase_weight=0.3)
    assert concepts[stem("tomingroep")]["tomin_groep"] == 1.0
    assert "tomin_groep" in Analyser().terms("de Tomin groep")


def test_a_compound_and_its_head_van_modifier_phrase_share_a_pair_term() -> None:
    analyser = Analyser(["dagbesteding", "aanbieders", "aanbieder", "uitkering", "behoud"])
    written_apart = analyser.terms("De aanbieder van dagbesteding en het behoud van de uitkering.")
    assert "dagbested+aanbieder" in written_apart and "uitker+behoud" in written_apart
    assert "dagbested+aanbieder" in analyser.terms("Dagbestedingsaanbieders ontvangen een tarief.")
    concepts = analyser.concepts("Wat ontvangen dagbestedingsaanbieders?")
    # The pair term is the compound itself, so it counts as fully as the word.
    assert concepts["dagbestedingsaanbieder"]["dagbested+aanbieder"] == 1.0
    asked_apart = analyser.concepts("Wat krijgt de aanbieder van dagbesteding?", pair_weight=0.5)
    assert asked_apart["dagbested+aanbieder"] == {"dagbested+aanbieder": 0.5}
    assert "werk+uren" in analyser.terms("de uren van het werk")  # an article may stand between
    assert not [t for t in analyser.terms("dat van hem, een van de") if "+" in t]  # stop words never pair


def test_prepositions_are_no_terms_even_where_their_stem_is_a_verb() -> None:
    concepts = Analyser([]).concepts("Wat gebeurt volgens de organisaties tijdens de intake?")
    assert "volgen" not in concepts and "tijden" not in concepts  # "volgen" (follow) is a verb
    assert "intak" in concepts or "intake" in concepts


def test_a_word_that_opens_a_sentence_is_not_swallowed_into_the_name_after_it() -> None:
    from assistant.language.text import proper_names

    assert proper_names("Is Cycloon een SW-bedrijf?") == [["cycloon"], ["sw", "bedrijf"]]
    assert proper_names("Wat doet de gemeente? Daarna Cycloon.") == [["cycloon"]]
    assert proper_names("Volgens Het Werkbedrijf helpt het.") == [["werkbedrijf"]]
    # Inside a sentence a name keeps every word, and "en" / "in" separate two names.
    assert proper_names("Wat doet Met Werk in Den Haag?") == [["met", "werk"], ["den", "haag"]]
    assert proper_names("Wat doen Pastiel en Cycloon?") == [["pastiel"], ["cycloon"]]
    assert proper_names("Den Haag en Almere") == [["den", "haag"], ["almere"]]
    # A single capitalised word that only opens the sentence is no name; an acronym always is.
    assert proper_names("Cycloon helpt mensen.") == []
    assert proper_names("UWV helpt mensen.") == [["uwv"]]


def test_remembered_tokens_and_terms_are_fresh_lists_each_call() -> None:
    # Both are cached per text; a caller that changes its list must not change the next caller's.
    text = "De jobcoach begeleidt werkzoekenden naar betaald werk."
    first = tokens(text)
    first.append("verzonnen")
    assert tokens(text) == [w for w in first if w != "verzonnen"]
    analyser = Analyser({"werk", "zoekenden"})
    terms = analyser.terms(text)
    expected = list(terms)
    terms.clear()
    assert analyser.terms(text) == expected != []
