"""The detail a question asks for (an amount, a percentage, hours, a year) and whether a text gives one.

A question that asks what something costs is not answered by sentences about the same case that
name no amount: the answerer says the publications do not give it (the near-miss refusal). The
cues are question forms of Dutch and English grammar, read only in the asking clause: a wordy
question's own situation ("we hebben weinig budget ...") asks nothing.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant.language.text import fold

Detail = Literal["amount", "percentage", "hours", "year"]

#: Question forms that ask for each detail (on folded text).
_ASKS: dict[Detail, re.Pattern[str]] = {
    "amount": re.compile(
        r"\b(wat kost(te|en)?|hoeveel (geld|euro)|welk bedrag|hoe hoog (is|was|zijn|waren) (het|de) "
        r"(bedrag|bijdrage|eigen bijdrage|vergoeding|loon|salaris|budget|kosten|subsidie)"
        r"|hoe groot (is|was) (het|de) (bedrag|budget|jaarbudget|bijdrage)"
        r"|how much (money|did|does|do|is|was|were|will)"
        r"|what (did|does|do|would|will) .{0,60}\bcost|what (is|was) the (total )?(cost|budget|price|fee|wage)"
        r"|what (hourly )?(wage|salary))\b"
    ),
    "percentage": re.compile(r"\b(welk percentage|hoeveel procent|what percentage|what share|what proportion)\b"),
    "hours": re.compile(r"\b(hoeveel uur|hoeveel uren|how many hours)\b"),
    "year": re.compile(r"\b(in welk jaar|welk jaar|sinds wanneer|which year|what year|in what year)\b"),
}

#: How a text gives each detail.
_GIVES: dict[Detail, re.Pattern[str]] = {
    "amount": re.compile(r"€|\beuro\b|\bmiljoen\b|\bmiljard\b|\bmln\b", re.I),
    "percentage": re.compile(r"%|\bprocent\b|\bpercent\b|\b(de|een) (helft|derde|kwart)\b", re.I),
    "hours": re.compile(r"\b\d+(?:[.,]\d+)?\s*(uur|uren)\b|\buur per week\b", re.I),
    "year": re.compile(r"\b(19|20)\d\d\b"),
}

#: The detail named in a refusal ("De publicaties noemen hier geen bedrag.").
NAMES: dict[str, dict[Detail, str]] = {
    "nl": {"amount": "bedrag", "percentage": "percentage", "hours": "aantal uren", "year": "jaartal"},
    "en": {"amount": "amount", "percentage": "percentage", "hours": "number of hours", "year": "year"},
}

_CLAUSE = re.compile(r"[^.!?]*\?")


def asking_clause(question: str) -> str:
    """The sentence that asks (the last one ending in '?'), or the whole text when none does."""
    asked = _CLAUSE.findall(question)
    return asked[-1] if asked else question


def asked_details(question: str) -> tuple[Detail, ...]:
    """The details the question's asking clause asks for, in a fixed order."""
    clause = " ".join(fold(asking_clause(question)).split())
    return tuple(d for d, pattern in _ASKS.items() if pattern.search(clause))


def gives_detail(text: str, detail: Detail) -> bool:
    """Whether ``text`` states a detail of that kind (an amount, a percentage, hours, a year)."""
    return bool(_GIVES[detail].search(text))
