"""Dutch-aware text analysis for lexical search: normalise, tokenise, drop stop words, stem."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

# Numbers with thousands separators, decimals, percentages and amounts stay one token: "7.000", "87%", "€3000".
_TOKEN = re.compile(r"€?\s?\d+(?:[.,]\d+)*%?|[a-z]+(?:['’][a-z]+)?", re.IGNORECASE)

STOP_WORDS = frozenset(
    """
    de het een en van in op te dat die is voor met zijn er aan als bij of ook om door
    naar uit dan over tot maar nog wel niet geen meer wordt worden werd zijn was waren
    kan kunnen moet moeten zal zullen wil willen heeft hebben had hadden deze dit wat
    welk welke wie waar wanneer hoe waarom hoeveel zo al na onder tegen tussen zich
    hun haar hij zij ze we wij jullie u je ik mij me ons onze mijn zijn hen hem
    the a an and of in on to that is for with are was were be been by or as at from
    this these those what which who where when how why many much does do did it its
    """.split()
)


def fold(text: str) -> str:
    """Lower-case and strip accents (cliënten → clienten), keeping € and %."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_number(token: str) -> str:
    """One form for numbers: "7.000" and "7000" and "€ 3.000" → "7000", "3000"."""
    token = token.replace("€", "").replace(" ", "")
    percent = token.endswith("%")
    token = token.rstrip("%")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        token = token.replace(".", "")
    return token + ("%" if percent else "")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def tokens(text: str) -> list[str]:
    """Folded word and number tokens of ``text``, stop words kept."""
    out = []
    for match in _TOKEN.finditer(fold(text)):
        tok = match.group(0)
        out.append(normalise_number(tok) if tok[0].isdigit() or tok[0] == "€" else tok)
    return out


def analyse(text: str) -> list[str]:
    """Index terms: tokens without stop words, stemmed with the Dutch Snowball stemmer."""
    kept = [t for t in tokens(text) if t not in STOP_WORDS]
    return _stemmer().stemWords(kept)
