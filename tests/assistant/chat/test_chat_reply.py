"""Assistant.reply: answers after a history the caller keeps, without storing anything."""

from __future__ import annotations

from assistant.types import Turn

CASE = "Wat is het werkfit-traject van Cycloon?"


def test_a_chain_of_follow_ups_keeps_its_subject(corpus_core) -> None:  # noqa: ANN001
    # The subject is looked for in the last two turns only, so the third follow-up finds it only
    # because the earlier follow-ups were rewritten (replayed) as a stored conversation would be.
    chat = corpus_core.chat
    history = [
        Turn(question=CASE, answer="..."),
        Turn(question="En hoe lang duurt dat?", answer="..."),
        Turn(question="En wat levert het op?", answer="..."),
    ]
    answer = chat.reply("En wie betaalt dat?", history=history)
    assert answer.standalone_question is not None and "Cycloon" in answer.standalone_question
    assert any("Cycloon" in (h.passage.section or "") for h in answer.hits[:3])


def test_reply_stores_no_conversation(corpus_core) -> None:  # noqa: ANN001
    chat = corpus_core.chat
    before = len(chat.conversations.list())
    answer = chat.reply(CASE)
    assert answer.status == "answered" and answer.citations
    assert len(chat.conversations.list()) == before


def test_history_beyond_the_configured_turns_is_not_used(corpus_core) -> None:  # noqa: ANN001
    chat = corpus_core.chat
    limit = corpus_core.settings.history_turns
    old = [Turn(question=CASE, answer="...")]
    filler = [Turn(question="Wat is een werkfit-traject?", answer="...") for _ in range(limit)]
    answer = chat.reply("En hoe lang duurt dat?", history=[*old, *filler])
    assert "Cycloon" not in (answer.standalone_question or "")
