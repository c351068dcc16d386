"""The conversations this Rasa process last handled, kept so a turn need not rebuild them.

Rasa's SQL tracker store reads a conversation by loading every event since the session started and
replaying them into a tracker, each turn: in a long conversation most of a turn's work outside the
graph (docs/performance.md, lever 9). `TrackerCache` keeps the tracker this process last saved or
read, with how many of the session's events the database held then and the id of its newest row,
and serves the tracker again while the newest row for the conversation is still that one (one index
lookup) instead of the read and the replay. When another process or replica added to the
conversation or began a new session, its rows are newer; when a turn here changed the tracker and
failed to save it, the tracker has events the count lacks: either way the conversation is read from
the database as before. Replicas share the database, so the database always decides.

It saves as Rasa's save does, but Rasa's counts the session's stored rows to find the events to add,
a query that grows with the conversation: while the cache knows the count, it uses it (lever 12).
And it writes in worker threads, so a commit's wait for the disk holds up no other learner.

The least recently used conversations are dropped past `TRACKER_CACHE_SIZE` (server/settings.py).
The trackers it keeps are `KeptTracker`s (server/kept_tracker.py), whose copies, applied events and
serialised events cost a turn's work, not the conversation's.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from actions.store.db import sqlite_file
from server.kept_tracker import KeptTracker, grown

logger = logging.getLogger(__name__)


def holds(row: Row | None, last: Event | None) -> bool:
    """Whether the newest stored row is the event `last` (none and none alike)."""
    if row is None or last is None:
        return row is None and last is None
    return row.type_name == last.type_name and row.timestamp == last.timestamp


def row(sender_id: str, event: Event) -> dict[str, Any]:
    """The events table's row for `event`, as Rasa's `SQLTrackerStore.save` writes it."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


WRITERS = 8
"""Saves written at once, each by its own thread (a SQLite database takes them one at a time)."""

INDEX = "ix_events_sender_id_id"
"""The index that finds a conversation's newest row in one lookup (Rasa indexes the sender alone)."""


@dataclass(frozen=True)
class Kept:
    """A tracker as it was when the database held its first `stored` events, `newest_row` the id of
    the conversation's newest row then."""

    tracker: DialogueStateTracker
    stored: int
    ends: tuple[Event, Event] | None
    """The tracker's first and last events then."""
    newest_row: int | None

    def unchanged(self) -> bool:
        """Whether the tracker has no event since it was kept (a turn here that failed to save adds
        some)."""
        return len(self.tracker.events) == self.stored and self.extended_by(self.tracker)

    def extended_by(self, tracker: DialogueStateTracker) -> bool:
        """Whether `tracker` begins with the kept tracker's events (it is that tracker, a copy of it
        or either grown by a turn)."""
        return grown(tracker.events, self.stored, self.ends)


