"""Practice cases and regions recognised from the publications' structure, with aspects mapped to passages.

A *case* is one of several parallel sections of a publication: sibling sections that share recurring
sub-headings ("Resultaten", "Wie werken samen?"), sibling titles that share a leading word ("Regio
Achterhoek", "Regio Twente", ...), or sibling titles that share a label ("Casus: ..."). Nothing here
knows a case by name: the rules read section paths, headings and labelled lines only.

Cases are computed from the passages of the index version being served (``CaseRegistry``), once per
version. They are not stored by ingest because they derive from passages alone (no extra input),
take milliseconds to compute, always agree with the passages being served, and a change to these
rules then needs no re-ingest.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.cases.types import AspectDef, Case, CaseSource, Evidence
from assistant.errors import InvalidInputError
from assistant.language.sentences import split_units
from assistant.language.text import fold
from assistant.ports import CellPicker
from assistant.search.index import IndexHolder, LoadedIndex
from assistant.types import SECTION_SEPARATOR, Passage

#: Fewest parallel sibling sections that make a set of cases.
MIN_CASES = 3
#: Share of siblings whose titles must start with the same word ("Regio ...").
_SHARED_WORD_SHARE = 0.6
#: Token overlap (Jaccard) above which two sub-headings count as the same recurring heading.
_SAME_HEADING = 0.75
#: How many text-matched units at most stand as evidence for one aspect of one case.
_MAX_TEXT_EVIDENCE = 3
#: Capitalised words that occur this often in one case and in no sibling become its aliases.
_ALIAS_MIN_COUNT = 3
_MAX_ALIASES = 2
#: A subtitle this short is itself a project's name ("Met Werk", "De Bildtse Proeftuun").
_NAME_MAX_WORDS = 3
#: Publications whose titles share this much (word Jaccard) are versions of one (a report, its slides).
_SAME_PUBLICATION = 0.5
#: A case's name mentioned this often in another version's case makes them one case.
_MENTIONS_TO_MERGE = 2
#: An ALL-CAPS title is respelled only when it has a real word, not just acronyms.
_MIN_WORD_TO_RESPELL = 4

_LEADING_MARKS = re.compile(r"^[\s›»>→⇒➔•▪·\-–—*]+")
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[ivx]{1,4}\.)\s+", re.IGNORECASE)
_TAGS = re.compile(r"</?[a-z][^>]*>", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_LABEL_LINE = re.compile(
    r"^\s*(?:[-•▪◦●·*]\s*|[\ue000-\uf8ff]\s*)?(?P<label>[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ/&' -]{1,38}?)\s*(?:=|:)\s+(?P<value>\S.*)$"  # noqa: E501
)
# A capitalised word inside a sentence (after a lower-case word), i.e. a name rather than a sentence start.
_CAPITALISED = re.compile(r"(?<=[a-zà-ÿ,] )[A-Z][a-zà-ÿ]{3,}(?:[A-Z][a-zà-ÿ]+)*\b")
#: Sub-headings that every kind of section may have; they do not make siblings parallel.
_GENERIC_HEADINGS = frozenset(
    {
        "inleiding",
        "samenvatting",
        "conclusie",
        "conclusies",
        "bijlage",
        "bijlagen",
        "literatuur",
        "colofon",
    }
)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


#: The aspects a comparison offers, in display order. General vocabulary of the field, not case names.
ASPECTS: tuple[AspectDef, ...] = (
    AspectDef(
        "doelgroep",
        "Doelgroep",
        _rx(r"doelgroep|voor wie|wie .*potentie|deelnemer|instroom|selectie|criteria|kandidaten"),
        _rx(
            r"\bdoelgroep|\bbedoeld voor\b|\bgericht op (?:mensen|jongeren|clienten|werkzoekenden)"
        ),
    ),
    AspectDef(
        "doelen",
        "Doelen",
        _rx(r"^doel(?!groep)|doelstelling|prioritering|uitgangspunt|visie|\bdoel\b"),
        _rx(r"\b(?:heeft|hebben) (?:als|tot) doel|\bdoel (?:is|van)\b|\bdoelstelling"),
    ),
    AspectDef(
        "duur",
        "Duur",
        _rx(r"\bduur|doorlooptijd|termijn"),
        _rx(
            r"\bduurt\b|\bduur\b|\bdoorlooptijd|\bmaximaal \w+ (?:maanden|weken|jaar)|\b\d+ (?:maanden|weken)\b"
        ),
    ),
    AspectDef(
        "aanpak",
        "Aanpak",
        _rx(
            r"beschrijving|aanpak|werkwijze|invulling|hoe verloopt|methodi|instrument|de kern|klantroute|onderdelen"
        ),
        None,
    ),
    AspectDef(
        "samenwerking",
        "Samenwerking",
        _rx(r"samenw|wie werken|partner|deelnemend|betrokken|netwerk|werkgevers"),
        _rx(r"\bsamenwerk|\bpartners?\b|\bdeelnemende"),
    ),
    AspectDef(
        "resultaten",
        "Resultaten",
        _rx(r"resultat|effect|stand van zaken|opbrengst|uitstroom|bereikt"),
        _rx(
            r"\bresultat|\bgeplaatst|\buitgestroomd|\buitstroom|\bbemiddeld|\b\d+(?:[.,]\d+)?\s?%|\baan het werk geholpen"  # noqa: E501
        ),
    ),
    AspectDef(
        "kosten_baten",
        "Kosten en baten",
        _rx(r"kosten|baten|business ?case|besparing|rendement"),
        _rx(r"\bkost(?:en)?\b|\bbaten\b|€|\beuro\b|\bbesparing|\bbespaard"),
    ),
    AspectDef(
        "financiering",
        "Financiering",
        _rx(r"financi|bekostiging|regeling|budget|uitkeringsgeld|subsidie"),
        _rx(
            r"\bfinancier|\bloonkostensubsidie|\bbehoud van uitkering|\bsubsidie|\bbekostig|\bsectorgelden"
        ),
    ),
    AspectDef(
        "succesfactoren",
        "Succesfactoren",
        _rx(r"succes|werkzame elementen|lessen|meerwaarde|toegevoegde waarde|kracht|win-win"),
        _rx(r"\bsuccesfactor|\bwerkzame? element|\bwerkt goed|\bsucces"),
    ),
    AspectDef(
        "knelpunten",
        "Knelpunten",
        _rx(r"knelpunt|risico|uitdaging|belemmer|afbreuk|problem"),
        _rx(r"\bknelpunt|\bafbreukrisico|\bbelemmer|\blastig|\bknelt"),
    ),
    AspectDef(
        "borging",
        "Borging en inbedding",
        _rx(r"borging|inbedding|verankering|hoe nu verder|doorontwikkel"),
        _rx(r"\bborging|\binbedding|\bstructureel"),
    ),
    AspectDef(
        "nazorg",
        "Nazorg en terugval",
        _rx(r"nazorg|terugval"),
        _rx(r"\bnazorg|\bterugval|\bterug kunnen vallen"),
    ),
    AspectDef("organisatie", "Organisatie", _rx(r"^over\b|achtergrond|organisatie"), None),
)
ASPECTS_BY_KEY = {a.key: a for a in ASPECTS}


# ---------------------------------------------------------------------------------------------
# Titles


def clean_title(title: str) -> str:
    """A heading without leading marks, numbering, HTML tags and a trailing colon."""
    text = _TAGS.sub("", title)
    text = _LEADING_MARKS.sub("", text).strip()
    text = _NUMBERING.sub("", text).strip()
    return re.sub(r"\s+", " ", text).rstrip(":").strip()


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def slug(text: str) -> str:
    """A URL-safe id from a title: "Regio Achterhoek" → "regio-achterhoek"."""
    return "-".join(_words(text)) or "case"


def aspects_of_heading(heading: str) -> list[str]:
    """Aspect keys a heading or label names (possibly several: "Financiën en resultaten")."""
    folded = " ".join(_words(clean_title(heading)))
    return [a.key for a in ASPECTS if a.heading.search(folded)]


# ---------------------------------------------------------------------------------------------
# The section tree of one publication


@dataclass
class _Node:
    path: tuple[str, ...]
    children: dict[str, _Node] = field(default_factory=dict)
    own: list[Passage] = field(default_factory=list)  # passages directly under this heading

    @property
    def title(self) -> str:
        return self.path[-1] if self.path else ""

    def walk(self) -> Iterable[_Node]:
        yield self
        for child in self.children.values():
            yield from child.walk()

    def passages(self) -> list[Passage]:
        out = [p for node in self.walk() for p in node.own]
        return sorted(out, key=lambda p: p.ordinal)


def _tree(passages: Sequence[Passage]) -> _Node:
    root = _Node(())
    for p in passages:
        node = root
        for depth, part in enumerate(p.section_parts):
            node = node.children.setdefault(part, _Node(p.section_parts[: depth + 1]))
        node.own.append(p)
    return root


def _body(node: _Node) -> _Node:
    """The node that holds a section's sub-headings, past a lone subtitle with no text of its own."""
    while len(node.children) == 1 and not node.own:
        node = next(iter(node.children.values()))
    return node


