"""Dutch-aware text analysis for lexical search: fold, tokenise, drop stop words, decompound, stem."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Collection, Iterable
from functools import lru_cache

import Stemmer

#: Changes whenever analysis or the BM25 set-up changes: a lexical index built by another version is rebuilt.
ANALYSER_VERSION = "nl-13"

# Numbers with thousands separators and decimals, percentages and amounts stay one token:
# "7.000", "87%", "€ 3.000", "2,5"; words keep an inner apostrophe ("pmc's").
_TOKEN = re.compile(r"(?:€\s?)?\d+(?:[.,]\d+)*(?:\s?%)?|[a-z]+(?:['’][a-z]+)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_PERCENT_WORDS = frozenset({"procent", "percent", "pct"})

#: The small stop list the answer side (assistant/answer, citations, follow-ups) is calibrated on.
STOP_WORDS = frozenset(
    """
    de het een en van in op te dat die is voor met zijn er aan als bij of ook om door
    naar uit dan over tot maar nog wel niet geen meer wordt worden werd zijn was waren
    kan kunnen moet moeten zal zullen wil willen heeft hebben had hadden deze dit wat
    welk welke wie waar wanneer hoe waarom hoeveel zo al na onder tegen tussen zich
    hun haar hij zij ze we wij jullie u je ik mij me ons onze mijn zijn hen hem
    tijdens volgens sinds vanaf gedurende wegens vanwege dankzij ondanks
    the a an and of in on to that is for with are was were be been by or as at from
    this these those what which who where when how why many much does do did it its
    """.split()
)

#: What lexical search leaves out: the above, the rest of Snowball's Dutch list (folded), more
#: English function words, and words that only frame a question: pronominal adverbs ("daarover"),
#: the light verbs of "naar voren komen" / "hoe gaat het", which match any passage, and the
#: prepositions and conjunctions Snowball's list lacks ("tijdens", "volgens": "volgen" is a verb).
INDEX_STOP_WORDS = STOP_WORDS | frozenset(
    """
    aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
    eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in
    is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat
    onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat
    werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou zouden zullen
    welk welke waar wanneer waarom hoeveel hoelang waarin waarmee waarvoor wier wiens
    kunt zult wilt willen moeten moest mag mogen heeft hadden werden wij we jullie hen onze ze
    deze dezelfde hetzelfde elk elke ieder iedere enkele sommige zulke zo'n eigenlijk precies
    daaraan daarbij daardoor daarin daarmee daarna daarop daarover daaruit daarvan daarvoor
    hieraan hierbij hierdoor hierin hiermee hierna hierop hierover hieruit hiervan hiervoor
    waaraan waarbij waardoor waarop waarover waaruit waarvan
    komen komt kwam kwamen gaan gaat ging gingen voren
    tijdens volgens sinds vanaf gedurende wegens vanwege dankzij ondanks omtrent betreffende via
    middels namens jegens behalve sedert alvorens hoewel terwijl zodat zodra nadat voordat indien
    mits tenzij doordat opdat daarnaast bovendien echter namelijk
    whom their they them there than then into about can could would should will shall has have
    had not no
    """.split()
)

_STEMMABLE = re.compile(r"[a-z]")
MIN_COMPOUND = 8  # shorter words are never split
MIN_PART = 4  # every part but the last is at least this long ("werk", "loon", "zorg")
MIN_LAST_PART = 3  # the last part may be shorter ("wet" in "participatiewet")
_LINKS = ("", "s", "en", "e")  # Dutch linking morphemes: bijstand-s-uitkering, boek-en-kast


@lru_cache(maxsize=1)
def _combining_marks() -> re.Pattern[str]:
    """Every combining character (built once, on first use: a per-character loop is 8x slower)."""
    marks = (chr(c) for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c)))
    return re.compile("[" + re.escape("".join(marks)) + "]")


# A word in capitals between words that are not: an acronym ("UW", "ISD BOL") even where its
# lower-case form is a stop word ("uw" = your); words of an all-capitals heading are no acronyms.
_CAPS_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
HEADING_RUN = 3


def acronyms(text: str) -> frozenset[str]:
    """Folded words written in capitals (2+ letters), outside runs of three or more such words."""
    found: set[str] = set()
    run: list[str] = []
    for word in [*_CAPS_WORD.findall(text), ""]:
        if len(word) > 1 and word.isupper():
            run.append(word)
            continue
        if 0 < len(run) < HEADING_RUN:
            found.update(fold(w) for w in run)
        run = []
    return frozenset(found)


#: Texts whose tokens (and, per Analyser, terms) are remembered: every passage of a corpus this size,
#: its sentences and the query words of many questions.
TEXT_CACHE_SIZE = 16384


def fold(text: str) -> str:
    """Lower-case and strip accents (cliënten → clienten), keeping € and %."""
    return _combining_marks().sub("", unicodedata.normalize("NFKD", text.lower()))


def normalise_number(token: str) -> str:
    """One form for numbers: "7.000" → "7000", "€ 3.000" → "3000", "87 %" → "87%"."""
    token = token.replace("€", "").replace(" ", "")
    percent = token.endswith("%")
    token = token.rstrip("%")
    if _THOUSANDS.fullmatch(token):
        token = token.replace(".", "")
    return token + ("%" if percent else "")


def tokens(text: str) -> list[str]:
    """Folded word and number tokens of ``text``, stop words kept ("87 procent" → "87%")."""
    return list(_tokens(text))


# Search and answers tokenise the same passages, sentences and query words on every request.
@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _tokens(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for match in _TOKEN.finditer(fold(text)):
        tok = match.group(0).replace("’", "'")
        if tok[0].isdigit() or tok[0] == "€":
            out.append(normalise_number(tok))
        elif tok in _PERCENT_WORDS and out and out[-1][-1].isdigit():
            out[-1] += "%"
        else:
            out.append(tok)
    return tuple(out)


def content_tokens(text: str) -> list[str]:
    """Tokens without (index) stop words."""
    return [t for t in tokens(text) if t not in INDEX_STOP_WORDS]


# The classic Snowball Dutch stemmer. Snowball 3's newer "dutch" algorithm strips "ge-" and more,
# merging unrelated words ("begeleid" → "beleid", "gemeenten" → "meen"); it is not used.
STEMMER_ALGORITHM = "dutch_porter"


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMER_ALGORITHM)


def stem(token: str) -> str:
    """Dutch Snowball stem of a word; numbers are left as they are."""
    return _stemmer().stemWord(token) if _STEMMABLE.match(token) else token


def split_compound(word: str, vocabulary: Collection[str]) -> tuple[str, ...]:
    """Parts of a compound that are words of ``vocabulary`` themselves, or () when it does not split.

    "bijstandsuitkering" → ("bijstand", "uitkering") when both occur as words. Among the ways to
    split, the one with the fewest parts wins, then the one whose shortest part is longest.
    """
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return ()
    best = _split(
        word, frozenset(vocabulary) if not isinstance(vocabulary, (set, frozenset)) else vocabulary
    )
    return best if best and len(best) > 1 else ()


def _split(word: str, vocabulary: Collection[str]) -> tuple[str, ...] | None:
    candidates: list[tuple[str, ...]] = []
    for i in range(MIN_PART, len(word) - MIN_LAST_PART + 1):
        head = word[:i]
        if head not in vocabulary or head in INDEX_STOP_WORDS:
            continue
        rest = word[i:]
        for link in _LINKS:
            if not rest.startswith(link):
                continue
            tail = rest[len(link) :]
            if len(tail) >= MIN_LAST_PART and tail in vocabulary and tail not in INDEX_STOP_WORDS:
                candidates.append((head, tail))
            elif len(tail) >= MIN_PART + MIN_LAST_PART:
                more = _split(tail, vocabulary)
                if more:
                    candidates.append((head, *more))
    if not candidates:
        return None
    return min(candidates, key=lambda parts: (len(parts), -min(len(p) for p in parts)))


PHRASE_JOINER = "_"  # joins the two words of a phrase term: "met_werk"
MIN_FUZZY = 6  # shorter unknown words are not matched to near spellings


def phrases(toks: list[str]) -> list[str]:
    """Two-word phrase terms of consecutive tokens, unless both are stop words ("met werk" → "met_werk").

    They let names built from common words ("Met Werk", "Rijk van Nijmegen") match as names.
    """
    return [
        a + PHRASE_JOINER + b
        for a, b in zip(toks, toks[1:], strict=False)
        if not (a in INDEX_STOP_WORDS and b in INDEX_STOP_WORDS)
    ]


PAIR_JOINER = "+"  # joins modifier and head of a compound-pair term: "dagbested+aanbieder"
# "aanbieder van (de) dagbesteding" says what "dagbestedingsaanbieder" says: head, linking word, modifier.
_PAIR_LINKS = frozenset({"van", "voor", "der"})
_PAIR_ARTICLES = frozenset({"de", "het", "een"})


def compound_pair(parts: tuple[str, ...], stem_of: Callable[[str], str]) -> str | None:
    """The pair term (modifier + head, stemmed) of a compound's parts, or None for a simple word."""
    return stem_of(parts[-2]) + PAIR_JOINER + stem_of(parts[-1]) if len(parts) >= 2 else None


