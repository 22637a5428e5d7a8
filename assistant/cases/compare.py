"""Case comparison: a table of cases × aspects, each cell a verbatim excerpt with its citation."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.cases.catalogue import ASPECTS, ASPECTS_BY_KEY, CaseCatalog, CaseRegistry, slug
from assistant.cases.types import AspectDef, Case, Cell, CellStatus, Comparison, Evidence
from assistant.errors import InvalidInputError
from assistant.language.sentences import split_units
from assistant.language.text import fold
from assistant.ports import CellPicker
from assistant.search.index import LoadedIndex
from assistant.types import Citation, Passage

NOT_DESCRIBED: CellStatus = "niet beschreven"
DESCRIBED: CellStatus = "beschreven"

#: An excerpt grows unit by unit until it holds this many words (a single long unit stays whole).
MAX_EXCERPT_WORDS = 60
#: Most cases one comparison may hold (a table wider than this is unreadable).
MAX_COMPARE_CASES = 12


class Citer:
    """Hands out numbered citations, each passage at most once (a pack never uses a passage twice)."""

    def __init__(self, *, unique: bool = True) -> None:
        self.citations: list[Citation] = []
        self.used: set[str] = set()
        self._unique = unique

    def available(self, passage_id: str) -> bool:
        """Whether the passage may still be cited."""
        return not self._unique or passage_id not in self.used

    def cite(self, passage: Passage, start: int, end: int) -> Citation:
        """A citation of ``passage.text[start:end]`` (stripped), numbered next."""
        if not self.available(passage.id):
            raise ValueError(f"passage {passage.id} is already cited")
        quote = passage.text[start:end].strip()
        citation = Citation.of(len(self.citations) + 1, passage, quote)
        self.used.add(passage.id)
        self.citations.append(citation)
        return citation


def excerpt_span(
    text: str, *, start: int = 0, end: int | None = None, max_words: int = MAX_EXCERPT_WORDS
) -> tuple[int, int]:
    """Offsets of whole quotable units of ``text[start:end]`` adding up to about ``max_words`` words."""
    stop = len(text) if end is None else end
    units = [u for u in split_units(text) if u.start >= start and u.end <= stop]
    if not units:
        return start, stop
    words = 0
    last = units[0]
    for unit in units:
        if words and words + len(unit.text.split()) > max_words:
            break
        if unit.kind == "row" and last.kind != "row":
            break  # prose followed by a table: the table's cells make no sense run into the prose
        words += len(unit.text.split())
        last = unit
    return units[0].start, last.end


def resolve_aspects(references: Sequence[str] | None, cases: Sequence[Case]) -> list[AspectDef]:
    """The aspects asked for (key or label), or every aspect at least one of the cases describes."""
    if references is None:
        described = {k for c in cases for k in c.aspect_keys}
        return [a for a in ASPECTS if a.key in described]
    by_name = {**{a.key: a for a in ASPECTS}, **{slug(a.label): a for a in ASPECTS}}
    out, unknown = [], []
    for ref in references:
        aspect = (
            ASPECTS_BY_KEY.get(ref)
            or by_name.get(slug(ref))
            or by_name.get(slug(ref).replace("-", "_"))
        )
        if aspect is None:
            unknown.append(ref)
        elif aspect not in out:
            out.append(aspect)
    if unknown:
        valid = ", ".join(f"{a.key} ({a.label})" for a in ASPECTS)
        raise InvalidInputError(
            f"Unknown aspect(s): {', '.join(repr(u) for u in unknown)}. Valid aspects: {valid}"
        )
    return out


def best_evidence(
    case: Case,
    aspect: AspectDef,
    index: LoadedIndex,
    citer: Citer,
    *,
    rank: Callable[[Passage], float] | None = None,
) -> tuple[Passage, int, int, Evidence] | None:
    """The passage and span that best show ``aspect`` of ``case`` among passages still citable."""
    usable = [
        ev
        for ev in case.evidence(aspect.key)
        if index.has(ev.passage_id) and citer.available(ev.passage_id)
    ]
    if not usable:
        return None

    def order(ev: Evidence) -> tuple[float, float, float]:
        # A heading naming the aspect is the strongest sign, then a labelled line, then a sentence;
        # under a heading naming several aspects, the passage that speaks of this one comes first.
        text = fold(index.get(ev.passage_id).text)
        speaks = 0.0 if aspect.text is None or aspect.text.search(text) else 1.0
        extra = -rank(index.get(ev.passage_id)) if rank else 0.0
        return ({"section": 0.0, "label": 1.0, "text": 2.0}[ev.via], speaks, extra)

    ev = min(usable, key=order)
    passage = index.get(ev.passage_id)
    start = ev.start
    if ev.end is None and aspect.text is not None:
        # A section may name several aspects ("Succesfactoren en knelpunten"): start where this one is spoken of.
        start = next(
            (u.start for u in split_units(passage.text) if aspect.text.search(fold(u.text))), start
        )
    s, e = excerpt_span(passage.text, start=start, end=ev.end)
    return passage, s, e, ev


def _chosen_cell(case: Case, aspect: AspectDef, index: LoadedIndex, citer: Citer, chooser: CellPicker) -> Cell:
    found = chooser.choose(case, aspect, index)
    if found is None or not citer.available(found[0].id):
        return Cell(case.id, aspect.key, NOT_DESCRIBED)
    passage, start, end = found
    if passage.text[start:end].rstrip().endswith(":"):
        start, end = excerpt_span(passage.text, start=start)  # a lead brings its list
    citation = citer.cite(passage, start, end)
    return Cell(case.id, aspect.key, DESCRIBED, citation.quote, citation, "model")


def _cell(
    case: Case, aspect: AspectDef, index: LoadedIndex, citer: Citer, chooser: CellPicker | None = None
) -> Cell:
    if chooser is not None:
        return _chosen_cell(case, aspect, index, citer, chooser)
    found = best_evidence(case, aspect, index, citer)
    if found is None:
        return Cell(case.id, aspect.key, NOT_DESCRIBED)
    passage, start, end, ev = found
    citation = citer.cite(passage, start, end)
    return Cell(case.id, aspect.key, DESCRIBED, citation.quote, citation, ev.via)


def compare(
    catalog: CaseCatalog,
    index: LoadedIndex,
    case_refs: Sequence[str],
    aspect_refs: Sequence[str] | None = None,
    *,
    citer: Citer | None = None,
    chooser: CellPicker | None = None,
) -> Comparison:
    """Compare cases (ids, names or aliases) on aspects (keys or labels; None: all they describe).

    With a ``chooser`` every cell is the statement the learned cell model picks (or "niet beschreven");
    without one, the evidence the catalogue found (headings, labels, aspect words) decides.
    """
    if not case_refs:
        raise InvalidInputError("Name at least one case to compare; GET /api/cases lists them.")
    if len(case_refs) > MAX_COMPARE_CASES:
        raise InvalidInputError(
            f"Compare at most {MAX_COMPARE_CASES} cases at a time; {len(case_refs)} were given."
        )
    cases = catalog.resolve(case_refs)
    aspects = resolve_aspects(aspect_refs, cases)
    citer = citer or Citer(unique=False)
    first = len(citer.citations)
    rows = tuple(tuple(_cell(case, aspect, index, citer, chooser) for aspect in aspects) for case in cases)
    return Comparison(tuple(cases), tuple(aspects), rows, tuple(citer.citations[first:]))


class CaseComparer:
    """The Comparer port over the served catalogue: comparisons by name and case names found in text."""

    def __init__(self, registry: CaseRegistry) -> None:
        self._registry = registry

    def compare(self, cases: Sequence[str], aspects: Sequence[str] | None = None) -> Comparison:
        """The comparison table of ``cases`` on ``aspects`` (None: every aspect the cases describe)."""
        index, catalog = self._registry.snapshot()
        return compare(catalog, index, cases, aspects, chooser=self._registry.chooser)

    def find_cases(self, text: str) -> list[str]:
        """Ids of the cases ``text`` names (by name or alias), in the order it names them."""
        return self._registry.catalog().mentioned(text)

    def markdown(self, comparison: Comparison) -> str:
        """The table alone as Markdown (the chat shows the sources itself)."""
        from assistant.cases.export import markdown_table

        return markdown_table(comparison)
