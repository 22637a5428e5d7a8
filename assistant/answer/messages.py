"""Fixed texts of the answerers, in Dutch and English (chosen by the question's language)."""

from __future__ import annotations

from assistant.language.question import Language

DOMAIN = {
    "nl": (
        "werkfit-trajecten, de route van dagbesteding naar betaald werk, de SW-sectorplannen en "
        "samenwerking tussen gemeenten en re-integratiebedrijven"
    ),
    "en": (
        "work-fitness trajectories (werkfit-trajecten), moving from day activities to paid work, the "
        "sheltered-employment sector plans and cooperation between municipalities and re-integration companies"
    ),
}

CHITCHAT = {
    "nl": (
        "Hallo! Ik ben Werkwijzer. Ik beantwoord vragen over publicaties over {domain}, met bronvermelding. "
        "Stel gerust een vraag, bijvoorbeeld over een casus, een regio of een werkwijze."
    ),
    "en": (
        "Hello! I am Werkwijzer. I answer questions about publications on {domain}, citing the sources. "
        "Feel free to ask about a case, a region or an approach."
    ),
}

OUT_OF_DOMAIN = {
    "nl": (
        "Daar kan ik niet bij helpen: ik beantwoord alleen vragen over de publicaties over {domain}."
    ),
    "en": "I cannot help with that: I only answer questions about the publications on {domain}.",
}

NOT_FOUND = {
    "nl": "Dat staat niet in de publicaties.",
    "en": "The publications do not answer this.",
}

CLOSEST = {
    "nl": "Wel verwant zijn deze passages over {topics}.",
    "en": "Related passages cover {topics}.",
}

UNSUPPORTED = {"nl": "(niet in de bronnen gevonden)", "en": "(not found in the sources)"}

LLM_UNVERIFIED = {
    "nl": (
        "Het antwoord van het taalmodel kon niet aan de bronnen worden gekoppeld; "
        "dit antwoord is letterlijk uit de publicaties samengesteld."
    ),
    "en": (
        "The language model's answer could not be traced to the sources; "
        "this answer was composed from the publications' own words."
    ),
}

LLM_FALLBACK = {
    "nl": "Het taalmodel was niet bereikbaar; dit antwoord is letterlijk uit de publicaties samengesteld.",
    "en": "The language model could not be reached; this answer was composed from the publications' own words.",
}


def text(messages: dict[str, str], language: Language, **values: str) -> str:
    """One of the messages above in ``language``, with the domain and ``values`` filled in."""
    return messages[language].format(domain=DOMAIN[language], **values)

DETAIL_MISSING = {
    "nl": "De gevonden passages noemen hierover geen {what}.",
    "en": "The passages found give no {what} for this.",
}

UNKNOWN_WORDS = {
    "nl": "De publicaties noemen geen {words}.",
    "en": "The publications never mention {words}.",
}
