"""Fixtures of the records tests: the stores over a real SQLite database in a temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.records.conversations import ConversationStore
from assistant.records.db import Database
from assistant.records.feedback import FeedbackStore


@pytest.fixture
def stores(tmp_path: Path) -> tuple[ConversationStore, FeedbackStore]:
    """A conversation store and a feedback store sharing one new database."""
    database = Database(f"sqlite:///{tmp_path / 'app.db'}")
    conversations = ConversationStore(database)
    feedback = FeedbackStore(database)
    database.create_all()
    return conversations, feedback