def linked_pairs(toks: list[str], stem_of: Callable[[str], str]) -> list[str]:
    """Pair terms of "head van (de) modifier" phrases: "aanbieder van dagbesteding" → "dagbested+aanbieder"."""
    out: list[str] = []
    for i, head in enumerate(toks[:-2]):
        if head in INDEX_STOP_WORDS or not head.isalpha() or toks[i + 1] not in _PAIR_LINKS:
            continue
        j = i + 3 if toks[i + 2] in _PAIR_ARTICLES else i + 2
        if j < len(toks) and toks[j].isalpha() and toks[j] not in INDEX_STOP_WORDS:
            out.append(stem_of(toks[j]) + PAIR_JOINER + stem_of(head))
    return out


# A name: capitalised words, possibly joined by lower-case particles ("Rijk van Nijmegen", "Met Werk").
_NAME = re.compile(
    r"(?<![\w-])[A-Z][\w'’-]*(?:\s+(?:(?:van|de|der|den|het|op|naar|en|voor|aan|in|uit|met)\s+)*[A-Z][\w'’-]*)+"
)


def names(text: str) -> list[list[str]]:
    """Tokens of the multi-word names in ``text`` (runs of capitalised words), e.g. [["met", "werk"]]."""
    return [tokens(m.group(0)) for m in _NAME.finditer(text)]


