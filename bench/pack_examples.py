"""Build the review packs of docs/examples/: both versions, as Markdown, for six themes.

Three themes appear in the repository (tests, bench questions), three appear in no file of it
(checked with `git grep -il THEME`). Run from the repository root:

    .venv/bin/python bench/pack_examples.py [--out docs/examples/packs]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

THEMES = (
    "nazorg na plaatsing",
    "succesfactoren van werkfit-trajecten",
    "samenwerking gemeente en werkgevers",
    # In no file of the repository:
    "motivatie van kandidaten",
    "duurzame uitstroom naar regulier werk",
    "werkgevers vinden en binden",
)


def main() -> None:
    """Write <slug>-trainer.md and <slug>-deelnemers.md per theme."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.briefing.export import file_name, render
    from assistant.config import Settings
    from werkwijzer.compose import build_core

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/examples/packs"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    core = build_core(Settings())
    for theme in THEMES:
        pack = core.briefings.build(theme)
        for audience in ("trainer", "deelnemers"):
            path = args.out / file_name(pack, "md", audience)
            path.write_bytes(render(pack, "md", audience))
            print(path, len(pack.key_points), "kernpunten,", len(pack.quiz), "quizvragen")


if __name__ == "__main__":
    main()