def _sub_heading_words(node: _Node) -> list[set[str]]:
    out = []
    for child in _body(node).children.values():
        title = clean_title(child.title)
        words = set(_words(title))
        if words and " ".join(sorted(words)) not in _GENERIC_HEADINGS:
            out.append(words)
    return out


def _recurring_heading_cases(children: list[_Node]) -> list[_Node]:
    """Siblings that share sub-headings with at least MIN_CASES - 1 other siblings."""
    headings = [_sub_heading_words(c) for c in children]
    members: list[_Node] = []
    for i, own in enumerate(headings):
        for words in own:
            sharing = sum(
                1
                for j, other in enumerate(headings)
                if j != i and any(_jaccard(words, o) >= _SAME_HEADING for o in other)
            )
            if sharing + 1 >= MIN_CASES:
                members.append(children[i])
                break
    return members if len(members) >= MIN_CASES else []


def _shared_word_cases(children: list[_Node]) -> list[_Node]:
    """All siblings, when most of their titles start with the same word followed by a name."""
    firsts = []
    for c in children:
        words = clean_title(c.title).split()
        # "Thema 1", "Aanbeveling 2" enumerate; "Regio Twente" names.
        named = len(words) >= 2 and any(ch.isalpha() for ch in " ".join(words[1:]))
        firsts.append(
            fold(words[0]) if named and words[0].isalpha() and len(words[0]) >= 3 else None
        )
    counts = Counter(f for f in firsts if f)
    if not counts:
        return []
    word, n = counts.most_common(1)[0]
    if n >= MIN_CASES and n >= _SHARED_WORD_SHARE * len(children):
        return children
    return []