_WORD_AT = re.compile(r"[A-Za-zÀ-ÿ][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")
_NAME_PARTICLES = frozenset({"van", "de", "der", "den", "het", "op", "naar", "en", "voor", "aan", "in", "uit", "met"})
#: Words a question, request or sentence starts with (capitalised because they start it, not names).
SENTENCE_OPENERS = frozenset(
    re.findall(
        r"\w+",
        """
        kun kunt kan geef noem vertel leg beschrijf wordt werd zijn is heeft hebben moet mag zou
        zouden komt welk wat wanneer hoeveel hoezo waarom waarin waarmee waardoor waarvoor waarop
        sinds volgens bij voor in op uit met van na tijdens
        can could please tell give list describe explain name show does do did is are was were has
        have
        """,
    )
)


def _without_opener(name: list[str]) -> list[str]:
    """A run of capitalised words that opens a sentence, less its first word when that word only
    opens it ("Is Cycloon", "Daarna Cycloon"): that word, and the particles after it, are no name."""
    if not name or (name[0] not in INDEX_STOP_WORDS and name[0] not in SENTENCE_OPENERS):
        return name
    rest = name[1:]
    while rest and rest[0] in _NAME_PARTICLES:
        rest = rest[1:]
    return rest


def proper_names(text: str) -> list[list[str]]:
    """Tokens of every name in ``text``: multi-word names, and single capitalised words or acronyms
    that do not merely open a sentence ("Pastiel", "UWV"; not "Hoe")."""
    found: list[list[str]] = []
    for match in _NAME.finditer(text):
        name = tokens(match.group(0))
        if _SENTENCE_START.search(text[: match.start()]) is not None:
            name = _without_opener(name)
        # "Pastiel en Cycloon" and "Met Werk in Den Haag" are two names: a comparison needs each.
        part: list[str] = []
        for tok in [*name, "en"]:
            if tok in ("en", "in"):
                if part:
                    found.append(part)
                part = []
            else:
                part.append(tok)
    covered = {t for n in found for t in n}
    for m in _WORD_AT.finditer(text):
        word = m.group(0)
        if not word[0].isupper() or len(word) < 2:
            continue
        opens = _SENTENCE_START.search(text[: m.start()]) is not None
        if opens and not word.isupper():
            continue
        toks = tokens(word)
        if toks and not set(toks) <= covered and not set(toks) <= STOP_WORDS:
            found.append(toks)
            covered.update(toks)
    return found


