"""What an export shows, on a hand-made pack: blocks per audience, notes, sources, and the Markdown of them."""

from __future__ import annotations

from dataclasses import replace

from assistant.briefing.export.markdown import to_markdown
from assistant.briefing.export.view import (
    EVEN,
    EXTRACTIVE_NOTE,
    LLM_MARK,
    LLM_NOTE,
    NO_POINTS,
    NOT_DESCRIBED,
    SECTION_TITLES,
    blocks,
    handout_citations,
    marked,
    notes,
    option_letter,
    pieces,
    synthesis_text,
    title,
    where,
)
from assistant.briefing.types import (
    DID,
    GAVE,
    Agenda,
    AgendaItem,
    DiscussionQuestion,
    Example,
    Pack,
    Point,
    QuizQuestion,
    Statement,
)
from assistant.cases.types import Case
from assistant.types import Citation, Passage

TEXT = ("De jobcoach blijft een half jaar betrokken. Een traject kost 4.500 euro per kandidaat. "
        "Scholing gebeurt op de werkvloer. Werkgevers krijgen een vaste contactpersoon.")
PASSAGE = Passage("p-0", "werkfit", "Werkfit in Testdorp", "3 Kosten", 12, TEXT, 0)
QUOTES = ["De jobcoach blijft een half jaar betrokken.", "Een traject kost 4.500 euro per kandidaat.",
          "Scholing gebeurt op de werkvloer.", "Werkgevers krijgen een vaste contactpersoon."]
C1, C2, C3, C4 = (Citation.of(i, PASSAGE, q) for i, q in enumerate(QUOTES, 1))


def make_pack(**changes: object) -> Pack:
    pack = Pack(
        theme="nazorg",
        documents=None,
        key_points=(Point(QUOTES[0], C1, "Testdorp, Werkfit in Testdorp (2019)", "Nazorg"),
                    Point(QUOTES[1], C2, "Testdorp (2019)", "Kosten")),
        examples=(Example(Case("alfa", "Alfa", "Alfa", "werkfit", "Werkfit", "Alfa", (), ()), "Werkfit (2019)",
                          (Point(QUOTES[2], C3),)),),
        discussion=(DiscussionQuestion("Hoe gaat dat bij u? [1]", (1,)),
                    DiscussionQuestion("Wat neemt u mee?", (), origin="llm")),
        quiz=(QuizQuestion("Werkgevers krijgen …", "een vaste contactpersoon", C4,
                           options=("een bonus", "een vaste contactpersoon", "niets")),),
        citations=(C1, C2, C3, C4),
        agendas=(Agenda(60, (AgendaItem(5, "Opening", "Welkom"), AgendaItem(55, "Discussie", "Praten"))),),
        years={"werkfit": 2019},
        meta={"threshold": 0.42},
    )
    return replace(pack, **changes)  # type: ignore[arg-type]


def kinds(pack: Pack, audience: str = "trainer") -> list[str]:
    return [b.kind for b in blocks(pack, audience)]  # type: ignore[arg-type]


def headings(pack: Pack, audience: str = "trainer") -> list[str]:
    return [b.text for b in blocks(pack, audience) if b.kind == "h2"]  # type: ignore[arg-type]


def test_the_trainer_sees_every_section_in_order() -> None:
    assert headings(make_pack()) == [SECTION_TITLES[k] for k in (
        "agenda", "key_points", "examples", "discussion", "quiz", "answers", "sources")]


def test_the_handout_has_no_agenda_and_no_answer_key() -> None:
    assert headings(make_pack(), "deelnemers") == [SECTION_TITLES[k] for k in (
        "key_points", "examples", "discussion", "quiz", "sources")]
    assert "answer" not in kinds(make_pack(), "deelnemers")


def test_the_handout_leaves_out_sources_only_the_answer_key_cites() -> None:
    assert [c.n for c in handout_citations(make_pack())] == [1, 2, 3]
    sources = [b for b in blocks(make_pack(), "deelnemers") if b.kind == "source"]
    assert [b.marker for b in sources] == ["1", "2", "3"]
    assert [b.marker for b in blocks(make_pack()) if b.kind == "source"] == ["1", "2", "3", "4"]


def test_the_agenda_table_counts_the_clock() -> None:
    (table,) = [b for b in blocks(make_pack()) if b.kind == "table" and b.marker != EVEN]
    assert table.rows == (("Tijd", "Onderdeel", "Wat"), ("0–5 min", "Opening", "Welkom"),
                          ("5–60 min", "Discussie", "Praten"))


def test_points_are_quoted_grouped_by_subtheme_and_cited() -> None:
    out = blocks(make_pack())
    at = [b.text for b in out].index(SECTION_TITLES["key_points"])
    assert [(b.kind, b.text) for b in out[at + 1 : at + 4]] == [
        ("h3", "Nazorg"), ("bullet", f"“{QUOTES[0]}” [1]"), ("context", "Testdorp, Werkfit in Testdorp (2019)")]


def test_the_answer_key_gives_the_letter_and_the_sourced_sentence_once() -> None:
    (answer,) = [b for b in blocks(make_pack()) if b.kind == "answer"]
    assert answer.text == f"B: een vaste contactpersoon — “{QUOTES[3]}” [4]"
    # An option that is the whole sentence is not written twice.
    whole = QuizQuestion("Welke zin klopt?", QUOTES[3], C4, options=("Niets klopt.", QUOTES[3]))
    (answer,) = [b for b in blocks(make_pack(quiz=(whole,))) if b.kind == "answer"]
    assert answer.text == f"B: “{QUOTES[3]}” [4]"
    # Without options there is no letter; an explanation is the sentence shown.
    open_question = QuizQuestion("Wat kost een traject?", "4.500 euro", C2, explanation=QUOTES[1])
    (answer,) = [b for b in blocks(make_pack(quiz=(open_question,))) if b.kind == "answer"]
    assert answer.text == f"4.500 euro — “{QUOTES[1]}” [2]"