def _label_cases(children: list[_Node]) -> list[tuple[_Node, str]]:
    """Siblings titled "Label: name" where the same short label recurs ("Casus: ...")."""
    labelled = []
    for c in children:
        title = clean_title(c.title)
        label, sep, rest = title.partition(":")
        if sep and rest.strip() and len(label.split()) <= 2:
            labelled.append((c, fold(label.strip()), rest.strip()))
    counts = Counter(label for _, label, _ in labelled)
    return [(c, rest) for c, label, rest in labelled if counts[label] >= MIN_CASES]


def _case_name(title: str) -> str:
    """The short name of a case title: "Amsterdam: verwacht van ..." → "Amsterdam"."""
    cleaned = clean_title(title)
    head, sep, _ = cleaned.partition(":")
    if sep and 0 < len(head.split()) <= 4:
        return head.strip()
    return cleaned


def _find_case_nodes(root: _Node) -> list[tuple[_Node, str]]:
    """(case node, short name) for every set of parallel sections, outermost first."""
    found: list[tuple[_Node, str]] = []

    def visit(node: _Node) -> None:
        children = list(node.children.values())
        chosen: list[tuple[_Node, str]] = []
        if len(children) >= MIN_CASES:
            labelled = _label_cases(children)
            if labelled:
                chosen = labelled
            else:
                nodes = _recurring_heading_cases(children) or _shared_word_cases(children)
                chosen = [(c, _case_name(c.title)) for c in nodes]
        taken = {id(c) for c, _ in chosen}
        found.extend(chosen)
        for child in children:
            if id(child) not in taken:
                visit(child)  # a case's own sub-sections are its aspects, not further cases

    visit(root)
    return found


# ---------------------------------------------------------------------------------------------
# Aspects of one case


