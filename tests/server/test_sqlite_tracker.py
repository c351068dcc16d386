"""A SQLite tracker store keeps its connections, in write-ahead-log mode, and stores as Rasa's does."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from server.sqlite_tracker import keep_open
from server.tracker_cache import TrackerCache

DOMAIN = Domain.from_yaml("version: '3.1'\nslots:\n  role:\n    type: text\n    mappings: []")


def conversation(sender: str) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_listen"),
        UserUttered("what does a data analyst do?", {"name": "ask_role", "confidence": 0.9}),
        SlotSet("role", "Data analyst"),
        ActionExecuted("action_listen"),
    ]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def store_on(path: Path) -> SQLTrackerStore:
    return SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path))


def stored_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:  # as the review page reads it
        query = "SELECT sender_id, type_name, intent_name, action_name, data FROM events ORDER BY id"
        return connection.execute(query).fetchall()


def test_a_file_database_is_kept_open_in_write_ahead_mode(tmp_path: Path) -> None:
    store = store_on(tmp_path / "tracker.db")
    assert keep_open(store)
    with store.session_scope() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL: a commit is on disk
        first = session.connection().connection.dbapi_connection
    with store.session_scope() as session:
        assert session.connection().connection.dbapi_connection is first  # not opened again


def test_it_stores_and_reads_back_what_rasas_engine_does(tmp_path: Path) -> None:
    ours, rasas = store_on(tmp_path / "ours.db"), store_on(tmp_path / "rasas.db")
    keep_open(ours)
    tracker = conversation("learner")
    for store in (ours, rasas):
        asyncio.run(store.save(tracker))
    assert stored_rows(tmp_path / "ours.db") == stored_rows(tmp_path / "rasas.db") != []
    read = asyncio.run(ours.retrieve("learner"))
    assert read is not None and read.get_slot("role") == "Data analyst"
    assert list(read.events) == list(asyncio.run(rasas.retrieve("learner")).events)


def test_a_reader_sees_each_turn_once_committed_while_the_store_is_open(tmp_path: Path) -> None:
    store = store_on(tmp_path / "tracker.db")
    keep_open(store)
    asyncio.run(store.save(conversation("first")))
    asyncio.run(store.save(conversation("second")))
    assert {row[0] for row in stored_rows(tmp_path / "tracker.db")} == {"first", "second"}


def test_sqlite_in_memory_keeps_rasas_engine() -> None:
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=":memory:")
    engine = store.engine
    assert not keep_open(store)
    assert store.engine is engine


def test_a_sqlite_url_with_options_keeps_rasas_engine_and_writes_on_the_event_loop() -> None:
    """A `file:` URI may name a database in memory (`mode=memory`): it is used as given."""
    options = {"mode": "memory", "cache": "shared", "uri": "true"}
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db="file:conversations", query=options)
    engine = store.engine
    assert not keep_open(store)
    assert store.engine is engine
    assert not TrackerCache(store, size=10)._in_threads
