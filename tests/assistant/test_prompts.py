"""Prompt files: checked at start-up and each rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import PromptError
from assistant.prompts import DEFAULT_PROMPTS_DIR, REQUIRED_PROMPTS, PromptLibrary


def test_every_shipped_prompt_renders() -> None:
    library = PromptLibrary.load(DEFAULT_PROMPTS_DIR)
    for name, variables in REQUIRED_PROMPTS.items():
        values = {v: f"<{v}>" for v in variables}
        text = library.render(name, **values)
        for v in variables:
            assert f"<{v}>" in text
        assert "{" not in text.replace("{{", "")


def test_missing_prompt_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match="missing"):
        PromptLibrary.load(tmp_path)


def test_variable_mismatch_is_a_clear_error(tmp_path: Path) -> None:
    for name in REQUIRED_PROMPTS:
        (tmp_path / f"{name}.md").write_text((DEFAULT_PROMPTS_DIR / f"{name}.md").read_text())
    (tmp_path / "answer.md").write_text("Vraag: {question} {unknown}")
    with pytest.raises(PromptError, match="unknown variables \\['unknown'\\]"):
        PromptLibrary.load(tmp_path)


def test_render_requires_exact_variables() -> None:
    library = PromptLibrary.load(DEFAULT_PROMPTS_DIR)
    with pytest.raises(PromptError):
        library.render("condense", question="x")


def test_briefing_prompts_keep_the_model_to_the_numbered_points_in_dutch() -> None:
    library = PromptLibrary.load(DEFAULT_PROMPTS_DIR)
    system = library.render("briefing_system")
    assert "alleen de genummerde punten" in system.lower() and "[3]" in system
    assert "Schrijf in het Nederlands" in system
    human = library.render(
        "briefing",
        theme="nazorg",
        points="[1] Kernpunt — Werkfit-trajecten\n“Er is nazorg.”",
        sentences="3 tot 6",
        questions="4",
        quiz="3",
    )
    assert human.startswith("Thema van de kennisbijeenkomst: nazorg")
    assert "[1] Kernpunt — Werkfit-trajecten" in human and "in 3 tot 6 zinnen" in human
    # The headings the reply parser reads are the ones the prompt asks for.
    for heading in ("INLEIDING", "DISCUSSIEVRAGEN", "QUIZ", "Vraag:", "Antwoord:"):
        assert heading in human