def test_options_are_lettered_and_model_text_is_marked() -> None:
    options = [b for b in blocks(make_pack()) if b.kind == "option"]
    assert [b.marker for b in options] == ["A", "B", "C"] == [option_letter(i) for i in range(3)]
    numbered = [b.text for b in blocks(make_pack()) if b.kind == "numbered"]
    assert numbered[1] == f"Wat neemt u mee? {LLM_MARK}" and LLM_MARK not in numbered[0]
    assert marked("a  b\n c", "extractive") == "a b c"


def test_a_pack_without_points_says_so_and_skips_empty_sections() -> None:
    empty = make_pack(key_points=(), examples=(), discussion=(), quiz=(), agendas=(), citations=())
    assert headings(empty) == [SECTION_TITLES["key_points"], SECTION_TITLES["sources"]]
    assert NO_POINTS in [b.text for b in blocks(empty)]


def test_notes_say_how_the_pack_was_made_for_whom() -> None:
    trainer = notes(make_pack())
    assert EXTRACTIVE_NOTE in trainer and any("drempel 0.42" in line for line in trainer)
    handout = notes(make_pack(), "deelnemers")
    assert not any("drempel" in line for line in handout)
    assert LLM_NOTE in notes(make_pack(mode="llm"))
    assert notes(make_pack(notice="Taalmodel niet bereikbaar."))[-1] == "Taalmodel niet bereikbaar."


def test_title_names_theme_and_audience() -> None:
    assert title(make_pack(), "trainer") == "Kennisbijeenkomst: nazorg — versie voor de trainer"
    assert title(make_pack(), "deelnemers").endswith("hand-out voor deelnemers")


def test_where_names_publication_year_section_and_page() -> None:
    assert where(C1, {"werkfit": 2019}) == "Werkfit in Testdorp (2019) — 3 Kosten — p. 12"
    assert where(C1, {"werkfit": None}) == "Werkfit in Testdorp (z.j.) — 3 Kosten — p. 12"
    assert where(C1) == "Werkfit in Testdorp — 3 Kosten — p. 12"
    bare = Citation.of(1, replace(PASSAGE, section=None, page=None), QUOTES[0])
    assert where(bare) == "Werkfit in Testdorp"


def test_a_synthesis_is_split_into_text_and_the_markers_it_can_support() -> None:
    statement = Statement("De coach  blijft [1] en het kost geld [2] [9].", (C1, C2))
    parts = pieces(statement)
    assert parts == [("De coach blijft ", None), ("[1]", C1), (" en het kost geld ", None), ("[2]", C2),
                     (" [9].", None)]  # [9] has no citation: plain text
    pack = make_pack(synthesis=(statement, Statement("Tweede zin.", ())))
    assert synthesis_text(pack) == "De coach blijft [1] en het kost geld [2] [9]. Tweede zin."
    assert SECTION_TITLES["synthesis"] in headings(pack)


def test_markdown_renders_every_block_kind() -> None:
    md = to_markdown(make_pack())
    assert md.startswith("# Kennisbijeenkomst: nazorg — versie voor de trainer\n")
    assert "## Kernpunten\n\n### Nazorg\n\n- “" in md
    assert "| Tijd | Onderdeel | Wat |\n|---|---|---|\n| 0–5 min | Opening | Welkom |" in md
    assert "1. Hoe gaat dat bij u? [1]" in md
    assert "   - B. een vaste contactpersoon" in md
    assert "\n1. Werkfit in Testdorp (2019) — 3 Kosten — p. 12" in md
    assert f"_{EXTRACTIVE_NOTE}_" in md
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_markdown_escapes_pipes_in_table_cells_and_never_emits_html() -> None:
    agenda = Agenda(60, (AgendaItem(60, "Open | dicht", "<script>x</script>"),))
    md = to_markdown(make_pack(agendas=(agenda,)))
    assert "Open \\| dicht" in md
    assert "<script>" not in md and "&lt;script>" in md


def test_a_list_is_closed_by_a_blank_line_before_the_next_heading() -> None:
    md = to_markdown(make_pack())
    assert "_Testdorp (2019)_\n\n## Praktijkvoorbeelden" in md
    table_end = f"“{QUOTES[2]}” [3] |\n| {GAVE} | {NOT_DESCRIBED} |\n\n## Discussievragen"
    assert table_end in md


def test_examples_stand_side_by_side_with_what_they_did_and_what_it_gave() -> None:
    alfa = Case("alfa", "Alfa", "Alfa", "werkfit", "Werkfit", "Alfa", (), ())
    beta = Case("beta", "Beta", "Beta", "werkfit", "Werkfit", "Beta", (), ())
    examples = (
        Example(alfa, "Werkfit (2019)", (Point(QUOTES[2], C3, role=DID), Point(QUOTES[3], C4, role=GAVE))),
        Example(beta, "Werkfit (2019)", (Point(QUOTES[0], C1),)),  # no role: what it does; nothing it gave
    )
    table = [b for b in blocks(make_pack(examples=examples)) if b.kind == "table" and b.marker == EVEN]
    assert len(table) == 1
    header, source, did, gave = table[0].rows
    assert header == ("", "Alfa", "Beta") and source[0] == "Bron"
    assert did[0] == DID and QUOTES[2] in did[1] and "[3]" in did[1] and QUOTES[0] in did[2]
    assert gave[0] == GAVE and QUOTES[3] in gave[1] and gave[2] == NOT_DESCRIBED