def deletions(word: str) -> set[str]:
    """The word with each one character left out (for edit-distance-1 lookups)."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Analyser:
    """Turns text into index terms: content tokens, their compound parts, Dutch stems, phrases.

    ``vocabulary`` holds the corpus words compounds may be split into (and unknown query words are
    matched to when one letter differs); it is built at index time and stored with the lexical
    index, so queries are analysed against the same words.
    """

    def __init__(
        self,
        vocabulary: Iterable[str] = (),
        *,
        decompound: bool = True,
        stemming: bool = True,
        phrase_terms: bool = True,
        compound_pair_terms: bool = True,
    ) -> None:
        self.vocabulary = frozenset(vocabulary)
        self._pairs = compound_pair_terms
        self._decompound = decompound
        self._phrases = phrase_terms
        self._parts = lru_cache(maxsize=65536)(self._parts_uncached)
        self._stem = lru_cache(maxsize=65536)(stem) if stemming else (lambda t: t)
        # Answers analyse the same passages and sentences on every question that finds them.
        self._terms = lru_cache(maxsize=TEXT_CACHE_SIZE)(self._terms_uncached)
        self._near: dict[str, set[str]] | None = None

    @staticmethod
    def build_vocabulary(texts: Iterable[str], *, min_count: int = 1) -> dict[str, int]:
        """Counts of the content words in ``texts`` that compounds may be split into."""
        counts: dict[str, int] = {}
        for text in texts:
            for tok in content_tokens(text):
                if tok.isalpha() and len(tok) >= MIN_LAST_PART:
                    counts[tok] = counts.get(tok, 0) + 1
        return {w: c for w, c in counts.items() if c >= min_count}

    def _parts_uncached(self, token: str) -> tuple[str, ...]:
        return split_compound(token, self.vocabulary) if self._decompound else ()

    def prepare(self) -> dict[str, set[str]]:
        """Build (once) the lookup of near spellings: each one-letter deletion of a word → the word.

        Called when an index is loaded, so the first query does not pay for it.
        """
        if self._near is None:
            near: dict[str, set[str]] = {}
            for w in self.vocabulary:
                if len(w) >= MIN_FUZZY - 1:
                    near.setdefault(w, set()).add(w)
                    for d in deletions(w):
                        near.setdefault(d, set()).add(w)
            self._near = near
        return self._near

    def near_spellings(self, word: str) -> set[str]:
        """Vocabulary words one edit (insert, delete, substitute) away from an unknown ``word``."""
        if len(word) < MIN_FUZZY or not word.isalpha() or word in self.vocabulary:
            return set()
        near = self.prepare()
        found: set[str] = set(near.get(word, ()))
        for d in deletions(word):
            found |= near.get(d, set())
        return {w for w in found if abs(len(w) - len(word)) <= 1}

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text``: content tokens' stems, the stems of their parts, phrase terms."""
        return list(self._terms(text))

    def _terms_uncached(self, text: str) -> tuple[str, ...]:
        toks = tokens(text)
        kept = acronyms(text)
        out: list[str] = []
        for tok in toks:
            if tok in INDEX_STOP_WORDS and tok not in kept:
                continue
            out.append(self._stem(tok))
            parts = self._parts(tok)
            out.extend(self._stem(p) for p in parts)
            pair = compound_pair(parts, self._stem) if self._pairs else None
            if pair:
                out.append(pair)
        if self._phrases:
            out.extend(phrases(toks))
        if self._pairs:
            out.extend(linked_pairs(toks, self._stem))
        return tuple(out)

    def concepts(
        self,
        text: str,
        *,
        weight: float = 1.0,
        part_weight: float = 0.5,
        phrase_weight: float = 0.5,
        fuzzy_weight: float = 0.0,
        name_weight: float = 0.0,
        pair_weight: float = 0.5,
    ) -> dict[str, dict[str, float]]:
        """Query concepts, keyed by stem: each word with its parts and near spellings, weighted.

        A passage scores a concept once, by its best-matching term, so a word and its own parts
        or spelling variants never add up. Phrase terms are concepts of their own.
        """
        out: dict[str, dict[str, float]] = {}

        def add(key: str, term: str, w: float) -> None:
            concept = out.setdefault(key, {})
            if w > 0:
                concept[term] = max(concept.get(term, 0.0), w)

        toks = tokens(text)
        kept = acronyms(text)
        for tok in toks:
            if tok in INDEX_STOP_WORDS and tok not in kept:
                continue
            key = self._stem(tok)
            add(key, key, weight)
            parts = self._parts(tok)
            for part in parts:
                add(key, self._stem(part), weight * part_weight)
            if self._phrases and len(parts) == 2:
                # "Tomingroep" asked, "Tomin groep" written: the parts as a phrase are the word.
                add(key, PHRASE_JOINER.join(parts), weight)
            pair = compound_pair(parts, self._stem) if self._pairs else None
            if pair:
                # The compound's pair term is the word itself, written apart ("... van ...").
                add(key, pair, weight)
            if fuzzy_weight:
                for near in self.near_spellings(tok):
                    add(key, self._stem(near), weight * fuzzy_weight)
        if self._phrases and phrase_weight:
            for phrase in phrases(toks):
                add(phrase, phrase, weight * phrase_weight)
        if self._pairs:
            for pair in linked_pairs(toks, self._stem):
                add(pair, pair, weight * pair_weight)
        if self._phrases and name_weight:
            # A name made of common words ("Met Werk") is found by its phrase, so that counts fully.
            for name in names(text):
                for phrase in phrases(name):
                    add(phrase, phrase, weight * max(name_weight, phrase_weight))
        return out


def concept_key(text: str) -> str:
    """The key under which ``Analyser.concepts`` files a one-word text (its stem), else the text."""
    toks = content_tokens(text)
    return stem(toks[0]) if len(toks) == 1 else fold(text)


def analyse(text: str) -> list[str]:
    """Content terms of a statement or question: tokens without STOP_WORDS, stemmed by ``stem``
    (the one stemmer search, answers, citations and follow-ups share)."""
    return [stem(t) for t in tokens(text) if t not in STOP_WORDS]
