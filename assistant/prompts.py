"""Prompt files in prompts/: loaded and checked at start-up, rendered with exactly their variables.

The bundled prompts are package data of the top-level ``prompts`` package, found through
importlib.resources, so an installed wheel has them too; ``WERKWIJZER_PROMPTS_DIR`` overrides them.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from assistant.errors import PromptError

#: The folder of prompt files shipped with Werkwijzer (used when no other folder is configured).
DEFAULT_PROMPTS_DIR = Path(str(resources.files("prompts")))

#: Every prompt the code renders, with the variables the code passes to it.
REQUIRED_PROMPTS: Mapping[str, frozenset[str]] = {
    "system": frozenset({"not_found_marker"}),
    "answer": frozenset({"sources", "question", "language"}),
    "condense": frozenset({"history", "question"}),
    "briefing_system": frozenset(),
    "briefing": frozenset({"theme", "points", "sentences", "questions", "quiz"}),
}


@dataclass(frozen=True)
class Prompt:
    """One prompt template; ``{name}`` marks a variable and ``{{`` a literal brace."""

    name: str
    template: str
    variables: frozenset[str]

    def render(self, **values: str) -> str:
        """The prompt with its variables filled in; every variable must be given, and no others."""
        given = frozenset(values)
        if given != self.variables:
            raise PromptError(
                f"prompt '{self.name}' takes {sorted(self.variables)}, was given {sorted(given)}"
            )
        return self.template.format(**values)


def template_variables(template: str) -> frozenset[str]:
    """Names of the ``{variables}`` in a template (raises ValueError on a malformed one)."""
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(template):
        if field is not None:
            if not field.isidentifier():
                raise ValueError(f"'{{{field}}}' is not a variable name; write '{{{{' for a brace")
            names.add(field)
    return frozenset(names)


class PromptLibrary:
    """The checked prompts, by name."""

    def __init__(self, prompts: Mapping[str, Prompt]) -> None:
        self._prompts = dict(prompts)

    @classmethod
    def load(
        cls, folder: Path, *, required: Mapping[str, frozenset[str]] = REQUIRED_PROMPTS
    ) -> PromptLibrary:
        """Read ``<name>.md`` for every required prompt; a missing file or variable mismatch is an error."""
        prompts = {}
        for name, expected in required.items():
            path = folder / f"{name}.md"
            if not path.is_file():
                raise PromptError(
                    f"prompt file {path} is missing (it needs the variables {sorted(expected)})"
                )
            template = path.read_text(encoding="utf-8")
            try:
                found = template_variables(template)
            except ValueError as e:
                raise PromptError(f"prompt file {path}: {e}") from e
            if found != expected:
                missing, unknown = sorted(expected - found), sorted(found - expected)
                raise PromptError(
                    f"prompt file {path} does not match the code: "
                    f"missing variables {missing}, unknown variables {unknown}"
                )
            prompts[name] = Prompt(name, template, found)
        return cls(prompts)

    def get(self, name: str) -> Prompt:
        """The prompt called ``name``."""
        try:
            return self._prompts[name]
        except KeyError as e:
            raise PromptError(f"no prompt called '{name}'") from e

    def render(self, name: str, **values: str) -> str:
        """Render the prompt called ``name``."""
        return self.get(name).render(**values)
