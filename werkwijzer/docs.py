"""The README's settings table, generated from assistant.config.Settings.

Regenerate it with `python -m werkwijzer.docs` (tests/test_readme.py fails when it is out of date).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pydantic import SecretStr

from assistant.config import Settings

README = Path(__file__).resolve().parent.parent / "README.md"
START = (
    "<!-- settings-table: generated from assistant/config.py; tests/test_readme.py checks it -->"
)
END = "<!-- /settings-table -->"
ENV_PREFIX = str(Settings.model_config.get("env_prefix", ""))


def _default(value: object) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, SecretStr):
        return "(empty)" if not value.get_secret_value() else "(set)"
    if isinstance(value, list | tuple):
        return "`[]`" if not value else f"`{list(value)}`"
    return f"`{value}`"


def settings_table() -> str:
    """Markdown table: environment variable, default, description; one row per Settings field."""
    rows = ["| environment variable | default | what it does |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = field.default_factory() if field.default_factory is not None else field.default  # type: ignore[call-arg]
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{ENV_PREFIX}{name.upper()}` | {_default(default)} | {description} |")
    return "\n".join(rows)


def render(readme_text: str) -> str:
    """The README text with the table between the markers replaced by a fresh one."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(readme_text):
        raise ValueError(f"README has no settings-table markers ({START} ... {END})")
    return pattern.sub(lambda _: f"{START}\n{settings_table()}\n{END}", readme_text)


def main() -> int:
    """Rewrite the table in README.md; print whether it changed."""
    old = README.read_text(encoding="utf-8")
    new = render(old)
    if new != old:
        README.write_text(new, encoding="utf-8")
        print("README.md: settings table updated")
    else:
        print("README.md: settings table already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