def _aspect_evidence(node: _Node) -> dict[str, list[Evidence]]:
    evidence: dict[str, list[Evidence]] = {a.key: [] for a in ASPECTS}
    # 1. Sub-sections whose heading names an aspect (deepest heading wins for its own passages).
    for sub in node.walk():
        if sub is node:
            continue
        keys: list[str] = []
        for depth in range(len(node.path), len(sub.path)):
            keys = aspects_of_heading(sub.path[depth]) or keys
        for key in keys:
            for p in sub.own:
                evidence[key].append(Evidence(p.id, "section", heading=clean_title(sub.title)))
    passages = node.passages()
    # 2. Labelled lines: "Doelgroep = ...", "Deelnemende bedrijven: ...".
    for p in passages:
        offset = 0
        for line in p.text.split("\n"):
            match = _LABEL_LINE.match(line)
            if match:
                for key in aspects_of_heading(match.group("label")):
                    start = offset + (len(line) - len(line.lstrip()))
                    evidence[key].append(
                        Evidence(
                            p.id, "label", start, offset + len(line.rstrip()), match.group("label")
                        )
                    )
            offset += len(line) + 1
    # 3. Sentences that speak of an aspect no heading or label covers.
    for aspect in ASPECTS:
        if evidence[aspect.key] or aspect.text is None:
            continue
        for p in passages:
            for unit in split_units(p.text):
                if aspect.text.search(fold(unit.text)):
                    evidence[aspect.key].append(Evidence(p.id, "text", unit.start, unit.end))
                    break
            if len(evidence[aspect.key]) >= _MAX_TEXT_EVIDENCE:
                break
    # The description of the case itself stands for its approach when nothing else does.
    if not evidence["aanpak"] and passages:
        evidence["aanpak"].append(Evidence(passages[0].id, "text"))
    return evidence


def _aliases(nodes: list[_Node]) -> dict[int, tuple[str, ...]]:
    """Distinctive capitalised words of each case (e.g. an organisation's name), for look-up."""
    counts = {
        id(n): Counter(w for p in n.passages() for w in _CAPITALISED.findall(p.text)) for n in nodes
    }
    out: dict[int, tuple[str, ...]] = {}
    for n in nodes:
        own = counts[id(n)]
        others: Counter[str] = Counter()
        for m in nodes:
            if m is not n:
                others.update(counts[id(m)].keys())
        distinctive = [w for w, c in own.most_common() if c >= _ALIAS_MIN_COUNT and others[w] == 0]
        out[id(n)] = tuple(distinctive[:_MAX_ALIASES])
    return out


def _spelling(name: str, candidates: Iterable[str], texts: Iterable[str]) -> str:
    """An ALL-CAPS slide title in the spelling the publications use elsewhere ("WSP Den Haag")."""
    if not name.isupper() or not any(len(w) >= _MIN_WORD_TO_RESPELL for w in name.split()):
        return name  # mixed case already, or acronyms only ("UW", "ISD BOL")
    folded = fold(name)
    for candidate in candidates:
        if fold(candidate) == folded and not candidate.isupper():
            return candidate
    pattern = re.compile(r"\b" + re.escape(name) + r"\b", re.IGNORECASE)
    seen = Counter(
        m.group(0) for t in texts for m in pattern.finditer(t) if not m.group(0).isupper()
    )
    return seen.most_common(1)[0][0] if seen else name


@dataclass
class _Draft:
    document_id: str
    node: _Node
    name: str
    passages: list[Passage]


def _subtitles(node: _Node) -> list[str]:
    subtitles = []
    body = node
    while body is not _body(body):
        body = next(iter(body.children.values()))
        subtitles.append(clean_title(body.title))
    return subtitles


def _project_name(chapter: str, subtitles: Sequence[str], passages: Sequence[Passage]) -> str:
    """The project or organisation a chapter is about, as its subtitle names it, else the chapter title.

    "De juiste mix — Callant: van binnen naar buiten" is about Callant; "Vliegwielen voor werk —
    Baanbrekend combineert ..." about Baanbrekend (a capitalised word the chapter's text keeps using).
    """
    for subtitle in subtitles:
        head = _case_name(subtitle)
        if head != subtitle:
            return head
        if len(subtitle.split()) <= _NAME_MAX_WORDS:
            return subtitle
        first = subtitle.split()[0]
        mentions = sum(len(re.findall(r"\b" + re.escape(first) + r"\b", p.text)) for p in passages)
        if first[:1].isupper() and len(first) >= _MIN_WORD_TO_RESPELL and mentions >= _ALIAS_MIN_COUNT:
            return first
    return chapter


