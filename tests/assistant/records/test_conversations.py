"""Conversations stored through SQLAlchemy in SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import InvalidInputError, NotFoundError
from assistant.records.conversations import ConversationStore, default_title
from assistant.records.db import Database
from assistant.types import Answer, Citation, Hit, Passage

P = Passage("p1", "d", "Doc", "A › B", 3, "Pastiel werkt vanuit Sneek.", 4)


def _store(tmp_path: Path) -> ConversationStore:
    db = Database(f"sqlite:///{tmp_path / 'sub' / 'test.db'}")
    db.create_all()
    return ConversationStore(db)


def _answer(text: str = "Sneek [1]") -> Answer:
    return Answer(
        "answered",
        text,
        (Citation.of(1, P, "Sneek"),),
        (Hit(P, 0.5),),
        standalone_question="Waar? (Pastiel)",
    )


def test_turns_round_trip(tmp_path: Path) -> None:
    store = _store(tmp_path)
    cid, t1 = store.record(
        None, question="Waar werkt Pastiel?", answer=_answer(), title="Pastiel"
    )
    t2 = store.add_turn(cid, question="En waar nog meer?", answer=_answer("ook Joure [1]"))
    conversation = store.get(cid)
    assert conversation.title == "Pastiel"
    assert [t.id for t in conversation.turns] == [t1, t2]
    first = conversation.turns[0]
    assert first.citations[0].quote == "Sneek" and first.hits[0].passage.text == P.text
    assert first.hits[0].passage.section == "A › B" and first.hits[0].score == 0.5
    history = store.history(cid, limit=1)
    assert [h.question for h in history] == ["En waar nog meer?"]
    assert store.list()[0].turns == 2


def test_rename_delete_and_unknown_ids(tmp_path: Path) -> None:
    store = _store(tmp_path)
    cid, _ = store.record(None, question="Vraag?", answer=_answer(), title="Vraag?")
    other, _ = store.record(None, question="Andere vraag?", answer=_answer(), title="Andere")
    assert store.rename(cid, "  Nieuwe   titel ").title == "Nieuwe titel"
    with pytest.raises(InvalidInputError):
        store.rename(cid, " ")
    store.delete(cid)
    with pytest.raises(NotFoundError):
        store.get(cid)
    with pytest.raises(NotFoundError):
        store.add_turn(cid, question="x", answer=_answer())
    assert [c.id for c in store.list()] == [other]
    assert len(store.get(other).turns) == 1


def test_default_title_is_short() -> None:
    assert default_title("Kort?") == "Kort?"
    long = default_title("woord " * 40)
    assert len(long) <= 80 and long.endswith("…")


def test_titles_are_redacted_and_checked_on_rename(tmp_path: Path) -> None:
    store = _store(tmp_path)
    cid = store.create("Gesprek")
    assert store.rename(cid, "Dossier 123456782 NL91ABNA0417164300").title == "Dossier [BSN] [IBAN]"
    with pytest.raises(InvalidInputError, match="surrogate"):
        store.rename(cid, "kapot \ud800")
    assert store.get(cid).title == "Dossier [BSN] [IBAN]"


def test_a_turn_that_cannot_be_stored_leaves_no_new_conversation_behind(tmp_path: Path) -> None:
    store = _store(tmp_path)
    cid, turn = store.record(None, question="Waar werkt Pastiel?", answer=_answer())
    with pytest.raises(Exception):  # noqa: B017, PT011 - the database's own error for a duplicate turn id
        store.record(None, question="Een nieuwe vraag", answer=_answer(), turn_id=turn)
    assert [c.id for c in store.list()] == [cid]
    before = store.get(cid)
    with pytest.raises(Exception):  # noqa: B017, PT011
        store.record(cid, question="En verder?", answer=_answer(), turn_id=turn)
    after = store.get(cid)
    assert len(after.turns) == 1 and after.updated == before.updated
