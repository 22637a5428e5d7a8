"""Time to build a kennisbijeenkomst pack (and to export it), in process, on the active index.

Usage:
    .venv/bin/python bench/briefing_time.py                       # the four themes of the tests
    .venv/bin/python bench/briefing_time.py "nazorg" "jobcoaching" --repeat 5
    .venv/bin/python bench/briefing_time.py --extractive   # ignore a configured LLM

Uses the current WERKWIJZER_* settings; the index must exist (`werkwijzer ingest`). The first build
(model warm-up, case detection for the index version) is reported apart from the timed ones. With
an LLM configured, packs are refined and "llm s" is the model's share of the build (call + checks).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

THEMES = (
    "succesfactoren van werkfit-trajecten",
    "lock-in voorkomen",
    "nazorg",
    "samenwerking gemeente en werkgevers",
)


def main() -> None:
    """Print build and export times per theme."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("themes", nargs="*", default=list(THEMES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--extractive", action="store_true", help="build extractively even if an LLM is configured"
    )
    args = parser.parse_args()

    from assistant.briefing.export import FORMATS, render
    from assistant.config import Settings
    from werkwijzer.compose import build_core

    started = time.perf_counter()
    core = build_core(Settings(answer_mode="extractive") if args.extractive else Settings())
    core.briefings.build(args.themes[0])
    print(f"start-up + first pack (model load, case detection): {time.perf_counter() - started:.2f} s")
    print(
        f"{'theme':<40} {'mode':<10} {'build p50 s':>11} {'llm s':>6} {'md s':>6} {'html s':>7} "
        f"{'pdf s':>6} {'sources':>8}"
    )
    for theme in args.themes:
        builds, llm = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            pack = core.briefings.build(theme)
            builds.append(time.perf_counter() - t)
            llm.append(float(pack.meta.get("llm_seconds", 0.0)))  # type: ignore[arg-type]
        exports = []
        for fmt in FORMATS:
            t = time.perf_counter()
            render(pack, fmt)
            exports.append(time.perf_counter() - t)
        md, html, pdf = exports
        print(
            f"{theme:<40} {pack.mode:<10} {statistics.median(builds):>11.3f} "
            f"{statistics.median(llm):>6.3f} {md:>6.3f} {html:>7.3f} {pdf:>6.3f} "
            f"{len(pack.citations):>8}"
        )


if __name__ == "__main__":
    main()
