"""The tracker cache (server/tracker_cache.py) on a real SQLite tracker database, with a second store
on the same file standing for another Rasa process: a kept conversation is served only while the
database holds exactly its events."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from launcher import settings
from server.kept_tracker import KeptTracker
from server.sqlite_tracker import keep_open
from server.tracker_cache import INDEX, TrackerCache, unwrapped
from server.tracker_store import DurableTrackerStore
from tests.server.test_kept_tracker import event

DOMAIN = Domain.load(str(settings.ROOT / "domain.yml"))


def sql_store(path: Path) -> SQLTrackerStore:
    return SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(path))


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "tracker.db"


def said(tracker: DialogueStateTracker, text: str) -> None:
    now = time.time()
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=now))
    tracker.update(ActionExecuted("utter_greet", timestamp=now + 0.001))
    tracker.update(ActionExecuted("action_listen", timestamp=now + 0.002))


def turn(store: TrackerCache | SQLTrackerStore, sender: str, text: str) -> DialogueStateTracker:
    """One turn as Rasa runs it: retrieve (or start), add the message and the answer, save."""

    async def run() -> DialogueStateTracker:
        tracker = await store.retrieve(sender) or DialogueStateTracker(sender, DOMAIN.slots)
        said(tracker, text)
        await store.save(tracker)
        return tracker

    return asyncio.run(run())


def texts(tracker: DialogueStateTracker | None) -> list[str]:
    assert tracker is not None
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def test_a_conversation_is_served_from_memory_while_the_database_holds_its_events(database: Path) -> None:
    cache = TrackerCache(sql_store(database), size=10)
    sender = uuid.uuid4().hex
    first = turn(cache, sender, "hello")
    second = turn(cache, sender, "hello again")  # read back once: the first save is not kept
    third = turn(cache, sender, "and again")
    assert second is not first and third is second  # not rebuilt from the database
    assert isinstance(third, KeptTracker)  # whose copies and applied events replay nothing
    stored = asyncio.run(sql_store(database).retrieve(sender))
    assert texts(stored) == texts(third) == ["hello", "hello again", "and again"]


def test_a_new_conversation_is_served_as_the_database_reads_it_back(database: Path) -> None:
    cache = TrackerCache(sql_store(database), size=10)
    sender = uuid.uuid4().hex
    now = time.time()
    opened = DialogueStateTracker(sender, DOMAIN.slots)
    # As Rasa opens a conversation: its `action_session_start` comes before `SessionStarted`, and a
    # session is read back from `SessionStarted` on.
    opened.update(ActionExecuted("action_session_start", timestamp=now))
    opened.update(SessionStarted(timestamp=now + 0.001))
    opened.update(ActionExecuted("action_listen", timestamp=now + 0.002))
    said(opened, "hello")
    asyncio.run(cache.save(opened))
    served = asyncio.run(cache.retrieve(sender))
    stored = asyncio.run(sql_store(database).retrieve(sender))
    assert served is not None and stored is not None
    assert [e.type_name for e in served.events] == [e.type_name for e in stored.events]


def test_turns_another_process_saved_are_read_from_the_database(database: Path) -> None:
    here, there = TrackerCache(sql_store(database), size=10), sql_store(database)
    sender = uuid.uuid4().hex
    kept = turn(here, sender, "one")
    turn(there, sender, "two")
    current = asyncio.run(here.retrieve(sender))
    assert current is not kept and texts(current) == ["one", "two"]
    assert texts(turn(here, sender, "three")) == ["one", "two", "three"]
    assert texts(asyncio.run(there.retrieve(sender))) == ["one", "two", "three"]


def test_a_turn_that_failed_before_its_save_is_not_served(database: Path) -> None:
    cache = TrackerCache(sql_store(database), size=10)
    sender = uuid.uuid4().hex
    turn(cache, sender, "saved")
    unsaved = asyncio.run(cache.retrieve(sender))
    assert unsaved is not None
    said(unsaved, "never saved")  # the turn broke off before Rasa saved it
    assert texts(asyncio.run(cache.retrieve(sender))) == ["saved"]


def test_a_failed_turn_as_long_as_another_process_s_saved_one_is_not_served(database: Path) -> None:
    here, there = TrackerCache(sql_store(database), size=10), sql_store(database)
    sender = uuid.uuid4().hex
    turn(here, sender, "one")
    failed = asyncio.run(here.retrieve(sender))
    assert failed is not None
    said(failed, "lost here")  # as many events as the turn the other process then saves
    turn(there, sender, "two")
    assert texts(asyncio.run(here.retrieve(sender))) == ["one", "two"]


def test_the_least_recently_used_conversation_is_dropped_first(database: Path) -> None:
    cache = TrackerCache(sql_store(database), size=1)
    first, second = uuid.uuid4().hex, uuid.uuid4().hex
    turn(sql_store(database), first, "a")  # conversations begun before, read back at their next turn
    turn(sql_store(database), second, "b")
    kept_first = turn(cache, first, "a2")
    kept_second = turn(cache, second, "b2")
    assert asyncio.run(cache.retrieve(second)) is kept_second
    again = asyncio.run(cache.retrieve(first))
    assert again is not kept_first and texts(again) == ["a", "a2"]
    off = TrackerCache(sql_store(database), size=0)
    kept = turn(off, first, "c")
    assert asyncio.run(off.retrieve(first)) is not kept


def test_the_database_store_is_found_under_the_wrappers(database: Path) -> None:
    store = sql_store(database)
    assert unwrapped(DurableTrackerStore(TrackerCache(store, size=1))) is store


def stored_rows(database: Path, sender: str) -> list[tuple[str, float]]:
    store = sql_store(database)
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent.type_name, store.SQLEvent.timestamp).filter(
            store.SQLEvent.sender_id == sender
        )
        return [(kind, when) for kind, when in rows.order_by(store.SQLEvent.id)]


def test_saves_from_memory_store_each_event_once(database: Path) -> None:
    cache = TrackerCache(sql_store(database), size=10)
    sender = uuid.uuid4().hex
    for text in ("one", "two", "three", "four"):
        tracker = turn(cache, sender, text)
    assert stored_rows(database, sender) == [(e.type_name, e.timestamp) for e in tracker.events]


def test_a_row_another_process_writes_just_after_a_save_is_not_taken_for_its_own(database: Path) -> None:
    store, there = sql_store(database), sql_store(database)
    cache = TrackerCache(store, size=10)
    sender = uuid.uuid4().hex
    turn(cache, sender, "one")
    keep = cache._keep

    async def another_process_writes() -> None:
        other = await there.retrieve(sender)
        assert other is not None
        said(other, "there")
        await there.save(other)

    def another_process_writes_then_keep(sender_id: str, tracker: Any, began: int | None) -> None:
        """Between the save of "two" and its keeping the tracker (in a thread: the save's loop runs)."""
        if tracker is not None and texts(tracker)[-1:] == ["two"]:
            with ThreadPoolExecutor(1) as other_process:
                other_process.submit(asyncio.run, another_process_writes()).result()
        keep(sender_id, tracker, began)

    cache._keep = another_process_writes_then_keep  # type: ignore[method-assign]
    turn(cache, sender, "two")
    cache._keep = keep  # type: ignore[method-assign]
    assert texts(asyncio.run(cache.retrieve(sender))) == ["one", "two", "there"]
    assert texts(turn(cache, sender, "three")) == ["one", "two", "there", "three"]
    assert len(stored_rows(database, sender)) == 12


def test_a_new_session_begun_in_a_kept_conversation_is_read_alone_at_the_next_turn(database: Path) -> None:
    cache = TrackerCache(sql_store(database), size=10)
    sender = uuid.uuid4().hex
    turn(cache, sender, "old session")

    async def new_session() -> None:
        tracker = await cache.retrieve(sender)
        assert tracker is not None
        tracker.update(SessionStarted(timestamp=time.time()))
        said(tracker, "new session")
        await cache.save(tracker)

    asyncio.run(new_session())
    assert texts(asyncio.run(cache.retrieve(sender))) == ["new session"]
    assert texts(turn(cache, sender, "next")) == ["new session", "next"]


def test_the_newest_row_is_found_by_an_index(database: Path) -> None:
    store = sql_store(database)
    TrackerCache(store, size=1)
    TrackerCache(sql_store(database), size=1)  # a second process finds it made
    with store.engine.connect() as connection:
        plan = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE sender_id = 'x' ORDER BY id DESC LIMIT 1"
        ).fetchall()
    assert any(INDEX in str(step) for step in plan)


