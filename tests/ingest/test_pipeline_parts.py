"""The pipeline's small parts on hand-made values: ids, embedding text, file collection, the report."""

from __future__ import annotations

from pathlib import Path

from assistant.types import SECTION_SEPARATOR, Passage
from ingest.pipeline import IngestReport, collect_files, embedding_text, passage_id


def test_passage_ids_come_from_section_and_text_and_count_repeats() -> None:
    seen: dict[str, int] = {}
    first = passage_id("werkfit", "3 Kosten", "Een traject kost 4.500 euro.", seen)
    again = passage_id("werkfit", "3 Kosten", "Een traject kost 4.500 euro.", seen)
    third = passage_id("werkfit", "3 Kosten", "Een traject kost 4.500 euro.", seen)
    assert first.startswith("werkfit-") and again == f"{first}-1" and third == f"{first}-2"
    assert passage_id("werkfit", "3 Kosten", "Een traject kost 4.500 euro.", {}) == first  # deterministic
    assert passage_id("werkfit", "4 Baten", "Een traject kost 4.500 euro.", {}) != first  # section counts
    assert passage_id("werkfit", None, "Tekst.", {}) == passage_id("werkfit", "", "Tekst.", {})


def test_the_dense_model_reads_title_and_section_before_the_text() -> None:
    p = Passage("w-1", "w", "Werkfit", f"3 Kosten{SECTION_SEPARATOR}Pastiel", 1, "Het kost geld.", 0)
    assert embedding_text(p) == f"Werkfit{SECTION_SEPARATOR}3 Kosten{SECTION_SEPARATOR}Pastiel\nHet kost geld."
    bare = Passage("w-2", "w", "Werkfit", None, 1, "Het kost geld.", 1)
    assert embedding_text(bare) == "Werkfit\nHet kost geld."


def test_folders_are_expanded_into_supported_files_and_the_rest_is_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for name in ("a.txt", "b.pdf", "sub/c.md", "d.docx", "manifest.json", "README.md", "notes.rtf",
                 "expansions/a.jsonl", ".hidden.txt", ".rejected/e.txt", ".locks/f.txt"):
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    single = tmp_path / "los.txt"
    single.write_text("x", encoding="utf-8")
    files, skipped = collect_files([corpus, single, tmp_path / "nergens"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "corpus/a.txt", "corpus/b.pdf", "corpus/d.docx", "corpus/sub/c.md", "los.txt"]
    assert skipped == [(str(corpus / "notes.rtf"), "unsupported file type .rtf"),
                       (str(tmp_path / "nergens"), "no such file or folder")]


def test_a_file_without_suffix_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text("x", encoding="utf-8")
    assert collect_files([tmp_path]) == ([], [(str(tmp_path / "LICENSE"), "unsupported file type (none)")])


def test_a_report_is_ok_when_something_was_ingested_and_has_a_json_form() -> None:
    report = IngestReport(files=2, pages=3, added=4, unchanged=1, removed=2, skipped=[("x.rtf", "unsupported")],
                          documents={"werkfit": 5}, seconds=1.23456, version="v1", rebuilt=True)
    assert report.ok and not IngestReport().ok
    assert report.to_json() == {
        "files": 2, "pages": 3, "passages": {"added": 4, "unchanged": 1, "removed": 2},
        "skipped": [{"file": "x.rtf", "reason": "unsupported"}], "documents": {"werkfit": 5},
        "seconds": 1.23, "version": "v1", "rebuilt": True,
    }
