"""The corpus manifest and the doc2query expansions, on files written by the test."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.types import Passage
from ingest.expansions import expansion_file, fingerprint_part, load_expansions
from ingest.manifest import MANIFEST_NAME, NOT_PUBLICATIONS, document_info, read_manifest


def test_no_manifest_means_no_entries(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == {}


def test_manifest_entries_are_keyed_by_the_file_stem(tmp_path: Path) -> None:
    entries = [{"file": "werkfit.pdf", "title": "Werkfit", "year": 2019}, {"file": "sub/oss.txt"}]
    (tmp_path / MANIFEST_NAME).write_text(json.dumps({"documents": entries}), encoding="utf-8")
    manifest = read_manifest(tmp_path)
    assert set(manifest) == {"werkfit", "oss"}
    assert manifest["werkfit"]["year"] == 2019


def test_a_manifest_without_documents_is_empty(tmp_path: Path) -> None:
    (tmp_path / MANIFEST_NAME).write_text("{}", encoding="utf-8")
    assert read_manifest(tmp_path) == {}


def test_document_info_comes_from_the_manifest_entry() -> None:
    info = document_info(Path("c/werkfit.pdf"), {"title": "Werkfit", "publisher": "Cedris", "year": 2019,
                                                  "kind": "rapport"})
    assert (info.id, info.title, info.publisher, info.year, info.kind, info.source) == (
        "werkfit", "Werkfit", "Cedris", 2019, "rapport", "werkfit.pdf"
    )


def test_without_an_entry_the_title_is_made_from_the_file_name() -> None:
    info = document_info(Path("c/simpel-switchen_dagbesteding.txt"), None)
    assert info.title == "Simpel switchen dagbesteding"
    assert info.publisher is None and info.year is None and info.kind is None


def test_the_manifest_is_no_publication() -> None:
    assert MANIFEST_NAME in NOT_PUBLICATIONS and "README.md" in NOT_PUBLICATIONS


def passages() -> list[Passage]:
    return [
        Passage("w:0", "w", "W", None, 1, "De jobcoach blijft een half jaar betrokken.", 0),
        Passage("w:1", "w", "W", None, 1, "Een traject kost 4.500 euro per kandidaat.", 1),
    ]


def write_expansions(publication: Path, lines: list[object]) -> None:
    path = expansion_file(publication)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(x) if not isinstance(x, str) else x for x in lines), encoding="utf-8")


def test_the_expansion_file_sits_beside_the_publication(tmp_path: Path) -> None:
    assert expansion_file(tmp_path / "werkfit.pdf") == tmp_path / "expansions" / "werkfit.jsonl"


def test_questions_go_to_the_passage_that_starts_with_the_anchor(tmp_path: Path) -> None:
    pub = tmp_path / "w.txt"
    write_expansions(pub, [
        {"anchor": "Een traject kost", "questions": ["Wat kost het?", "Hoe duur is werkfit?"]},
        "",
        {"anchor": "De <b>jobcoach</b> blijft", "questions": ["Hoe lang helpt de coach?"]},
        {"anchor": "De jobcoach blijft", "questions": ["Blijft de coach?"]},
    ])
    assert load_expansions(pub, passages()) == {
        "w:1": ["Wat kost het?", "Hoe duur is werkfit?"],
        "w:0": ["Hoe lang helpt de coach?", "Blijft de coach?"],  # markup in an anchor is stripped
    }


def test_an_anchor_that_no_passage_starts_with_is_dropped(tmp_path: Path) -> None:
    pub = tmp_path / "w.txt"
    write_expansions(pub, [
        {"anchor": "kost 4.500 euro", "questions": ["Wat kost het?"]},  # inside, not at the start
        {"anchor": "", "questions": ["Zonder anker?"]},
        {"anchor": "Een traject", "questions": []},
    ])
    assert load_expansions(pub, passages()) == {}


def test_without_an_expansion_file_nothing_is_loaded_and_the_fingerprint_is_empty(tmp_path: Path) -> None:
    pub = tmp_path / "w.txt"
    assert load_expansions(pub, passages()) == {}
    assert fingerprint_part(pub) == b""
    write_expansions(pub, [{"anchor": "Een", "questions": ["q"]}])
    assert fingerprint_part(pub) == expansion_file(pub).read_bytes() != b""


def test_an_anchor_names_one_passage_the_first_that_starts_with_it(tmp_path: Path) -> None:
    pub = tmp_path / "w.txt"
    twice = [*passages(), Passage("w:2", "w", "W", None, 2, "Een traject kost minder in Oss.", 2)]
    write_expansions(pub, [{"anchor": "Een traject kost", "questions": ["Wat kost het?"]}])
    assert load_expansions(pub, twice) == {"w:1": ["Wat kost het?"]}
