"""Quiz items on made-up statements: cuts at connecting words, fitting distractors, no reused options."""

from __future__ import annotations

from assistant.briefing.quiz import case_items, cut, items
from assistant.briefing.statements import Statement
from assistant.types import Passage


def _s(text: str, pid: str, score: float = 0.5) -> Statement:
    return Statement(Passage(pid, "doc", "Publicatie", "Hoofdstuk", None, text, 0), 0, len(text), score)


REASON = _s(
    "Na plaatsing wordt de kandidaat drie maanden gevolgd, aangezien in die periode vaker problemen ontstaan.", "a"
)
OTHERS = [
    _s("De werkgever krijgt begeleiding op de werkvloer, omdat hij anders afhaakt bij de eerste problemen.", "b"),
    _s("Het traject duurt maximaal zes maanden voor iedere deelnemer, doordat de regeling dat zo voorschrijft.", "c"),
    _s("De gemeente zoekt de werkgevers actief op in de eigen regio, zodat er meer plekken beschikbaar komen.", "d"),
    # A fronted clause: its ending runs into a main clause and fits after no other first half.
    _s("Als blijkt dat een plaatsing bij de werkgever niet haalbaar is, wordt de gemeente geadviseerd.", "e"),
]


def test_a_statement_is_cut_at_its_connecting_word() -> None:
    c = cut(REASON)
    assert c is not None and c.kind == "reden"
    assert c.stem == "Na plaatsing wordt de kandidaat drie maanden gevolgd"
    assert c.ending == "aangezien in die periode vaker problemen ontstaan"
    # "dat" as a pronoun ("dat is …") opens no finding.
    assert cut(_s("Veel deelnemers vinden werk in de eigen regio en dat is goed voor iedereen.", "x")) is None


def test_distractors_are_endings_of_other_passages_that_fit_the_first_half() -> None:
    (item,) = items([REASON], [REASON, *OTHERS], limit=1)
    assert item.answer in item.options and len(item.options) == 4
    wrong = [o for o in item.options if o != item.answer]
    assert all(o.split()[0] in {"omdat", "doordat", "zodat"} for o in wrong)
    assert not any("geadviseerd" in o for o in item.options)


def test_which_practice_questions_use_each_statement_once() -> None:
    by_case = [
        ("Alfa", [_s("Alfa volgt elke kandidaat drie maanden na plaatsing.", "1"), OTHERS[0]]),
        ("Beta", [OTHERS[1], OTHERS[2]]),
        ("Gamma", [REASON, _s("De jobcoach bezoekt de werkplek elke week in de eerste maand.", "2")]),
    ]
    out = case_items(by_case, limit=2, names=["Alfa", "Beta", "Gamma"])
    assert out and all(len(i.options) >= 3 and i.answer in i.options for i in out)
    assert all("Alfa" not in o for i in out for o in i.options)  # a statement naming its case gives it away
    options = [o for i in out for o in i.options]
    assert len(options) == len(set(options))


def test_an_ending_that_holds_a_figure_is_not_asked() -> None:
    # The choice would turn on the number, not on understanding the point.
    figure = _s("De gemeente meet de duurzaamheid van de uitstroom elk jaar, zodat zij op 2 juli het aantal kent.", "f")
    assert cut(figure) is None


def test_an_illustration_is_left_out_of_the_ending() -> None:
    c = cut(_s("Na plaatsing wordt de kandidaat drie maanden gevolgd, aangezien dan vaker problemen ontstaan op "
               "het werk, bijvoorbeeld door stress die de nieuwe baan met zich meebrengt.", "g"))
    assert c is not None and c.ending == "aangezien dan vaker problemen ontstaan op het werk"


def test_a_contrast_is_cut_and_only_offered_contrasts() -> None:
    contrast = _s("Uitstroom naar regulier werk is voor iedere deelnemer het uitgangspunt, maar vaak wordt het "
                  "beschut werk.", "h")
    others = [
        _s("De gemeente wil werkgevers in de regio actief benaderen en binden, maar daar is weinig tijd voor.", "i"),
        _s("Veel deelnemers willen direct aan het werk bij een werkgever, maar hebben eerst scholing nodig.", "j"),
        *OTHERS,
    ]
    (item,) = items([contrast], [contrast, *others], limit=1)
    assert all(o.startswith("maar ") for o in item.options)


