"""BM25 index: fields, weighted concepts, filters, persistence and rebuild on a new analyser."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.language.thesaurus import Thesaurus
from assistant.search.lexical import LexicalIndex, LexicalWeights, top_k
from assistant.types import Passage


def p(
    pid: str, text: str, *, doc: str = "a", section: str | None = None, ordinal: int = 0
) -> Passage:
    return Passage(
        id=pid,
        document_id=doc,
        document_title=f"Rapport {doc}",
        section=section,
        page=None,
        text=text,
        ordinal=ordinal,
    )


PASSAGES = [
    p(
        "a1",
        "Het werkgeversservicepunt matcht werkgevers en kandidaten.",
        section="Over WSP Den Haag",
    ),
    p(
        "a2",
        "Mensen met een bijstandsuitkering werken met behoud van uitkering.",
        section="Trajecten",
        ordinal=1,
    ),
    p("a3", "In 2017 kregen 7.000 mensen een baan; 87% bleef.", section="Resultaten", ordinal=2),
    p("b1", "De dagbesteding in Almere leidt naar betaald werk.", doc="b", section="Almere"),
    p("b2", "De bijstand en de uitkering van de gemeente.", doc="b", section="Inkomen", ordinal=1),
]


def test_decompounding_finds_parts_of_compounds() -> None:
    index = LexicalIndex.build(PASSAGES)
    ids = [pid for pid, _ in index.search("bijstandsuitkering", k=5)]
    assert ids[0] == "a2" and "b2" in ids  # b2 has "bijstand" and "uitkering" as separate words


def test_numbers_match_in_any_notation() -> None:
    index = LexicalIndex.build(PASSAGES)
    assert index.search("7000 mensen", k=1)[0][0] == "a3"
    assert index.search("87 procent", k=1)[0][0] == "a3"


def test_section_field_counts_and_thesaurus_expansion_finds_abbreviation() -> None:
    index = LexicalIndex.build(PASSAGES)
    assert index.search("Almere", k=1)[0][0] == "b1"
    expansions = Thesaurus.bundled().expand("WSP")
    assert index.search("WSP", k=1, expansions=expansions)[0][0] == "a1"
    concepts = index.query_concepts("WSP", expansions)
    assert len(concepts) == 1  # the abbreviation and its expansion are one concept


def test_english_query_reaches_dutch_text_through_the_glossary() -> None:
    index = LexicalIndex.build(PASSAGES)
    q = "day activities leading to paid work"
    assert index.search(q, k=1, expansions=Thesaurus.bundled().expand(q))[0][0] == "b1"


def test_document_filter_is_a_mask() -> None:
    index = LexicalIndex.build(PASSAGES)
    assert {pid for pid, _ in index.search("uitkering", k=5, document_ids=["b"])} == {"b2"}
    assert index.search("uitkering", k=5, document_ids=["none"]) == []


def test_weights_switch_parts_of_the_scoring() -> None:
    index = LexicalIndex.build(PASSAGES)
    concepts = index.query_concepts("Almere")
    with_field = index.scores(concepts)
    without = index.scores(concepts, weights=LexicalWeights(fields=0))
    b1 = index.ids.index("b1")
    assert with_field[b1] >= without[b1] > 0
    neighbours = index.scores(concepts, weights=LexicalWeights(neighbours=0.5))
    assert neighbours[index.ids.index("b2")] > 0  # gains from its neighbour b1 in the same document
    assert neighbours[index.ids.index("a3")] == 0  # a3's neighbour is in another document


def test_a_deeper_section_path_does_not_weaken_the_place() -> None:
    passages = [
        p("c1", "Een korte tekst over iets.", doc="c", section="Driekant"),
        p("c2", "Een andere tekst over iets.", doc="c", section="Driekant › Doelgroep › Voorwaarden", ordinal=1),
    ]
    flat = LexicalIndex.build(passages).scores(LexicalIndex.build(passages).query_concepts("Driekant"))
    assert flat[0] == flat[1] > 0  # the place field has no length normalisation by default
    normalised = LexicalIndex.build(passages, weights=LexicalWeights(fields_b=0.75))
    scores = normalised.scores(normalised.query_concepts("Driekant"))
    assert scores[0] > scores[1]  # with it, the longer path would count less


def test_a_compound_query_finds_the_text_that_writes_it_as_head_van_modifier() -> None:
    passages = [
        p("d1", "De aanbieders van dagbesteding ontvangen een vast tarief.", doc="d"),
        p("d2", "Alle aanbieders doen mee; de dagbesteding is in Ede.", doc="d", ordinal=1),
        p("d3", "De gemeente ontvangt een budget voor werk.", doc="d", ordinal=2),
    ]
    index = LexicalIndex.build(passages)
    assert index.search("dagbestedingsaanbieders", k=1)[0][0] == "d1"
    plain = LexicalIndex.build(passages, compound_pair_terms=False)
    scores = plain.scores(plain.query_concepts("dagbestedingsaanbieders"))
    assert scores[0] == scores[1]  # without pair terms both only match the parts


def test_save_load_round_trip_and_rebuild_on_other_analyser(tmp_path: Path) -> None:
    index = LexicalIndex.build(PASSAGES)
    index.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex", passages=PASSAGES)
    assert loaded.search("bijstandsuitkering", k=3) == index.search("bijstandsuitkering", k=3)
    meta = json.loads((tmp_path / "lex" / "meta.json").read_text())
    meta["analyser"] = "old"
    (tmp_path / "lex" / "meta.json").write_text(json.dumps(meta))
    rebuilt = LexicalIndex.load(tmp_path / "lex", passages=PASSAGES)
    assert rebuilt.search("bijstandsuitkering", k=3) == index.search("bijstandsuitkering", k=3)


def test_empty_index_and_unknown_words() -> None:
    empty = LexicalIndex.build([])
    assert empty.search("werk", k=5) == []
    index = LexicalIndex.build(PASSAGES)
    assert index.search("xyzzy", k=5) == []
    assert index.known_share(index.query_concepts("xyzzy werkgevers")) == 0.5


def test_top_k_orders_and_drops_zero_scores() -> None:
    scores = np.array([0.0, 3.0, 1.0, 2.0], dtype=np.float32)
    assert top_k(["a", "b", "c", "d"], scores, 2) == [("b", 3.0), ("d", 2.0)]
    assert [i for i, _ in top_k(["a", "b", "c", "d"], scores, 10)] == ["b", "d", "c"]
