"""The corpus core with other serving settings (keys, limits, CORS) and its own key database."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.records.db import Database
from assistant.records.jobs import JobStore
from assistant.records.keys import KeyStore
from assistant.records.limits import HitCounter
from werkwijzer.compose import Core


def core_with(core: Core, tmp_path: Path, **settings: object) -> Core:
    """A copy of ``core`` sharing its index, with changed settings and an empty key store."""
    database = Database(f"sqlite:///{tmp_path / 'variant.db'}")
    return replace(
        core,
        settings=core.settings.model_copy(update=settings),
        database=database,
        keys=KeyStore(database),
        limits=HitCounter(database),  # rate limits counted apart from the session's core
        jobs=JobStore(database),
    )
