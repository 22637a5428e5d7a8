"""The corpus lexicon: for every content word of the publications, everyday synonyms and English.

Written word by word over the corpus vocabulary (see assistant/data/README.md for how), loaded as
thesaurus groups so a query word matches the corpus word it stands for. Its matches count less than
the words typed: the learned ranker weighs them as a feature of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from assistant.errors import ConfigurationError
from assistant.language.thesaurus import Group, Thesaurus

BUNDLED = "lexicon.tsv"


def parse(lines: Iterable[str], *, origin: str = "lexicon") -> list[Group]:
    """Groups from lexicon lines: ``word<TAB>synonyms, ...<TAB>english, ...`` ('#' comments)."""
    groups: list[Group] = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not fields[0].strip():
            raise ConfigurationError(f"{origin} line {number}: expected word, synonyms and English, TAB-separated")
        word = fields[0].strip()
        synonyms = [s.strip() for s in fields[1].split(",") if s.strip() and s.strip() != word]
        english = [e.strip() for e in fields[2].split(",") if e.strip()]
        if synonyms:
            groups.append(Group(kind="~", terms=(word, *synonyms)))
        groups.extend(Group(kind="en", terms=(e, word)) for e in english if e != word)
    return groups


class Lexicon:
    """Loads the lexicon as a Thesaurus (the same matching: folded, stemmed, longest phrase first)."""

    @staticmethod
    def bundled() -> Thesaurus | None:
        """The lexicon shipped with the package (None when the package has none)."""
        try:
            text = resources.files("assistant.data").joinpath(BUNDLED).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return Thesaurus(parse(text.splitlines(), origin=BUNDLED))

    @staticmethod
    def from_file(path: Path) -> Thesaurus:
        """A lexicon from a TSV file in the bundled format."""
        if not path.is_file():
            raise ConfigurationError(f"No lexicon file at {path}")
        return Thesaurus(parse(path.read_text(encoding="utf-8").splitlines(), origin=str(path)))
