"""Finite verbs: whether a Dutch text is a clause (it has a finite verb) or only a phrase.

A list item such as "Motivatie om deel te nemen aan het traject." reads like a sentence but says
nothing on its own: it has no finite verb. The check knows the finite forms of the auxiliaries,
copulas and modals, the past tenses of common strong verbs, and the present and regular past forms
of the infinitives below (the verbs after "te" in the five publications, plus common ones), made by
the spelling rules of Dutch conjugation. An infinitive counts as finite (plural present) only where
"te", "om" or an article does not stand before it ("deel te nemen", "het leren").
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.language.text import fold

#: Finite forms that follow no rule: auxiliaries, copulas, modals and strong past tenses.
IRREGULAR = frozenset(
    """
    is zijn was waren ben bent wordt worden werd werden heeft hebben had hadden heb
    kan kunnen kon konden kunt moet moeten moest moesten zal zullen zou zouden zult
    mag mogen mocht mochten wil willen wilde wilden wou blijkt blijken bleek bleken
    lijkt lijken leek leken blijft blijven bleef bleven gaat gaan ging gingen staat staan stond stonden
    komt komen kwam kwamen krijgt krijgen kreeg kregen doet doen deed deden ziet zien zag zagen
    geeft geven gaf gaven neemt nemen nam namen vindt vinden vond vonden biedt bieden bood boden
    helpt helpen hielp hielpen houdt houden hield hielden loopt lopen liep liepen ligt liggen lag lagen
    zit zitten zat zaten brengt brengen bracht brachten denkt denken dacht dachten kiest kiezen koos kozen
    valt vallen viel vielen spreekt spreken sprak spraken schrijft schrijven schreef schreven
    trekt trekken trok trokken sluit sluiten sloot sloten begint beginnen begon begonnen
    verdwijnt verdwijnen verdween verdwenen ontstaat ontstaan ontstond ontstonden bestaat bestaan bestond bestonden
    betreft betreffen betrof betroffen verloopt verlopen verliep verliepen levert leveren
    weet weten wist wisten laat laten liet lieten heet heten heette
    zie word doe ga sta heb kom krijg denk vind merk hoop probeer zeg zegt zeggen zei zeiden
    gebeurt gebeurde gebeurden geldt gelden gold golden droeg droegen trof troffen
    """.split()
)

#: Infinitives whose regular forms count: the verbs after "te" in the publications, and common ones.
INFINITIVES = frozenset(
    """
    aanvaarden activeren bedenken bedienen begeleiden behouden bekijken bemiddelen benoemen benutten
    beoordelen bepalen beperken bereiden bereiken berekenen beschrijven besparen bespreken besteden betalen
    betrekken bevorderen bewerkstelligen bezorgen beëindigen binden boeken borgen bouwen delen dienen
    drukken duren enthousiasmeren ervaren experimenteren faciliteren formuleren functioneren groeien halen
    handelen hangen integreren intensiveren investeren keren kijken koppelen laten leggen leiden leren
    leveren lezen matchen melden minimaliseren monitoren motiveren observeren omschrijven ondernemen
    onderschatten ondersteunen ontdekken ontvangen ontwikkelen ontzorgen organiseren pakken participeren
    passen plaatsen positioneren praten raken realiseren regelen resulteren richten rusten schakelen
    schatten schetsen screenen spelen starten stellen stemmen stimuleren stromen sturen trainen uiten
    veranderen verantwoorden verbeteren verbinden verdienen vergelijken vergroten verhogen verkennen
    vermelden vermijden verminderen verrichten versoepelen verspreiden versterken vervallen vervullen
    verwerven verzamelen voeren volgen voorkomen vormen vullen wachten wegen werken wisselen zetten zorgen
    zoeken maken noemen tonen toetsen gebruiken bepalen beschikken bieden behalen aanbieden
    zien aangeven aantonen benaderen coachen ervaren evalueren krijgen inzetten opleiden plaatsen
    gebeuren creëren oplossen fungeren behoren gelden ontbreken bevatten verkleinen lukken proberen
    verzorgen voldoen varen aanboren omgaan verschillen hoeven betekenen bestaan ontstaan zoeken
    stoppen verwachten vragen antwoorden hopen merken missen openen sluiten tellen voelen wonen
    draaien kosten opleveren opbrengen oplopen afnemen toenemen stijgen dalen slagen falen lukken
    investeren inkopen verkopen huren verhuren betreffen beschikken beheren bespreken afspreken
    afstemmen instromen uitstromen doorstromen terugvallen afhaken aansluiten aanpassen aanvragen
    nodigen uitnodigen benadrukken concluderen constateren signaleren rapporteren adviseren
    aanbevelen verwijzen vergoeden compenseren financieren subsidiëren verstrekken toekennen
    waarderen belonen selecteren testen meten wegen scoren oefenen doorlopen afronden afsluiten
    beginnen eindigen beslissen besluiten kiezen wennen groeien bloeien winnen verliezen
    onderhouden geloven bevorderen dragen bijdragen variëren hechten profiteren bundelen
    vertegenwoordigen treffen redden combineren communiceren verankeren
    """.split()
)

#: Separable prefixes that stand apart in a main clause ("stroomt ... door"); the rest is conjugated.
_SEPARABLE = ("aan", "af", "door", "in", "mee", "om", "op", "over", "samen", "terug", "toe", "uit", "voor")
#: Words after which an infinitive is no finite plural: "te nemen", "om te", "het leren", "een".
_NOT_FINITE_AFTER = frozenset({"te", "om", "het", "de", "een", "al", "bij", "met", "van"})
_SHORT_INFINITIVES = frozenset({"zijn", "gaan", "staan", "doen", "zien"})
_VOWELS = "aeiouy"
_WORD = re.compile(r"[a-zë]+|\d+")


def _stems(infinitive: str) -> tuple[set[str], str]:
    """The stems ("werk", "neem", "leef") and the consonant before -en that picks -te or -de.

    A single vowel before the last consonant is doubled in a stressed syllable ("nemen": neem) and
    not in an unstressed one ("leveren": lever); both stems are kept, as the spelling alone does
    not tell them apart and the form that is not a word never matches.
    """
    base = infinitive[:-2] if infinitive.endswith("en") else infinitive[:-1]
    last = base[-1:]
    stems = {base}
    if len(base) >= 2 and base[-1] == base[-2] and base[-1] not in _VOWELS:
        stems = {base[:-1]}  # zetten -> zet
    elif len(base) >= 3 and base[-1] not in _VOWELS and base[-2] in "aeou" and base[-3] not in _VOWELS:
        stems.add(base[:-1] + base[-2] + base[-1])  # nemen -> neem, maken -> maak
    # leven -> leef, lezen -> lees
    return {s[:-1] + {"v": "f", "z": "s"}.get(s[-1:], s[-1:]) for s in stems}, last


def _forms(infinitive: str) -> set[str]:
    """Present (stem+t, infinitive) and regular past forms of one infinitive."""
    stems, last = _stems(infinitive)
    past = "te" if last in "tkfschpx" else "de"
    out = {infinitive}
    for stem in stems:
        out |= {stem if stem.endswith("t") else f"{stem}t", f"{stem}{past}", f"{stem}{past}n"}
    return out


@lru_cache(maxsize=1)
def imperatives() -> frozenset[str]:
    """The stems of the known verbs: a sentence that opens with one is an imperative ("Maak gebruik ...")."""
    return frozenset(s for i in _folded() for s in _stems(i)[0] if len(s) >= 3)


@lru_cache(maxsize=1)
def _folded() -> frozenset[str]:
    """The infinitives as ``fold`` writes them ("variëren": "varieren")."""
    return frozenset(fold(i) for i in INFINITIVES | {"helpen", "maken", "nemen", "geven", "houden", "laten"})


@lru_cache(maxsize=1)
def finite_forms() -> frozenset[str]:
    """Every finite form the check knows (built once)."""
    out = set(IRREGULAR)
    for infinitive in _folded():
        out |= _forms(infinitive)
        for prefix in _SEPARABLE:
            if infinitive.startswith(prefix) and len(infinitive) > len(prefix) + 3:
                out |= _forms(infinitive[len(prefix) :])  # "aanbieden": "biedt ... aan"
    return frozenset(out)


def has_finite_verb(text: str) -> bool:
    """Whether ``text`` holds a finite verb, i.e. is a clause rather than a phrase."""
    words = _WORD.findall(fold(text))
    forms, stems = finite_forms(), imperatives()
    if words and words[0] in stems:
        return True  # "Maak gebruik van ...", "Help mensen ...": an imperative
    for i, word in enumerate(words):
        if word in stems and words[i + 1 : i + 2] in (["je"], ["jij"], ["ik"]):
            return True  # "help je", "zie ik": a stem before its pronoun
        if word not in forms:
            continue
        before = words[i - 1] if i else ""
        if before == "te":
            continue  # "deel te nemen", "te laat": an infinitive or an adjective
        if (word.endswith("en") or word in _SHORT_INFINITIVES) and before in _NOT_FINITE_AFTER:
            continue  # "het leren", "om werken": an infinitive used as a noun
        return True
    return False