def _case_of(d: _Draft, case_id: str, aliases: Sequence[str]) -> Case:
    subtitles = _subtitles(d.node)
    chapter = clean_title(d.node.title)
    title = " — ".join([chapter, *subtitles])
    names = [title, chapter, *subtitles, *(_case_name(s) for s in subtitles), *aliases]
    evidence = _aspect_evidence(d.node)
    section = SECTION_SEPARATOR.join(d.node.path)
    document_title = d.passages[0].document_title
    return Case(
        id=case_id,
        name=d.name,
        title=title,
        document_id=d.document_id,
        document_title=document_title,
        section=section,
        aliases=tuple(dict.fromkeys(a for a in names if fold(a) != fold(d.name))),
        passage_ids=tuple(p.id for p in d.passages),
        aspects=tuple((a.key, tuple(evidence[a.key])) for a in ASPECTS),
        sources=(CaseSource(d.document_id, document_title, section, title),),
    )


def _related(titles: dict[str, str]) -> set[frozenset[str]]:
    """Pairs of publications that are versions of one (title words overlap: a report and its slides)."""
    ids = sorted(titles)
    return {
        frozenset((a, b))
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if _jaccard(set(_words(titles[a])), set(_words(titles[b]))) >= _SAME_PUBLICATION
    }


def _mentions(name: str, case: Case, texts: dict[str, str]) -> int:
    pattern = re.compile(r"\b" + re.escape(fold(name)) + r"\b")
    return sum(len(pattern.findall(fold(texts[pid]))) for pid in case.passage_ids)


def _same_case(a: Case, b: Case, related: set[frozenset[str]], texts: dict[str, str]) -> bool:
    """One organisation or project: the same name, or (in two versions of a publication) named in the other."""
    if a.document_id == b.document_id:
        return False
    if fold(a.name) == fold(b.name):
        return True
    if frozenset((a.document_id, b.document_id)) not in related:
        return False
    return (
        _mentions(a.name, b, texts) >= _MENTIONS_TO_MERGE
        or _mentions(b.name, a, texts) >= _MENTIONS_TO_MERGE
    )


def _merged(group: Sequence[Case]) -> Case:
    """One case from its descriptions in several publications; the fullest one leads."""
    lead = max(group, key=lambda c: len(c.passage_ids))
    rest = [c for c in group if c is not lead]
    aspects = tuple(
        (key, tuple(ev for c in (lead, *rest) for ev in c.evidence(key))) for key, _ in lead.aspects
    )
    names = [*lead.aliases, *(x for c in rest for x in (c.name, *c.aliases))]
    return Case(
        id=slug(lead.name),
        name=lead.name,
        title=lead.title,
        document_id=lead.document_id,
        document_title=lead.document_title,
        section=lead.section,
        aliases=tuple(dict.fromkeys(a for a in names if fold(a) != fold(lead.name))),
        passage_ids=tuple(pid for c in (lead, *rest) for pid in c.passage_ids),
        aspects=aspects,
        sources=tuple(s for c in (lead, *rest) for s in c.sources),
    )


def _merge_across(cases: list[Case], passages: Sequence[Passage]) -> list[Case]:
    """Cases described in several publications merged into one, in first-seen order."""
    texts = {p.id: p.text for p in passages}
    related = _related({c.document_id: c.document_title for c in cases})
    groups: list[list[Case]] = []
    for case in cases:
        home = next((g for g in groups if any(_same_case(case, o, related, texts) for o in g)), None)
        if home is None:
            groups.append([case])
        else:
            home.append(case)
    merged = [g[0] if len(g) == 1 else _merged(g) for g in groups]
    seen: Counter[str] = Counter()
    out = []
    for c in merged:
        seen[c.id] += 1
        # Two different cases of one name in unrelated publications keep apart by their publication.
        if seen[c.id] > 1:
            c = Case(**{**c.__dict__, "id": f"{c.document_id}--{c.id}"})
        out.append(c)
    return out


