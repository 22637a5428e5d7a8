"""Print test lines per code line: non-blank lines of the Python files under tests/ against assistant/,
ingest/, api/ and werkwijzer/ (the issue's measure; the anchor codebases sit at 1.0-1.6).

    .venv/bin/python bench/test_ratio.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ("assistant", "ingest", "api", "werkwijzer")
TESTS = ("tests",)


def non_blank_lines(folders: tuple[str, ...]) -> int:
    """Non-blank lines of every .py file under the folders."""
    return sum(
        sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        for folder in folders
        for path in (ROOT / folder).rglob("*.py")
    )


def main() -> int:
    """Print the two counts and their ratio, then the same per package (tests/<package> mirrors it)."""
    code, tests = non_blank_lines(CODE), non_blank_lines(TESTS)
    print(f"test lines {tests}, code lines {code}: {tests / code:.2f} test lines per code line")
    for package in CODE:
        code, tests = non_blank_lines((package,)), non_blank_lines((f"tests/{package}",))
        print(f"  {package + '/':12} test lines {tests:5}, code lines {code:5}: {tests / code:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
