"""Domain thesaurus: expands a query with synonyms, abbreviations and Dutch for English words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from assistant.errors import ConfigurationError
from assistant.language.text import stem, tokens

GroupKind = Literal["=", "~", "en"]
_KINDS: tuple[GroupKind, ...] = ("=", "~", "en")
BUNDLED = "thesaurus.tsv"


@dataclass(frozen=True)
class Group:
    """One thesaurus line: for ``en`` the first term is English and the rest its Dutch terms."""

    kind: GroupKind
    terms: tuple[str, ...]

    def sources(self) -> tuple[str, ...]:
        """Terms that trigger the group when they occur in a query."""
        return self.terms[:1] if self.kind == "en" else self.terms

    def targets(self, matched: str) -> tuple[str, ...]:
        """Terms searched for when ``matched`` occurs in a query."""
        return self.terms[1:] if self.kind == "en" else tuple(t for t in self.terms if t != matched)


@dataclass(frozen=True)
class Expansion:
    """A term a query gained from the thesaurus, and how much it may count."""

    text: str
    kind: GroupKind
    trigger: str


def _key(text: str) -> tuple[str, ...]:
    """Matching key: stems of the folded tokens (stop words kept: they are part of phrases)."""
    return tuple(stem(t) for t in tokens(text))


def parse(lines: Iterable[str], *, origin: str = "thesaurus") -> list[Group]:
    """Groups from thesaurus lines (TAB-separated; '#' starts a comment line)."""
    groups = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t") if f.strip()]
        if fields[0] not in _KINDS or len(fields) < 3 - (fields[0] == "en"):
            raise ConfigurationError(
                f"{origin} line {number}: expected a kind ({', '.join(_KINDS)}) and at least two terms, TAB-separated"
            )
        groups.append(Group(kind=fields[0], terms=tuple(fields[1:])))  # type: ignore[arg-type]
    return groups


class Thesaurus:
    """Finds thesaurus terms in a query (longest phrase first) and returns their expansions."""

    def __init__(self, groups: Sequence[Group]) -> None:
        self.groups = tuple(groups)
        self._index: dict[tuple[str, ...], list[tuple[Group, str]]] = {}
        for group in self.groups:
            for term in group.sources():
                key = _key(term)
                if key:
                    self._index.setdefault(key, []).append((group, term))
        self._longest = max((len(k) for k in self._index), default=0)

    @classmethod
    def bundled(cls) -> Thesaurus:
        """The reviewed thesaurus shipped with the package."""
        text = resources.files("assistant.data").joinpath(BUNDLED).read_text(encoding="utf-8")
        return cls(parse(text.splitlines(), origin=BUNDLED))

    @classmethod
    def from_file(cls, path: Path) -> Thesaurus:
        """A thesaurus from a TSV file in the bundled format."""
        if not path.is_file():
            raise ConfigurationError(f"No thesaurus file at {path}")
        return cls(parse(path.read_text(encoding="utf-8").splitlines(), origin=str(path)))

    def expand(self, query: str) -> list[Expansion]:
        """Expansions of the thesaurus terms found in ``query``; longer phrases win over their parts."""
        keys = [stem(t) for t in tokens(query)]
        out: list[Expansion] = []
        seen: set[str] = set()
        i = 0
        while i < len(keys):
            for size in range(min(self._longest, len(keys) - i), 0, -1):
                found = self._index.get(tuple(keys[i : i + size]))
                if found:
                    for group, trigger in found:
                        for target in group.targets(trigger):
                            if target not in seen:
                                seen.add(target)
                                out.append(Expansion(target, group.kind, trigger))
                    i += size
                    break
            else:
                i += 1
        return out