def detect_cases(passages: Sequence[Passage]) -> list[Case]:
    """Every case and region the publications describe, one per organisation or project."""
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        by_doc.setdefault(p.document_id, []).append(p)
    drafts: list[_Draft] = []
    aliases: dict[int, tuple[str, ...]] = {}
    for document_id, doc_passages in by_doc.items():
        nodes = _find_case_nodes(_tree(sorted(doc_passages, key=lambda p: p.ordinal)))
        aliases.update(_aliases([n for n, _ in nodes]))
        for n, name in nodes:
            own = n.passages()
            if own:
                name = _project_name(name, _subtitles(n), own) if name == clean_title(n.title) else name
                drafts.append(_Draft(document_id, n, name, own))
    texts = [p.text for p in passages]
    mixed_case_names = [d.name for d in drafts if not d.name.isupper()]
    for d in drafts:
        d.name = _spelling(d.name, mixed_case_names, texts)
    per_publication = [_case_of(d, slug(d.name), aliases[id(d.node)]) for d in drafts]
    return _merge_across(per_publication, passages)


# ---------------------------------------------------------------------------------------------
# The catalogue of the served index version


class CaseCatalog:
    """The cases of one index version, with look-up by id, name or alias."""

    def __init__(self, cases: Sequence[Case]) -> None:
        self.cases: tuple[Case, ...] = tuple(cases)
        self._by_id = {c.id: c for c in self.cases}

    def get(self, case_id: str) -> Case:
        """The case with this exact id."""
        return self._by_id[case_id]

    def for_documents(self, document_ids: Sequence[str] | None) -> list[Case]:
        """Cases of these publications (all when None)."""
        return [
            c for c in self.cases if not document_ids or set(c.document_ids) & set(document_ids)
        ]

    def find(self, reference: str) -> Case | None:
        """A case by id, name, title or alias (case- and accent-insensitive), or a unique partial match."""
        ref = " ".join(_words(reference))
        if not ref:
            return None
        if reference in self._by_id:
            return self._by_id[reference]
        exact = [
            c
            for c in self.cases
            if ref in {" ".join(_words(x)) for x in (c.id, c.name, c.title, *c.aliases)}
        ]
        partial = [
            c
            for c in self.cases
            if ref in " ".join(_words(" ".join((c.name, c.title, *c.aliases))))
        ]
        for found in (exact, partial):
            # One name in two publications (a report and its slides): the fuller one holds the plain id.
            plain = [c for c in found if c.id == slug(c.name)]
            if len(found) == 1 or len(plain) == 1:
                return found[0] if len(found) == 1 else plain[0]
            if found:
                return None
        return None

    def mentioned(self, text: str) -> list[str]:
        """Ids of the cases whose name or a short alias occurs in ``text`` (whole words), in text order."""
        folded = " " + " ".join(_words(text)) + " "
        found: dict[str, int] = {}
        for case in self.cases:
            for name in (case.name, *case.aliases):
                key = " ".join(_words(name))
                # Long aliases (full titles) are not what people type; a 2-letter name is too ambiguous.
                if len(key) < 3 or len(key.split()) > 5:
                    continue
                at = folded.find(f" {key} ")
                if at >= 0 and (case.id not in found or at < found[case.id]):
                    found[case.id] = at
        return sorted(found, key=lambda cid: found[cid])

    def resolve(self, references: Sequence[str]) -> list[Case]:
        """The cases named; InvalidInputError listing the valid ids when one is unknown or ambiguous."""
        resolved, unknown = [], []
        for ref in references:
            case = self.find(ref)
            if case is None:
                unknown.append(ref)
            elif case not in resolved:
                resolved.append(case)
        if unknown:
            valid = ", ".join(c.id for c in self.cases)
            raise InvalidInputError(
                f"Unknown or ambiguous case(s): {', '.join(repr(u) for u in unknown)}. "
                f"Valid case ids (GET /api/cases): {valid}"
            )
        return resolved


def _detect_catalog(index: LoadedIndex) -> CaseCatalog:
    return CaseCatalog(detect_cases(index.passages))


def catalog_of(index: LoadedIndex) -> CaseCatalog:
    """The cases of one index version, computed once per version (cached on the index)."""
    return index.derived(_detect_catalog)


class CaseRegistry:
    """Serves the catalogue of the active index version, recomputed when the version changes."""

    def __init__(self, holder: IndexHolder, *, chooser: CellPicker | None = None) -> None:
        self._holder = holder
        self.chooser = chooser  # the learned cell model; comparisons fall back to the evidence without it

    def catalog(self) -> CaseCatalog:
        """Cases of the index being served."""
        return self.snapshot()[1]

    def snapshot(self) -> tuple[LoadedIndex, CaseCatalog]:
        """The index being served and its cases, from the same version."""
        index = self._holder.current()
        return index, catalog_of(index)
