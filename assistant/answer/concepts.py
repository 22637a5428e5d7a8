"""What a question asks about, as weighted concepts: its names, its terms with their thesaurus
synonyms and, for an English question, the Dutch words the glossary gives for its English ones."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.relevance import TermSet, TermWeights
from assistant.language.question import Name, Question
from assistant.language.text import analyse, tokens
from assistant.language.thesaurus import Thesaurus

#: Thesaurus kinds that say the same thing (related terms, "~", are too loose to quote by).
SAME_MEANING = ("=", "en")
# Words that make a question a comparison; in the text "verschillende" is "various", not "differ".
_COMPARISON_CUES = (
    "verschil verschillen vergelijk vergelijking overeenkomst overeenkomsten gemeen"
    " gemeenschappelijk differ difference compare comparison common similar similarity"
)


@dataclass(frozen=True)
class Concept:
    """One thing asked about: the question terms it stands for and the forms that express it."""

    terms: tuple[str, ...]  # the question's analysed terms (for a glossary phrase: all its words)
    alternatives: tuple[
        tuple[str, ...], ...
    ]  # each alternative: analysed terms that must all occur
    weight: float
    name: bool = False  # a name the question mentions
    phrase: re.Pattern[str] | None = None  # a name of common words is only found as written
    forms: tuple[
        tuple[frozenset[str], ...], ...
    ] = ()  # per alternative, the index forms of each term

    def with_forms(self, weights: TermWeights, q: Question | None = None) -> Concept:
        """The concept with the index forms of its terms looked up once (matching is then cheap);
        a term of a place adjective in ``q`` is also found as its place ("Haagse": "Den Haag")."""
        forms = tuple(
            tuple(frozenset({t, *weights.forms(t), *_aliases(q, t, weights)}) for t in alt)
            for alt in self.alternatives
        )
        return dataclasses.replace(self, forms=forms)

    def found(self, where: TermSet, text: str) -> bool:
        """Whether ``where`` (the terms of ``text``) expresses the concept."""
        if self.phrase is not None and self.phrase.search(text):
            return True
        terms = where.terms
        return any(all(not f.isdisjoint(terms) for f in alt) for alt in self.forms)


def build_concepts(
    q: Question,
    weights: TermWeights,
    *,
    terms: Sequence[str],
    thesaurus: Thesaurus | None = None,
    setting_weight: float = 0.5,
) -> tuple[Concept, ...]:
    """Concepts of ``q`` from its index-known ``terms``, widened by the thesaurus' synonyms.

    A name is one concept, found by its distinctive words or, when it has none ("Met Werk"), as
    written. A term only in a statement that sets the scene ("Cycloon beschrijft ... Welke fasen
    ...?") counts ``setting_weight``. An English question's own words count only through the
    glossary: an English word that happens to start a Dutch one ("work" in "workshop") says nothing.
    """
    known = set(terms)
    by_key: dict[tuple[str, ...], Concept] = {}
    in_names: set[str] = set()
    for name in q.names:
        concept = _name_concept(q, name, weights, known)
        if concept is not None:
            by_key[concept.terms] = concept
            in_names.update(name.terms)
    cues = comparison_stems() if q.kind == "comparison" else frozenset()
    setting = set(q.setting)
    for t in terms:
        if t in in_names or t in cues:
            continue
        is_entity = t in q.entities  # an acronym or a number
        if q.language == "en" and not is_entity:
            continue
        w = weights.idf(t) * (setting_weight if t in setting and not is_entity else 1.0)
        by_key[(t,)] = Concept((t,), ((t,),), w)
    for trigger, found in _glossary(q, weights, thesaurus).items():
        old = by_key.get(trigger)
        if old is None and set(trigger) & (in_names | cues):
            continue  # a name is matched as a name; "differ" only makes it a comparison
        alternatives = tuple(
            dict.fromkeys([*(old.alternatives if old else ()), *(a for a, _ in found)])
        )
        # A question term keeps its weight; a glossary phrase weighs what its Dutch words weigh.
        weight = old.weight if old else sum(w for _, w in found) / len(found)
        by_key[trigger] = Concept(trigger, alternatives, weight)
    return tuple(c.with_forms(weights, q) for c in by_key.values())


def _aliases(q: Question | None, term: str, weights: TermWeights) -> tuple[str, ...]:
    """The index terms that stand for ``term`` as written (only exact ones: "leid" for Leiden
    must not reach "leiding")."""
    return tuple(a for a in q.alias_of(term) if weights.df(a)) if q else ()


def alias_known(q: Question, term: str, weights: TermWeights) -> bool:
    """Whether the publications use ``term`` or a term that stands for it."""
    return weights.known(term) or bool(_aliases(q, term, weights))


def _name_concept(
    q: Question, name: Name, weights: TermWeights, known: set[str]
) -> Concept | None:
    def df(t: str) -> int:
        return min((weights.df(a) for a in (t, *_aliases(q, t, weights)) if weights.known(a)), default=0)

    distinctive = tuple(
        t for t in name.terms if alias_known(q, t, weights) and df(t) < weights.common_df
    )
    words = tokens(name.text)
    if not distinctive and not any(t in known for t in name.terms):
        return None
    phrase = None
    if len(words) > 1:
        written = r"\W+".join(re.escape(w) for w in name.text.split())
        # As written, or in a heading in capitals ("CASUS: WERKBEDRIJF LELYSTAD").
        phrase = re.compile(rf"(?<!\w)(?:{written}|{written.upper()})(?!\w)")
    alternatives = (distinctive,) if distinctive else () if phrase else (name.terms,)
    weight = max((weights.idf(t) for t in name.terms if weights.known(t)), default=0.0)
    weight = weight or max(
        (weights.idf(a) for t in name.terms for a in _aliases(q, t, weights)), default=0.0
    )
    return Concept(name.terms, alternatives, weight, name=True, phrase=phrase)


def _glossary(
    q: Question, weights: TermWeights, thesaurus: Thesaurus | None
) -> dict[tuple[str, ...], list[tuple[tuple[str, ...], float]]]:
    """Thesaurus terms of the question: trigger terms -> (alternative terms, weight)."""
    out: dict[tuple[str, ...], list[tuple[tuple[str, ...], float]]] = {}
    for expansion in thesaurus.expand(q.text) if thesaurus else ():
        if expansion.kind not in SAME_MEANING:
            continue
        trigger = tuple(analyse(expansion.trigger))
        alternative = tuple(analyse(expansion.text))
        if trigger and alternative and all(weights.known(t) for t in alternative):
            out.setdefault(trigger, []).append(
                (alternative, max(weights.idf(t) for t in alternative))
            )
    return out


@lru_cache(maxsize=1)
def comparison_stems() -> frozenset[str]:
    """Analysed forms of the words that make a question a comparison."""
    return frozenset(analyse(_COMPARISON_CUES))
