"""A fake language model's reply to the briefing prompt, made from the points it was sent."""

from __future__ import annotations

import re

from assistant.language.sentences import split_units

_POINT = re.compile(r"^\[(\d+)\] (.+?) — .*\n“(.+)”$", re.MULTILINE)
#: A claim no point makes: a figure nowhere in the publications.
FABRICATED = "Elke deelnemer krijgt na plaatsing 975 euro bonus per maand"


def points(prompt: str) -> list[tuple[int, str, str]]:
    """(n, label, first sentence) of each key point that opens with a whole sentence."""
    out = []
    for match in _POINT.finditer(prompt):
        n, label, quote = int(match.group(1)), match.group(2), match.group(3)
        units = split_units(quote)
        first = units[0] if units else None
        if (
            label.startswith("Kernpunt")
            and first
            and first.kind == "sentence"
            and first.text.endswith(".")
            and len(first.text.split()) >= 6
        ):
            out.append((n, label, first.text))
    return out


def reply_to(prompt: str) -> str:
    """What a well-behaved model might write: points restated with their [n], one claim made up."""
    found = points(prompt)
    assert len(found) >= 5, prompt[:2000]
    (a, _, ta), (b, _, tb), (c, _, tc), (d, _, td), (e, _, te) = found[:5]
    return "\n".join(
        [
            "## INLEIDING",
            f"Volgens de publicaties geldt: {ta[:-1]} [{a}]. {tb[:-1]} [{b}]. "
            f"{FABRICATED} [{a}]. Verder: {tc[:-1]} [{c}].",
            "",
            "## DISCUSSIEVRAGEN",
            f"- {td[:-1]} [{d}]. Hoe pakt u dat aan in uw eigen organisatie?",
            f"- {FABRICATED} [{d}]. Zou dat bij u werken?",
            "",
            "## QUIZ",
            "Vraag: Wat zegt de publicatie hierover?",
            f"Antwoord: {te[:-1]} [{e}].",
        ]
    )


def reply_to_messages(messages: list[dict]) -> str:
    """``reply_to`` for the OpenAI-wire messages of a request (the user message has the points)."""
    return reply_to(next(m["content"] for m in messages if m["role"] == "user"))
