"""The loaders' text rules on hand-made strings: HTML, ligatures, PDF paragraphs, running lines, pages."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import (
    PAGE_JOINT,
    LoadedFile,
    Page,
    clean_pdf_page,
    clean_text,
    hyphenated_words,
    load,
    pdf_paragraphs,
    strip_html,
    strip_running_lines,
)

LONG = "De jobcoach bezoekt de kandidaat en de werkgever op de werkvloer in de eerste"  # a full line


def test_html_tags_go_but_italics_and_autolinks_keep_their_words() -> None:
    assert strip_html('<ul style="x"><li>Een <b>vaste</b> coach</li></ul>') == "Een vaste coach"
    assert strip_html("Startbaan <i>Aan de slag</i>") == "Startbaan <i>Aan de slag</i>"
    assert strip_html("Zie <https://www.cedris.nl> of <mailto:info@cedris.nl>.") == (
        "Zie https://www.cedris.nl of mailto:info@cedris.nl.")
    assert strip_html("3 < 5 en 7 > 2, **vet** blijft") == "3 < 5 en 7 > 2, **vet** blijft"


def test_line_ends_non_breaking_spaces_and_ligatures_are_normalised() -> None:
    assert clean_text("a\r\nb\rc\u00a0d \ufb01nanciering \ufb02exibel") == "a\nb\nc d financiering flexibel"


def test_a_hyphen_at_a_line_end_is_kept_only_where_the_word_has_one() -> None:
    assert clean_pdf_page("jobcoa-\nching") == "jobcoaching"
    assert clean_pdf_page("Noord-\nBrabant") == "Noord-Brabant"
    known = frozenset({"werkfit-trajecten"})
    assert clean_pdf_page("werkfit-\n  trajecten", vocabulary=known) == "werkfit-trajecten"
    assert clean_pdf_page("regel met spaties   \nvolgende  ") == "regel met spaties\nvolgende"


def test_hyphenated_words_are_collected_in_lower_case() -> None:
    assert hyphenated_words(["Over Werkfit-trajecten en re-integratie.", "Geen"]) == frozenset(
        {"werkfit-trajecten", "re-integratie"})


def test_wrapped_lines_join_into_one_paragraph_that_ends_at_a_short_closing_line() -> None:
    page = "\n".join([LONG, "maanden na de plaatsing, zodat problemen vroeg worden gezien en", "opgelost.",
                      LONG, LONG + "."])
    paragraphs = pdf_paragraphs(page).split("\n\n")
    assert paragraphs[0] == f"{LONG} maanden na de plaatsing, zodat problemen vroeg worden gezien en opgelost."
    assert paragraphs[1] == f"{LONG} {LONG}."


def test_a_short_line_without_closing_mark_before_text_is_a_heading() -> None:
    page = "\n".join(["3 Resultaten", LONG, LONG + "."])
    assert pdf_paragraphs(page).split("\n\n")[0] == "3 Resultaten"


def test_list_items_stay_on_their_own_lines_and_table_rows_together() -> None:
    page = "\n".join([LONG + ":", "- een vaste jobcoach", "• korte lijnen", "", "Jaar\tAantal", "", "2019\t40",
                      LONG + "."])
    paragraphs = pdf_paragraphs(page).split("\n\n")
    assert paragraphs[1] == "- een vaste jobcoach\n• korte lijnen"
    assert paragraphs[2] == "Jaar\tAantal\n2019\t40"  # the blank line layout mode puts between rows is no break
    assert paragraphs[3] == LONG + "."


def test_an_empty_page_has_no_paragraphs() -> None:
    assert pdf_paragraphs("") == "" and pdf_paragraphs("\n  \n") == ""


def test_running_lines_need_three_pages_and_only_edge_lines_go() -> None:
    two = ["Kop\nTekst een.", "Kop\nTekst twee."]
    assert strip_running_lines(two) == two
    pages = [f"Kop\nInleiding {i}.\nMidden.\nMidden.\nTekst {i}.\nPagina {i}" for i in range(1, 5)]
    out = strip_running_lines(pages)
    assert all("Kop" not in p and "Pagina" not in p for p in out)  # digits do not make a footer differ
    assert all(p.count("Midden.") == 2 for p in out)  # a line inside the page is text, even when repeated


def test_a_page_is_found_by_an_offset_in_the_joined_text() -> None:
    loaded = LoadedFile(Path("x.pdf"), (Page(1, "een"), Page(2, "twee"), Page(3, "drie")))
    assert loaded.text == PAGE_JOINT.join(["een", "twee", "drie"])
    assert [loaded.page_at(loaded.text.index(w)) for w in ("een", "twee", "drie")] == [1, 2, 3]
    assert loaded.page_at(10_000) == 3
    assert LoadedFile(Path("x.txt"), (Page(None, "tekst"),)).page_at(2) is None
    assert LoadedFile(Path("x.txt"), ()).page_at(0) is None


def test_a_text_file_is_one_page_without_a_number_and_loses_its_bom_and_markup(tmp_path: Path) -> None:
    path = tmp_path / "notitie.md"
    path.write_bytes("\ufeffDe <b>jobcoach</b> blijft een half jaar betrokken.\r\n".encode())
    loaded = load(path)
    assert [p.number for p in loaded.pages] == [None]
    assert loaded.text == "De jobcoach blijft een half jaar betrokken.\n"


def test_a_check_mark_opens_an_item_as_it_does_in_answers() -> None:
    page = "\n".join([LONG + ":", "✓ een vaste jobcoach", "✔ korte lijnen", "", LONG + "."])
    assert pdf_paragraphs(page).split("\n\n")[1] == "✓ een vaste jobcoach\n✔ korte lijnen"
