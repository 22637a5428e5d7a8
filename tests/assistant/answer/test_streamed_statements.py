"""Cutting a model's growing reply into finished statements (what streaming may check and send), and
a short statement with nothing in common with its source."""

from __future__ import annotations

from assistant.answer.citations import complete_statements, verify
from assistant.types import Hit, Passage


def test_a_statement_is_finished_only_once_text_follows_it() -> None:
    assert complete_statements("Eerste zin.") == ([], "Eerste zin.")
    assert complete_statements("Eerste zin. ") == ([], "Eerste zin. ")
    assert complete_statements("Eerste zin. Tweede") == (["Eerste zin."], " Tweede")
    assert complete_statements("Eerste zin [1]. Tweede zin. Der") == (["Eerste zin [1].", " Tweede zin."], " Der")


def test_a_full_stop_inside_a_number_ends_nothing() -> None:
    assert complete_statements("Het kost 4.500 euro per") == ([], "Het kost 4.500 euro per")


def test_a_marker_still_coming_after_the_full_stop_is_waited_for() -> None:
    assert complete_statements("Zin een.  [2] en verder") == ([], "Zin een.  [2] en verder")
    assert complete_statements("Eerste zin. [1] Tweede") == (["Eerste zin. [1]"], " Tweede")


def test_a_line_break_ends_a_statement_and_the_whole_text_ends_the_last() -> None:
    assert complete_statements("Een:\n- item een\n- item") == (["Een:\n", "- item een\n"], "- item")
    assert complete_statements("Eerste zin. Tweede", final=True) == (["Eerste zin.", " Tweede"], "")


def test_a_short_statement_with_nothing_in_common_with_its_source_is_not_cited() -> None:
    passage = Passage(id="p", document_id="d", document_title="D", section=None, page=None,
                      text="De jobcoach bezoekt de werkgever elke week.", ordinal=0)
    checked = verify("Zwemmen kan [1].", [Hit(passage, 1.0)], unsupported_note="(niet gevonden)")
    assert checked.citations == () and checked.text == "Zwemmen kan (niet gevonden)."
    cited = verify("De jobcoach zwemt [1].", [Hit(passage, 1.0)], unsupported_note="(niet gevonden)")
    assert len(cited.citations) == 1  # one of its two words in common is enough for so short a statement