def test_its_saves_write_the_rows_rasas_save_writes(tmp_path: Path) -> None:
    """Turn after turn of every kind of event (but a new session, which Rasa reads back alone)."""

    ours, rasas = TrackerCache(sql_store(tmp_path / "ours.db"), 10), sql_store(tmp_path / "rasas.db")
    tracker = DialogueStateTracker("learner", DOMAIN.slots)
    draw = random.Random(3)
    for number in range(40):
        for _ in range(draw.randint(1, 6)):
            happened = event(draw, number)
            if not isinstance(happened, SessionStarted):
                tracker.update(happened)
        for store in (ours, rasas):
            asyncio.run(store.save(tracker))

    def rows(path: Path) -> list[tuple]:
        with sqlite3.connect(path) as connection:
            columns = "sender_id, type_name, timestamp, intent_name, action_name, data"
            query = f"SELECT {columns} FROM events ORDER BY id"
            return connection.execute(query).fetchall()

    assert rows(tmp_path / "ours.db") == rows(tmp_path / "rasas.db")
    assert len(rows(tmp_path / "ours.db")) == len(tracker.events) > 40


def test_while_a_save_waits_for_the_database_other_conversations_are_served(database: Path) -> None:
    """Another connection holds SQLite's write lock: the save waits for it (up to SQLite's 5 s), and
    meanwhile the event loop reads another learner's conversation."""

    store = sql_store(database)
    keep_open(store)
    cache = TrackerCache(store, size=10)
    turn(cache, "reader", "hello")
    waiting = DialogueStateTracker("writer", DOMAIN.slots)
    said(waiting, "hi")

    async def run() -> None:
        lock = sqlite3.connect(database, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        try:
            saving = asyncio.create_task(cache.save(waiting))
            await asyncio.sleep(0.2)  # the save has begun and waits for the lock
            assert texts(await asyncio.wait_for(cache.retrieve("reader"), timeout=3)) == ["hello"]
            assert not saving.done()
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        await saving

    asyncio.run(run())
    assert texts(asyncio.run(cache.retrieve("writer"))) == ["hi"]


def test_saves_of_several_learners_wait_for_a_slow_database_side_by_side(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database that takes a second a write (a disk stalling, a lock held) delays each learner's
    save by that second, not by everyone else's saves before it."""
    cache = TrackerCache(sql_store(database), size=10)
    write = cache._write

    def slow_write(tracker: DialogueStateTracker) -> int | None:
        time.sleep(1.0)
        return write(tracker)

    monkeypatch.setattr(cache, "_write", slow_write)
    trackers = [DialogueStateTracker(f"learner-{number}", DOMAIN.slots) for number in range(4)]
    for number, tracker in enumerate(trackers):
        said(tracker, f"message {number}")

    async def run() -> None:
        await asyncio.wait_for(asyncio.gather(*(cache.save(t) for t in trackers)), timeout=2.5)

    asyncio.run(run())
    assert [texts(asyncio.run(cache.retrieve(t.sender_id))) for t in trackers] == [
        [f"message {number}"] for number in range(4)
    ]
