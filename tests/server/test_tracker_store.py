"""Two replicas' tracker stores on one real PostgreSQL database: what one of them kept in memory while
it could not write never hides turns the other saved, and is written back once it can.

Replica A connects as a role whose INSERT right the test revokes and grants back: a real database
refusing A's writes while B's go through (as when A's connections broke and B's did not).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from launcher import settings
from server.tracker_cache import TrackerCache
from server.tracker_store import DurableTrackerStore
from tests.servers import PostgresServer

DOMAIN = Domain.load(str(settings.ROOT / "domain.yml"))
ROLE = "replica_a"


@dataclass
class Replicas:
    a: DurableTrackerStore
    b: DurableTrackerStore
    admin_url: str

    def a_may_write(self, allowed: bool) -> None:
        statement = "GRANT INSERT ON events TO" if allowed else "REVOKE INSERT ON events FROM"
        engine = create_engine(self.admin_url, future=True, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(f"{statement} {ROLE}"))
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def replicas(postgres: PostgresServer) -> Iterator[Replicas]:
    admin_url = postgres.create_database()
    b = SQLTrackerStore(DOMAIN, host=admin_url)  # creates the table
    password = uuid.uuid4().hex
    engine = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{password}'"))
        connection.execute(text(f"GRANT SELECT, INSERT ON events TO {ROLE}"))
        connection.execute(text(f"GRANT USAGE ON SEQUENCE events_id_seq TO {ROLE}"))
    engine.dispose()
    a_url = make_url(admin_url).set(username=ROLE, password=password).render_as_string(hide_password=False)
    a = SQLTrackerStore(DOMAIN, host=a_url)
    # Wrapped as server/guards.py wraps a SQL store: the durable store over the tracker cache.
    yield Replicas(
        DurableTrackerStore(TrackerCache(a, size=100)),
        DurableTrackerStore(TrackerCache(b, size=100)),
        admin_url,
    )
    a.engine.dispose()
    b.engine.dispose()


def turn(store: DurableTrackerStore, sender: str, said: str) -> DialogueStateTracker:
    """One learner turn as Rasa runs it: retrieve, add the message and the bot's answer, save."""

    async def run() -> DialogueStateTracker:
        tracker = await store.retrieve(sender) or DialogueStateTracker(sender, DOMAIN.slots)
        now = time.time()
        tracker.update(UserUttered(said, {"name": "greet", "confidence": 1.0}, timestamp=now))
        tracker.update(ActionExecuted("utter_greet", timestamp=now + 0.001))
        tracker.update(ActionExecuted("action_listen", timestamp=now + 0.002))
        await store.save(tracker)
        return tracker

    return asyncio.run(run())


def said(store: DurableTrackerStore, sender: str) -> list[str]:
    """The learner's messages in the conversation as the database has it."""
    tracker = asyncio.run(store.primary.retrieve(sender))
    return [event.text for event in tracker.events if isinstance(event, UserUttered)] if tracker else []


def test_a_kept_copy_continues_its_conversation_and_is_written_back(
    replicas: Replicas, caplog: pytest.LogCaptureFixture
) -> None:
    sender = f"learner-{uuid.uuid4().hex[:8]}"
    turn(replicas.a, sender, "one")
    replicas.a_may_write(False)
    try:
        with caplog.at_level(logging.ERROR, logger="server.tracker_store"):
            turn(replicas.a, sender, "two")
        assert "tracker store SQLTrackerStore failed" in caplog.text  # the database's store, not the cache
        assert replicas.a.unsaved == 1 and said(replicas.b, sender) == ["one"]
    finally:
        replicas.a_may_write(True)
    # Nobody else went on with it: A still serves its newer copy, and writes it back unasked.
    retrieved = asyncio.run(replicas.a.retrieve(sender))
    assert retrieved is not None and [e.text for e in retrieved.events if isinstance(e, UserUttered)] == [
        "one",
        "two",
    ]
    asyncio.run(replicas.a.write_back(InMemoryLockStore()))
    assert replicas.a.unsaved == 0 and replicas.a.failing_since is None
    assert said(replicas.b, sender) == ["one", "two"]


def test_turns_saved_by_another_replica_win_over_a_stale_kept_copy(
    replicas: Replicas, caplog: pytest.LogCaptureFixture
) -> None:
    sender = f"learner-{uuid.uuid4().hex[:8]}"
    turn(replicas.a, sender, "one")
    replicas.a_may_write(False)
    try:
        turn(replicas.a, sender, "kept by A")
    finally:
        replicas.a_may_write(True)
    turn(replicas.b, sender, "answered by B")  # the database is fine; B goes on from it
    with caplog.at_level(logging.ERROR, logger="server.tracker_store"):
        retrieved = asyncio.run(replicas.a.retrieve(sender))
    assert retrieved is not None
    assert [e.text for e in retrieved.events if isinstance(e, UserUttered)] == ["one", "answered by B"]
    assert replicas.a.unsaved == 0 and replicas.a.failing_since is None
    assert "went on in another process" in caplog.text and "3 unsaved event(s)" in caplog.text
    turn(replicas.a, sender, "three")
    assert said(replicas.b, sender) == ["one", "answered by B", "three"]
