"""Chunking: passages sized in the model's word pieces; items, rows, leads and headers kept whole."""

from __future__ import annotations

import statistics
from pathlib import Path

from ingest.chunking import chunk
from ingest.loaders import LoadedFile, Page, load
from ingest.structure import parse

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
MAX, MIN = 120, 30


def loaded_of(text: str) -> LoadedFile:
    return LoadedFile(Path("x.txt"), (Page(None, text),))


def items_text(n: int) -> str:
    return "\n".join(
        f"- Punt {i}: deelnemers krijgen begeleiding op de werkvloer en een opleiding bij een werkgever in de regio."
        for i in range(n)
    )


def test_long_list_is_cut_between_items_and_repeats_its_lead(embedder) -> None:
    text = "Hoofdstuk\n\nDe organisaties noemen de volgende onderdelen:\n" + items_text(14) + "\n"
    loaded = loaded_of(text)
    chunks = chunk(
        parse(loaded), count_tokens=embedder.count_tokens, max_tokens=MAX, min_tokens=MIN
    )
    assert len(chunks) >= 3
    seen = []
    for c in chunks:
        lines = c.text.split("\n")
        assert lines[0] == "De organisaties noemen de volgende onderdelen:"
        assert all(ln.startswith("- Punt ") and ln.endswith("regio.") for ln in lines[1:])
        assert embedder.count_tokens(c.text) <= MAX
        assert c.kind == "list" and c.section == ("Hoofdstuk",)
        seen += lines[1:]
        # The offsets cover this passage's own items in the source.
        assert loaded.text[c.start : c.end].startswith(lines[1] if c is not chunks[0] else lines[0])
        assert loaded.text[c.start : c.end].endswith(lines[-1])
    assert seen == items_text(14).split("\n")  # every item exactly once, in order


def test_long_table_repeats_its_header_row(embedder) -> None:
    header = "Regio\tAantal plaatsingen\tToelichting"
    rows = [
        f"Regio {i}\t{i * 7}\tPlaatsingen via detachering en begeleid werken bij werkgevers"
        for i in range(20)
    ]
    text = "Resultaten\n\n" + "\n".join([header, *rows]) + "\n"
    chunks = chunk(
        parse(loaded_of(text)), count_tokens=embedder.count_tokens, max_tokens=MAX, min_tokens=MIN
    )
    assert len(chunks) >= 2
    body = []
    for c in chunks:
        lines = c.text.split("\n")
        assert lines[0] == header and c.kind == "table"
        body += lines[1:]
    assert body == rows


def test_prose_is_cut_between_sentences_in_even_parts(embedder) -> None:
    sentence = "De gemeente betaalt de aanbieder van dagbesteding een vergoeding voor de begeleiding naar werk."
    text = "Financiën\n\n" + " ".join(f"{sentence[:-1]} ({i})." for i in range(12)) + "\n"
    chunks = chunk(
        parse(loaded_of(text)), count_tokens=embedder.count_tokens, max_tokens=MAX, min_tokens=MIN
    )
    sizes = [embedder.count_tokens(c.text) for c in chunks]
    assert len(chunks) >= 2 and max(sizes) <= MAX
    assert min(sizes) >= MAX / 2  # no scrap at the end
    for c in chunks:
        assert c.text.startswith("De gemeente") and c.text.endswith(").")


def test_passages_never_cross_sections_and_skip_toc(embedder) -> None:
    text = (
        "Inhoudsopgave\n\n1 Inleiding\t3\n2 Casussen\t5\n\n"
        "1 Inleiding\n\nKorte inleiding.\n\n2 Casussen\n\nEerste casus in het kort.\n"
    )
    chunks = chunk(
        parse(loaded_of(text)), count_tokens=embedder.count_tokens, max_tokens=MAX, min_tokens=MIN
    )
    assert [(c.section, c.text) for c in chunks] == [
        (("1 Inleiding",), "Korte inleiding."),
        (("2 Casussen",), "Eerste casus in het kort."),
    ]


def test_corpus_passages_fit_the_model_window(embedder) -> None:
    window = embedder.max_tokens
    for path in sorted(CORPUS.glob("*.txt")):
        chunks = chunk(
            parse(load(path)), count_tokens=embedder.count_tokens, max_tokens=200, min_tokens=40
        )
        sizes = [embedder.count_tokens(c.text) for c in chunks]
        assert 60 <= statistics.median(sizes) <= 200, path.name
        assert max(sizes) <= window, path.name
        assert all(c.kind != "toc" and "Inhoudsopgave" not in c.section for c in chunks)


def test_corpus_passage_offsets_cover_their_text(embedder) -> None:
    def norm(text: str) -> str:
        return " ".join(text.split())

    for path in sorted(CORPUS.glob("*.txt")):
        loaded = load(path)
        chunks = chunk(
            parse(loaded), count_tokens=embedder.count_tokens, max_tokens=200, min_tokens=40
        )
        for c in chunks:
            own = norm(loaded.text[c.start : c.end])
            lines = [norm(ln) for ln in c.text.split("\n") if ln.strip()]
            assert own.endswith(lines[-1]), (path.name, c.start)
            # Every line is source text: this passage's own, or the lead/header it repeats.
            before = norm(loaded.text[: c.end])
            assert all(line in before for line in lines), (path.name, c.start)
            assert any(own.startswith(line) for line in lines), (path.name, c.start)
