"""The session around a pack: discussion questions that open a conversation, and timed agendas."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.briefing.statements import GENERAL, inner_quotes
from assistant.briefing.types import Agenda, AgendaItem, DiscussionQuestion, Example, Point

#: Minutes per block of a 60- and a 90-minute session (each sums to its length). A block whose
#: part the pack lacks gives its minutes to the discussion, the part that needs no material. The
#: quiz comes right after the opening, on its own sheet: the handout holds its answers (key points,
#: examples), so it is handed out after the quiz, and the quiz is discussed with the key points.
BLOCKS: tuple[tuple[str, str, int, int], ...] = (
    ("opening", "Opening", 5, 5),
    ("quiz", "Quiz", 8, 10),
    ("key_points", "Kernpunten", 14, 20),
    ("examples", "Praktijkvoorbeelden", 13, 20),
    ("discussion", "Discussie", 15, 25),
    ("closing", "Afsluiting", 5, 10),
)
LENGTHS = (60, 90)


def discussion(theme: str, points: Sequence[Point], examples: Sequence[Example]) -> list[DiscussionQuestion]:
    """Open questions that start from the pack's points and ask about the participants' practice."""
    out: list[DiscussionQuestion] = []
    if points:
        p = points[0]
        out.append(
            DiscussionQuestion(
                f"Kernpunt [{p.citation.n}] zegt: “{inner_quotes(p.text)}” Hoe gaat dat bij u in de praktijk? "
                "Wat werkt goed, en waar loopt u tegenaan?",
                (p.citation.n,),
            )
        )
    if len(examples) >= 2:
        a, b = examples[0], examples[1]
        na, nb = a.statements[0].citation.n, b.statements[0].citation.n
        out.append(
            DiscussionQuestion(
                f"Vergelijk {a.case.name} [{na}] met {b.case.name} [{nb}]. Wat doen zij verschillend, "
                "en welke aanpak zou bij uw cliënten en in uw regio het beste werken? Waarom?",
                (na, nb),
            )
        )
    other = next((p for p in points[1:] if p.subtheme != (points[0].subtheme if points else "")), None)
    if other is not None:
        n = other.citation.n
        out.append(
            DiscussionQuestion(
                f"{_about(other.subtheme)}“{inner_quotes(other.text)}” [{n}] Wie moet daar in uw organisatie "
                "iets voor doen, en wat zou de eerste stap zijn?",
                (n,),
            )
        )
    refs = tuple(p.citation.n for p in points[:3])
    out.append(
        DiscussionQuestion(
            f"Welk van de kernpunten over {theme} ({', '.join(f'[{n}]' for n in refs)} en verder) wilt u "
            "morgen in uw eigen werk toepassen? Wat heeft u daarvoor nodig, en van wie?",
            refs,
        )
    )
    return out


def agendas(
    *, points: int, subthemes: int, examples: int, discussion: int, quiz: int
) -> tuple[Agenda, ...]:
    """A suggested 60- and 90-minute session over what the pack holds."""
    has: dict[str, bool] = {"opening": True, "key_points": points > 0, "examples": examples > 0,
           "discussion": True, "quiz": quiz > 0, "closing": True}
    what = {
        "opening": "Welkom, doel van de bijeenkomst en een rondje: wat is ieders ervaring met het thema?",
        "quiz": f"{_count(quiz, 'De quizvraag', 'De {} quizvragen')} individueel beantwoorden op het quizblad, "
        "vóór de hand-out wordt uitgedeeld; de antwoorden komen terug bij de kernpunten.",
        "key_points": f"{_count(points, 'Het kernpunt', 'De {} kernpunten')} in "
        f"{_count(subthemes, 'één subthema', '{} subthema' + chr(39) + 's')} doorlopen met de hand-out, "
        "samen met de antwoorden op de quiz; per subthema één vraag aan de groep.",
        "examples": (
            f"{_count(examples, 'Het praktijkvoorbeeld', 'De {} praktijkvoorbeelden naast elkaar')}: "
            "wat deden ze, wat leverde het op? In tweetallen lezen en elkaar vertellen wat opvalt."
        ),
        "discussion": f"{_count(discussion, 'De discussievraag', 'De {} discussievragen')}: eerst in kleine "
        "groepen, dan plenair de opbrengst.",
        "closing": "Wat neemt u mee? Iedereen noemt één actie voor de komende maand.",
    }
    out = []
    for length in LENGTHS:
        column = 2 if length == LENGTHS[0] else 3
        spare = sum(int(b[column]) for b in BLOCKS if not has[b[0]])
        items = []
        for key, title, *minutes in BLOCKS:
            if not has[key]:
                continue
            m = minutes[column - 2] + (spare if key == "discussion" else 0)
            items.append(AgendaItem(m, title, what[key]))
        out.append(Agenda(length, tuple(items)))
    return tuple(out)



def _count(n: int, one: str, many: str) -> str:
    """``one`` for a single item, else ``many`` with the number ("De 1 praktijkvoorbeelden" never)."""
    return one if n == 1 else many.format(n)


def _about(subtheme: str) -> str:
    """ "Over duur: " before a quote; nothing for points of no particular sub-theme."""
    return "" if subtheme == GENERAL else f"Over {subtheme.lower()}: "
