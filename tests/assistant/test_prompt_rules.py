"""Prompt templates on hand-made files: variables found, braces escaped, mismatches named; core types."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import PromptError
from assistant.prompts import Prompt, PromptLibrary, template_variables
from assistant.types import SECTION_SEPARATOR, Citation, Passage

REQUIRED = {"answer": frozenset({"question", "passages"}), "condense": frozenset({"history"})}


def write(folder: Path, **files: str) -> Path:
    for name, text in files.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def test_variables_are_the_named_fields_and_double_braces_are_text() -> None:
    assert template_variables("Vraag: {question}\n{passages}\n{{ geen variabele }}") == {"question", "passages"}
    assert template_variables("Zonder variabelen.") == frozenset()
    with pytest.raises(ValueError, match="write '\\{\\{' for a brace"):
        template_variables("JSON: {\"a\": 1}")


def test_a_library_loads_every_required_prompt_and_renders_it(tmp_path: Path) -> None:
    write(tmp_path, answer="Beantwoord {question} uit {passages}. {{JSON}}", condense="Gesprek: {history}")
    library = PromptLibrary.load(tmp_path, required=REQUIRED)
    assert library.render("answer", question="Wat kost het?", passages="[1] ...") == (
        "Beantwoord Wat kost het? uit [1] .... {JSON}")
    assert library.get("condense").variables == {"history"}
    with pytest.raises(PromptError, match="no prompt called 'samenvatting'"):
        library.get("samenvatting")


def test_a_prompt_file_with_other_variables_names_what_is_missing_and_unknown(tmp_path: Path) -> None:
    write(tmp_path, answer="Beantwoord {vraag} uit {passages}.", condense="{history}")
    with pytest.raises(PromptError, match=r"missing variables \['question'\], unknown variables \['vraag'\]"):
        PromptLibrary.load(tmp_path, required=REQUIRED)


def test_a_malformed_prompt_file_is_named(tmp_path: Path) -> None:
    write(tmp_path, answer="{question} {passages} {1abc}", condense="{history}")
    with pytest.raises(PromptError, match="answer.md: '\\{1abc\\}' is not a variable name"):
        PromptLibrary.load(tmp_path, required=REQUIRED)


def test_rendering_needs_exactly_the_variables() -> None:
    prompt = Prompt("p", "{a} en {b}", frozenset({"a", "b"}))
    assert prompt.render(a="x", b="y") == "x en y"
    with pytest.raises(PromptError, match=r"takes \['a', 'b'\], was given \['a'\]"):
        prompt.render(a="x")
    with pytest.raises(PromptError):
        prompt.render(a="x", b="y", c="z")


PASSAGE = Passage("w-1", "w", "Werkfit", f"3 Kosten{SECTION_SEPARATOR}Pastiel", 12, "Een traject kost 4.500 euro.", 0)


def test_a_citation_must_quote_its_passage_verbatim() -> None:
    citation = Citation.of(2, PASSAGE, "4.500 euro")
    assert (citation.n, citation.passage_id, citation.document_id, citation.section, citation.page) == (
        2, "w-1", "w", PASSAGE.section, 12)
    with pytest.raises(ValueError, match="does not occur verbatim in passage w-1"):
        Citation.of(1, PASSAGE, "4500 euro")


def test_a_section_path_splits_into_its_headings() -> None:
    assert PASSAGE.section_parts == ("3 Kosten", "Pastiel")
    assert Passage("x", "d", "D", None, None, "t", 0).section_parts == ()
