# ruff: noqa: E501 - a paragraph of the publications stays on one line, as the loader needs it
"""A small hand-made corpus (two short publications) and the core built over it by the real ingest.

Small enough to read in full, so a test can say exactly which sentence, item or passage it expects;
built through the real pipeline (bundled embedding model, Chroma on disk, BM25) like the corpus index.
"""

from __future__ import annotations

import json
from pathlib import Path

TESTDORP = "werkfit-testdorp"
ALMERE = "dagbesteding-almere"

DOCUMENTS: dict[str, tuple[dict[str, object], str]] = {
    TESTDORP: (
        {"title": "Werkfit in Testdorp", "publisher": "Testbureau", "year": 2019, "kind": "rapport"},
        """1 Over het Werkbedrijf Testdorp

Het Werkbedrijf Testdorp begeleidt jaarlijks 120 kandidaten naar betaald werk. De jobcoach blijft na plaatsing een half jaar betrokken bij de kandidaat en de werkgever.

2 Succesfactoren

De belangrijkste succesfactoren van het traject zijn:

- een vaste jobcoach voor elke kandidaat
- korte lijnen met werkgevers in de regio
- scholing op de werkvloer

3 Kosten

Een werkfit-traject kost gemiddeld 4.500 euro per kandidaat. De gemeente betaalt het traject uit het re-integratiebudget.
""",
    ),
    ALMERE: (
        {"title": "Van dagbesteding naar werk in Almere", "publisher": "Gemeente Almere", "year": 2021,
         "kind": "evaluatie"},
        """1 Aanpak

De gemeente Almere werkt samen met zorgaanbieders en werkgevers. Deelnemers lopen eerst een stage bij een werkgever voordat zij een contract krijgen.

2 Resultaten

Na twee jaar had 40 procent van de deelnemers een betaalde baan. De jobcoach blijft na plaatsing een half jaar betrokken bij de kandidaat en de werkgever.
""",
    ),
}


def write_corpus(folder: Path) -> Path:
    """Write the publications and their manifest into ``folder``; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for doc_id, (info, text) in DOCUMENTS.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        entries.append({"file": f"{doc_id}.txt", **info})
    (folder / "manifest.json").write_text(json.dumps({"documents": entries}), encoding="utf-8")
    return folder
