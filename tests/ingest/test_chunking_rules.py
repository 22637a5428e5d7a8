"""Chunking rules on hand-made blocks, with word count as the token count (so sizes are exact)."""

from __future__ import annotations

from ingest.chunking import Chunk, chunk
from ingest.structure import Block


def words(text: str) -> int:
    return len(text.split())


def block(text: str, kind: str = "text", section: tuple[str, ...] = ("1 Aanpak",), *, start: int = 0,
          page: int | None = 1) -> Block:
    return Block(kind, text, section, page, start, start + len(text))  # type: ignore[arg-type]


def pack(blocks: list[Block], *, max_tokens: int = 20, min_tokens: int = 5) -> list[Chunk]:
    return chunk(blocks, count_tokens=words, max_tokens=max_tokens, min_tokens=min_tokens)


SENTENCE = "De jobcoach bezoekt de werkplek elke week."  # 7 words


def test_small_blocks_of_one_section_make_one_passage() -> None:
    (only,) = pack([block(SENTENCE), block(SENTENCE, start=50)])
    assert only.text == f"{SENTENCE}\n\n{SENTENCE}"
    assert (only.start, only.end) == (0, 50 + len(SENTENCE))
    assert only.section == ("1 Aanpak",) and only.kind == "text" and only.page == 1


def test_a_passage_never_crosses_a_section() -> None:
    chunks = pack([block(SENTENCE), block(SENTENCE, section=("2 Resultaten",))])
    assert [c.section for c in chunks] == [("1 Aanpak",), ("2 Resultaten",)]


def test_headings_the_toc_and_page_furniture_are_not_searchable() -> None:
    chunks = pack([block("1 Aanpak", "heading"), block("Inleiding 3", "toc"), block("- 7 -"), block(SENTENCE)])
    assert [c.text for c in chunks] == [SENTENCE]  # "- 7 -" (a page number) has one digit only
    assert pack([block("-"), block("·"), block("4")]) == []  # fewer than two letters or digits


def test_the_colophon_is_kept_apart_from_the_text_of_the_same_section() -> None:
    chunks = pack([block(SENTENCE), block("Tekst en redactie: Testbureau.", "colophon")])
    assert [c.kind for c in chunks] == ["text", "colophon"]


def test_a_passage_of_mixed_kinds_is_text() -> None:
    (only,) = pack([block(SENTENCE), block("- een vaste jobcoach", "list")])
    assert only.kind == "text"
    (lst,) = pack([block("- een vaste jobcoach\n- korte lijnen", "list")])
    assert lst.kind == "list"


def test_long_prose_is_cut_between_sentences_into_even_passages() -> None:
    short = "De jobcoach bezoekt de werkplek."  # 5 words
    text = " ".join([short] * 9)  # 45 words, at most 20 a passage: three of 15, not 20 + 20 + 5
    chunks = pack([block(text)], max_tokens=20)
    assert [words(c.text) for c in chunks] == [15, 15, 15]
    assert all(c.text.endswith(".") for c in chunks)
    assert " ".join(c.text for c in chunks) == text


def test_a_passage_is_not_cut_below_the_minimum_size() -> None:
    short = "De jobcoach bezoekt de werkplek."
    chunks = pack([block(" ".join([short] * 9))], max_tokens=20, min_tokens=20)
    assert [words(c.text) for c in chunks] == [20, 20, 5]


def test_a_long_list_repeats_its_lead_in_every_passage() -> None:
    lead = "Kernpunten:"
    items = [f"- punt {i} over begeleiding op de werkvloer" for i in range(6)]  # 7 words each
    chunks = pack([block("\n".join([lead, *items]), "list")], max_tokens=20)
    assert len(chunks) > 1
    assert all(c.text.startswith(lead) for c in chunks)
    assert all(c.kind == "list" for c in chunks)
    found = [line for c in chunks for line in c.text.split("\n") if line.startswith("- ")]
    assert found == items  # every item whole, once, in order


def test_a_long_table_repeats_its_header_row() -> None:
    header = "Jaar\tDeelnemers\tGeplaatst"
    rows = [f"{2015 + i}\t{100 + i} deelnemers\t{40 + i} geplaatst" for i in range(8)]  # 5 words
    chunks = pack([block("\n".join([header, *rows]), "table")], max_tokens=15)
    assert len(chunks) > 1
    assert all(c.text.split("\n")[0] == header for c in chunks)
    assert [line for c in chunks for line in c.text.split("\n")[1:]] == rows


def test_a_lead_too_long_to_repeat_is_not_repeated() -> None:
    lead = " ".join(["woord"] * 6) + ":"  # 6 of 20 words: more than a quarter
    items = [f"- punt {i} over begeleiding op de werkvloer" for i in range(6)]
    chunks = pack([block("\n".join([lead, *items]), "list")], max_tokens=20)
    assert sum(c.text.startswith("woord") for c in chunks) == 1


def test_an_item_longer_than_the_window_is_cut_between_its_sentences() -> None:
    item = "- " + " ".join([SENTENCE] * 4)  # 28 words in one item
    chunks = pack([block(item, "list")], max_tokens=15)
    assert len(chunks) >= 2
    assert all(words(c.text) <= 15 for c in chunks)


def test_an_oversized_table_row_stays_whole() -> None:
    row = "\t".join(["cel met veel woorden erin"] * 5)  # 25 words in one row
    (only,) = pack([block(row, "table")], max_tokens=10)
    assert only.text == row


def test_a_continuation_line_stays_with_its_item() -> None:
    items = ["- punt een over de werkvloer", "  en nog een regel erbij", "- punt twee over de werkgever"]
    chunks = pack([block("\n".join(items), "list")], max_tokens=8, min_tokens=1)
    assert any("punt een over de werkvloer\n  en nog een regel erbij" in c.text for c in chunks)


def test_no_blocks_give_no_passages() -> None:
    assert pack([]) == []