def test_distractors_come_from_the_themes_own_points_first() -> None:
    on_theme = _s("De jobcoach bezoekt de werkplek in de eerste weken vaak, omdat de werkgever dan veel vraagt.", "k")
    more = [
        _s("De regio heeft een eigen werkgeversservicepunt opgezet, omdat de markt daar zo krap is.", "l"),
        _s("Het traject wordt vaak met scholing gecombineerd, omdat diploma's de kansen sterk vergroten.", "m"),
    ]
    pool = [REASON, *OTHERS, *more, on_theme]
    # Without a preference the earlier endings of the same kind fill the options.
    (plain,) = items([REASON], pool, limit=1)
    assert "omdat de werkgever dan veel vraagt" not in plain.options
    (item,) = items([REASON], pool, limit=1, preferred={on_theme.key})
    assert "omdat de werkgever dan veel vraagt" in item.options


def test_a_means_and_a_list_are_cut_too() -> None:
    text = "De duurzaamheid van de uitstroom wordt elk jaar gemeten door in de systemen te kijken wie terugkomt."
    means = cut(_s(text, "n"))
    assert means is not None and means.kind == "middel" and means.ending.startswith("door in de systemen")
    listed = cut(_s("Het profiel van de coach noemt vijf kritische factoren: inlevingsvermogen, geduld en humor.", "o"))
    assert listed is not None and listed.kind == "opsomming"
    assert listed.stem.endswith("kritische factoren") and listed.ending == "inlevingsvermogen, geduld en humor"


def test_a_condition_put_first_is_cut_before_its_main_clause() -> None:
    c = cut(_s("Als het traject leidt tot uitstroom naar regulier werk, is er daarna geen nazorg meer.", "q"))
    assert c is not None and c.kind == "hoofdzin"
    assert c.stem == "Als het traject leidt tot uitstroom naar regulier werk"
    assert c.ending == "is er daarna geen nazorg meer"


def test_an_ending_that_says_what_the_answer_says_is_no_distractor() -> None:
    target = _s("Als het traject leidt tot uitstroom naar regulier werk, is er geen nazorg.", "r")
    pool = [
        target,
        _s("Als het traject leidt tot uitstroom naar betaald werk, is er geen sprake van nazorg.", "s"),
        _s("Als het traject niet leidt tot uitstroom, wordt opnieuw beoordeeld welke dienstverlening zinvol is.", "t"),
        _s("Als de cliënt bij een reguliere werkgever is geplaatst, wordt er meestal een jobcoach ingezet.", "u"),
    ]
    (item,) = items([target], pool, limit=1)
    assert "is er geen sprake van nazorg" not in item.options


def test_the_same_question_is_not_asked_twice() -> None:
    first = _s("Als het traject leidt tot uitstroom naar regulier werk, is er geen nazorg.", "v")
    again = _s("Als het traject leidt tot uitstroom naar regulier werk, is er geen sprake van nazorg.", "w")
    pool = [
        first,
        again,
        _s("Als het traject niet leidt tot uitstroom, wordt opnieuw beoordeeld welke dienstverlening zinvol is.", "x"),
        _s("Als de cliënt bij een reguliere werkgever is geplaatst, wordt er meestal een jobcoach ingezet.", "y"),
        _s("Als een plaatsing bij de werkgever niet lukt, zoekt de consulent samen met de cliënt verder.", "z"),
    ]
    out = items([first, again], pool, limit=2)
    assert [i.statement for i in out] == [first]


def test_a_quotation_is_not_cut() -> None:
    quoted = _s("“We zoeken met de gemeente naar plekken, maar we willen een landelijk netwerk”, aldus Dijkstra.", "q")
    assert cut(quoted) is None


def test_a_negated_first_half_is_not_cut_at_its_contrast() -> None:
    # "niet als jobcoach …" can only go on with "maar als …": the answer gives itself away.
    negated = _s("Na plaatsing werken de consultants van het project niet als jobcoach, maar als begeleider.", "n2")
    assert cut(negated) is None


def test_a_distractor_that_names_a_practice_is_not_offered() -> None:
    pool = [
        REASON,
        _s("Bij Alfa krijgt de werkgever begeleiding op de werkvloer, omdat Alfa dat zo heeft afgesproken.", "b2"),
        *OTHERS,
    ]
    (item,) = items([REASON], pool, limit=1, names=["Alfa"])
    assert not any("Alfa" in o for o in item.options)
    (unnamed,) = items([REASON], pool, limit=1)
    assert any("Alfa" in o for o in unnamed.options)  # the same pool, without the names