class TrackerCache(TrackerStore):
    """A SQL tracker store with the last trackers kept in memory, checked against the database."""

    def __init__(self, store: SQLTrackerStore, size: int) -> None:
        super().__init__(store.domain, store.event_broker)
        self.store = store
        self.size = size
        self._kept: OrderedDict[str, Kept] = OrderedDict()
        url = store.engine.url
        # SQLite in memory is one database a thread, so SQLite writes leave the event loop's thread
        # only for a plain file.
        self._in_threads = url.get_backend_name() != "sqlite" or sqlite_file(url) is not None
        # Threads of its own (a database that stops answering holds up no DNS lookup of the default
        # executor), several: while one write waits for a locked or slow database, the others go on.
        self._writer = ThreadPoolExecutor(WRITERS, thread_name_prefix="tracker-writes")
        events = store.SQLEvent
        self._newest = (  # built once: a turn asks it three times, and building it cost more than the lookup
            select(events.id, events.type_name, events.timestamp)
            .where(events.sender_id == bindparam("sender_id"))
            .order_by(events.id.desc())
            .limit(1)
        )
        self._index()

    @property
    def domain(self) -> Domain:
        return self.store.domain

    @domain.setter
    def domain(self, domain: Domain | None) -> None:
        self.store.domain = domain

    def _index(self) -> None:
        """Adds `INDEX` to Rasa's events table if it lacks it; without it the cache is as right but
        the lookup reads every row of the conversation on PostgreSQL."""
        table = self.store.SQLEvent.__tablename__
        try:
            with self.store.engine.begin() as connection:
                connection.execute(text(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} (sender_id, id)"))
        except Exception:  # noqa: BLE001 - a replica creating it meanwhile, or the database away
            logger.warning("could not add the index %s to %s", INDEX, table, exc_info=True)

    def newest_row(self, session: Session, sender_id: str) -> Row | None:
        """The conversation's newest stored row: its id, kind and time."""
        return session.execute(self._newest, {"sender_id": sender_id}).one_or_none()

    def _still_stored(self, session: Session, sender_id: str) -> Kept | None:
        """The kept conversation while the database has no row for it newer than when it was kept."""
        kept = self._kept.get(sender_id)
        if kept is None:
            return None
        row = self.newest_row(session, sender_id)
        return kept if (row.id if row is not None else None) == kept.newest_row else None

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The kept tracker while it and the database are as when it was kept, else the stored one."""
        kept = self._kept.get(sender_id)
        if kept is not None and kept.unchanged():
            with self.store.session_scope() as session:
                if self._still_stored(session, sender_id) is kept:
                    self._kept.move_to_end(sender_id)
                    return kept.tracker
        tracker = await self.store.retrieve(sender_id)
        self._keep(sender_id, tracker, began=0)
        return tracker

    def _stored(self, session: Session, tracker: DialogueStateTracker) -> tuple[int, bool]:
        """How many of the tracker's events the database holds (the kept ones while it holds exactly
        those, else Rasa's own count of the session's rows), and whether they are the kept ones."""
        kept = self._still_stored(session, tracker.sender_id)
        if kept is not None and kept.extended_by(tracker):
            return kept.stored, True
        query = self.store._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False)
        # Rows another process stored are not the tracker's first events, and a conversation saved
        # for the first time is read back without its opening `action_session_start` (Rasa reads a
        # session from its `SessionStarted` on): either way the tracker is not the database's, so
        # it is not kept and the next turn reads the database.
        return query.count(), False

    def _write(self, tracker: DialogueStateTracker) -> int | None:
        """Inserts the events the database lacks, as Rasa's save does but with one statement (the
        ORM inserted rows one at a time to learn ids nothing reads: 0.5 of 1.4 ms of CPU a save);
        returns how many were stored before when they were the kept ones, for `_keep`, else None."""
        with self.store.session_scope() as session:
            stored, kept = self._stored(session, tracker)
            events = itertools.islice(tracker.events, stored, None)
            rows = [row(tracker.sender_id, event) for event in events]
            if rows:
                session.execute(insert(self.store.SQLEvent.__table__), rows)
            session.commit()
        return stored if kept else None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save. The write runs in a worker thread, as a database client's blocking call should:
        its commit waits for the disk, and the event loop answers other learners meanwhile (the
        conversation's lock keeps its own turns in order)."""
        await self.store.stream_events(tracker)
        if self._in_threads:
            began = await asyncio.get_running_loop().run_in_executor(self._writer, self._write, tracker)
        else:
            began = self._write(tracker)
        self._keep(tracker.sender_id, tracker, began)

    def _keep(self, sender_id: str, tracker: DialogueStateTracker | None, began: int | None) -> None:
        """Keeps `tracker` if the database holds its events as Rasa reads them back, and its first
        `began` were there before its save (0 for one just read). A tracker that began a new session
        in its save is not kept, so that the next turn reads the new session alone, as the database
        has it."""
        self._kept.pop(sender_id, None)
        if tracker is None or self.size <= 0 or began is None:
            return
        events = tracker.events
        if began and any(
            isinstance(event, SessionStarted) for event in itertools.islice(events, began, None)
        ):
            return
        with self.store.session_scope() as session:
            row = self.newest_row(session, sender_id)
        ends = (events[0], events[-1]) if events else None
        if not holds(row, ends[1] if ends else None):
            return  # another process wrote since: the next turn reads the database
        self._kept[sender_id] = Kept(KeptTracker.of(tracker), len(events), ends, row.id if row else None)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        return await self.store.retrieve_full_tracker(conversation_id)

    async def keys(self) -> Iterable[str]:
        return await self.store.keys()


def unwrapped(store: TrackerStore | None) -> TrackerStore | None:
    """The tracker store that talks to the database, under Rasa's fail-safe wrapper, the durable
    one (server/tracker_store.py) and this cache."""
    while True:
        if isinstance(store, FailSafeTrackerStore):
            store = store._tracker_store
        elif isinstance(store, TrackerCache):
            store = store.store
        else:
            return store
