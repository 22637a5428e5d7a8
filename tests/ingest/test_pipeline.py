"""Ingest behaviour with real parts: the bundled model, Chroma on disk, PDFs made here, the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.errors import IndexMismatchError
from tests.conftest import ROOT, make_settings
from tests.ingest.pdfs import encrypted_pdf, image_only_pdf, report_pdf

CASE_TEXT = """1 Casus Fietskoeriers

De fietskoeriers in de binnenstad bieden werkervaringsplekken aan mensen met een afstand tot de
arbeidsmarkt. Deelnemers bezorgen post en pakketten en krijgen begeleiding van een werkleider.

Resultaten

Na een jaar hebben zestien deelnemers een betaalde baan bij een reguliere werkgever gevonden.
"""

REGION_TEXT = """Resultaten per regio

› Regio Achterhoek

In de Achterhoek is een terugkeergarantie ingevoerd om begeleid werken te stimuleren.

› Regio Twente

In Twente vonden tweeëntwintig mensen van de wachtlijst een garantiebaan.
"""


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "casus.txt").write_text(CASE_TEXT, encoding="utf-8")
    (folder / "regio.md").write_text(REGION_TEXT, encoding="utf-8")
    return folder


def build_core(data_dir: Path, corpus: Path, embedder, **overrides):  # noqa: ANN001, ANN201
    from werkwijzer.compose import build_core

    return build_core(
        make_settings(data_dir, corpus_dir=corpus, **overrides), embedder=embedder
    )


def versions(data_dir: Path) -> list[Path]:
    root = data_dir / "index"
    return (
        sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("v"))
        if root.exists()
        else []
    )


def test_pdf_and_unusable_files_report(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    report_pdf(corpus / "rapport.pdf")
    encrypted_pdf(corpus / "geheim.pdf")
    image_only_pdf(corpus / "scan.pdf")
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4\nnot a pdf at all")
    (corpus / "oud.txt").write_bytes("Cliënten".encode("latin-1") * 10)
    (corpus / "leeg.txt").write_bytes(b"")
    core = build_core(tmp_path / "data", corpus, embedder)
    report = core.indexer.ingest()
    assert report.ok and report.files == 8
    assert set(report.documents) == {"casus", "regio", "rapport"}
    assert report.pages == 3  # only the PDF has pages
    reasons = {Path(f).name: r for f, r in report.skipped}
    assert set(reasons) == {"geheim.pdf", "scan.pdf", "kapot.pdf", "oud.txt", "leeg.txt"}
    assert "password" in reasons["geheim.pdf"] and "OCR" in reasons["scan.pdf"]
    assert "UTF-8" in reasons["oud.txt"] and "empty" in reasons["leeg.txt"]
    assert report.added == sum(report.documents.values()) and report.unchanged == 0

    index = core.holder.current()
    pdf_passages = index.document_passages("rapport")
    assert {p.page for p in pdf_passages} == {1, 2, 3}
    table = next(p for p in pdf_passages if p.kind == "table")
    assert (
        table.page == 2
        and table.section == "2 Resultaten per regio"
        and "Achterhoek\t40" in table.text
    )
    hit = core.retriever.search(
        "hoeveel deelnemers kregen een vaste baan bij de fietskoeriers", k=3
    )[0]
    assert hit.passage.document_id == "rapport" and hit.passage.page == 3
    regio = index.document_passages("regio")
    assert {p.section for p in regio} == {
        "Resultaten per regio › Regio Achterhoek",
        "Resultaten per regio › Regio Twente",
    }


def test_reingest_is_idempotent_and_prunes_removed_files(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    core = build_core(tmp_path / "data", corpus, embedder)
    first = core.indexer.ingest()
    ids_before = [p.id for p in core.holder.current().passages]

    second = core.indexer.ingest()
    assert (second.added, second.removed, second.unchanged) == (0, 0, len(ids_before))
    assert second.version == first.version and not second.rebuilt
    assert [p.id for p in core.holder.current().passages] == ids_before

    (corpus / "regio.md").unlink()
    third = core.indexer.ingest()
    index = core.holder.current()
    assert third.removed == first.documents["regio"] and third.added == 0
    assert {p.document_id for p in index.passages} == {"casus"}
    assert index.store.count() == len(index.passages)
    assert [d.info.id for d in index.documents()] == ["casus"]
    # One generation is kept for servers still reading it; older ones go.
    assert len(versions(tmp_path / "data")) <= 2


def test_index_from_an_older_analyser_is_written_anew(
    tmp_path: Path, embedder, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    import json

    import assistant.search.lexical as lexical

    corpus = write_corpus(tmp_path / "corpus")
    core = build_core(tmp_path / "data", corpus, embedder)
    first = core.indexer.ingest()
    monkeypatch.setattr(lexical, "ANALYSER_VERSION", "newer-analyser")
    core.holder.invalidate()
    assert core.holder.current().lexical.stale  # served from an in-memory rebuild meanwhile
    second = core.indexer.ingest()
    assert second.version != first.version and second.added == 0
    meta = tmp_path / "data" / "index" / second.version / "lexical" / "meta.json"
    assert json.loads(meta.read_text(encoding="utf-8"))["analyser"] == "newer-analyser"
    assert not core.holder.current().lexical.stale


def test_vectors_from_an_older_store_setting_are_written_anew(
    tmp_path: Path, embedder, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    import assistant.adapters.chroma as store

    corpus = write_corpus(tmp_path / "corpus")
    core = build_core(tmp_path / "data", corpus, embedder)
    first = core.indexer.ingest()
    monkeypatch.setattr(store, "SEARCH_EF", store.SEARCH_EF * 2)
    core.holder.invalidate()
    assert core.holder.current().outdated
    second = core.indexer.ingest()
    assert second.version != first.version and second.added == 0
    assert core.holder.current().store.metadata["hnsw:search_ef"] == store.SEARCH_EF
    assert not core.holder.current().outdated


def test_changed_file_keeps_the_ids_of_unchanged_passages(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    core = build_core(tmp_path / "data", corpus, embedder)
    core.indexer.ingest()
    before = {p.id for p in core.holder.current().passages}
    (corpus / "casus.txt").write_text(CASE_TEXT.replace("zestien", "achttien"), encoding="utf-8")
    report = core.indexer.ingest()
    after = {p.id for p in core.holder.current().passages}
    assert report.added == 1 and report.removed == 1
    assert len(before & after) == len(before) - 1


def test_model_mismatch_is_refused_with_how_to_rebuild(tmp_path: Path, embedder) -> None:
    from fastapi.testclient import TestClient

    from api.main import create_app

    corpus = write_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    build_core(data, corpus, embedder, chunk_max_tokens=120).indexer.ingest()

    core = build_core(
        data, corpus, embedder
    )  # default chunk sizes: not what the index was built with
    with pytest.raises(IndexMismatchError) as caught:
        core.holder.current()
    message = str(caught.value)
    assert "werkwijzer ingest --rebuild" in message and "120" in message and "200" in message

    with TestClient(create_app(core), base_url="http://localhost") as client:
        r = client.post("/api/search", json={"query": "fietskoeriers"})
        assert r.status_code == 503
        assert r.json() == {"error": {"type": "index_mismatch", "message": message}}
        assert client.get("/healthz").status_code == 503

    report = core.indexer.ingest()  # ingest rebuilds for the new settings
    assert report.rebuilt and report.added == sum(report.documents.values())
    assert core.retriever.search("fietskoeriers", k=1)


class RenamedEmbedder:
    """The real embedder under another model name: an index built with it belongs to that name."""

    def __init__(self, inner, name: str) -> None:  # noqa: ANN001
        self._inner, self._name = inner, name

    def __getattr__(self, attr: str):  # noqa: ANN204
        return getattr(self._inner, attr)

    @property
    def model_id(self) -> str:
        return self._name

    @property
    def dimension(self) -> int:
        return self._inner.dimension


def test_other_embedding_model_is_refused(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    build_core(
        data, corpus, RenamedEmbedder(embedder, "intfloat/multilingual-e5-small")
    ).indexer.ingest()
    with pytest.raises(
        IndexMismatchError, match="multilingual-e5-small.*all-MiniLM-L6-v2.*--rebuild"
    ):
        build_core(data, corpus, embedder).holder.current()


def test_rebuild_reembeds_everything(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    core = build_core(tmp_path / "data", corpus, embedder)
    first = core.indexer.ingest()
    again = core.indexer.ingest(rebuild=True)
    assert again.rebuilt and again.version != first.version
    assert again.added == sum(again.documents.values()) and again.unchanged == 0


def _cli_env(data_dir: Path, corpus: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WERKWIJZER_")}
    env.update(
        WERKWIJZER_DATA_DIR=str(data_dir),
        WERKWIJZER_CORPUS_DIR=str(corpus),
        HF_HUB_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        PYTHONPATH=str(ROOT),
    )
    return env


def test_cli_progress_report_and_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from werkwijzer.cli import main

    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4\nnot a pdf")
    monkeypatch.chdir(tmp_path)  # no .env of the developer's checkout
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WERKWIJZER_CORPUS_DIR", str(corpus))

    assert main(["ingest"]) == 0
    out, err = capsys.readouterr()
    assert "embedding" in err and "100%" in err  # the progress bar
    assert "Files: 3, pages: 0, passages added: " in out and "unchanged: 0, removed: 0" in out
    assert "casus:" in out and "regio:" in out
    assert "skipped" in out and "kapot.pdf" in out and "damaged" in out

    assert main(["ingest", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["passages"] == {"added": 0, "unchanged": sum(body["documents"].values()), "removed": 0}
    assert [s["file"].endswith("kapot.pdf") for s in body["skipped"]] == [True]

    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "kapot.pdf").write_bytes(b"%PDF-1.4\nnot a pdf")
    monkeypatch.setenv("WERKWIJZER_DATA_DIR", str(tmp_path / "d2"))
    assert main(["ingest", str(nothing)]) == 1
    out, err = capsys.readouterr()
    assert "Nothing could be ingested" in err and "kapot.pdf" in out


def _generated_document(n: int) -> str:
    """A long document of distinct paragraphs, so that embedding it takes a while."""
    subjects = ["De gemeente", "Het werkbedrijf", "De jobcoach", "De werkgever", "Het sociaal team"]
    verbs = ["begeleidt", "plaatst", "traint", "ondersteunt", "volgt"]
    parts = []
    for i in range(n):
        s, v = subjects[i % 5], verbs[(i // 5) % 5]
        parts.append(
            f"Paragraaf {i}\n\n{s} {v} in traject {i} deelnemers met een afstand tot de arbeidsmarkt. "
            f"In week {i % 52 + 1} volgt een gesprek over de voortgang en de volgende stap naar werk. "
            f"Het budget voor traject {i} bedraagt {1000 + 37 * i} euro per deelnemer per jaar.\n"
        )
    return "\n".join(parts)


def test_killed_ingest_leaves_the_previous_index_serving(tmp_path: Path, embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    core = build_core(data, corpus, embedder)
    core.indexer.ingest()
    active = (data / "index" / "ACTIVE").read_text()
    query = "terugkeergarantie begeleid werken Achterhoek"
    before = [(h.passage.id, round(h.score, 6)) for h in core.retriever.search(query, k=3)]

    (corpus / "lang.txt").write_text(_generated_document(150), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "werkwijzer", "ingest"],
        env=_cli_env(data, corpus),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    embedding = threading.Event()

    def watch() -> None:
        assert proc.stderr is not None
        while chunk := proc.stderr.read(64):
            seen.append(chunk)
            if "embedding" in "".join(seen[-3:]):
                embedding.set()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert embedding.wait(timeout=300), "".join(seen)
    time.sleep(0.5)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    watcher.join(timeout=10)  # the pipe ends with the process
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()

    # The old version is still the active one and answers exactly as before.
    assert (data / "index" / "ACTIVE").read_text() == active
    fresh = build_core(data, corpus, embedder)
    assert [(h.passage.id, round(h.score, 6)) for h in fresh.retriever.search(query, k=3)] == before
    assert "lang" not in {d.info.id for d in fresh.holder.current().documents()}

    # The next ingest finishes the job and leaves no half-written version behind.
    report = fresh.indexer.ingest()
    assert report.ok and "lang" in report.documents
    assert all((v / "manifest.json").exists() for v in versions(data))
