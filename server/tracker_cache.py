"""The conversations this Rasa process last handled, kept so a turn need not rebuild them.

Rasa's SQL tracker store reads a conversation by loading every event since the session started and
replaying them into a tracker, each turn: in a long conversation most of a turn's work outside the
graph (docs/performance.md, lever 9). `TrackerCache` keeps the tracker this process last saved or
read, and serves it again while the database holds exactly the events it has, judged by one query
for the number of the session's stored events and the latest one's time, instead of the read and
the replay. When another process or replica added to the conversation or began a new session, or a
turn here changed the tracker and failed to save it, they differ and the conversation is read from
the database as before. Replicas share the database, so the database always decides.

The least recently used conversations are dropped past `TRACKER_CACHE_SIZE` (server/settings.py).
The trackers it keeps are `KeptTracker`s (server/kept_tracker.py), whose copies and applied events
cost a turn's work, not the conversation's.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func

from server.kept_tracker import KeptTracker

State = tuple[int, float | None]
"""A conversation's session as far as the cache checks it: how many events, the latest one's time."""


def state(tracker: DialogueStateTracker) -> State:
    return len(tracker.events), max((event.timestamp for event in tracker.events), default=None)


class TrackerCache(TrackerStore):
    """A SQL tracker store with the last trackers kept in memory, checked against the database."""

    def __init__(self, store: SQLTrackerStore, size: int) -> None:
        super().__init__(store.domain, store.event_broker)
        self.store = store
        self.size = size
        self._kept: OrderedDict[str, tuple[DialogueStateTracker, State]] = OrderedDict()

    @property
    def domain(self) -> Domain:
        return self.store.domain

    @domain.setter
    def domain(self, domain: Domain | None) -> None:
        self.store.domain = domain

    def stored_state(self, sender_id: str) -> State:
        """The state of the conversation's current session in the database (the query
        `SQLTrackerStore.save` runs to find the new events, counted instead of read)."""
        events = self.store.SQLEvent
        with self.store.session_scope() as session:
            query = self.store._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            count, latest = (
                query.order_by(None).with_entities(func.count(events.id), func.max(events.timestamp)).one()
            )
            return int(count), latest

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The kept tracker while it and the database are as when it was kept, else the stored one."""
        kept = self._kept.get(sender_id)
        if kept is not None:
            tracker, when_kept = kept
            if state(tracker) == when_kept == self.stored_state(sender_id):
                self._kept.move_to_end(sender_id)
                return tracker
        tracker = await self.store.retrieve(sender_id)
        self._keep(sender_id, tracker)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.store.save(tracker)
        self._keep(tracker.sender_id, tracker)

    def _keep(self, sender_id: str, tracker: DialogueStateTracker | None) -> None:
        self._kept.pop(sender_id, None)
        if tracker is None or self.size <= 0:
            return
        self._kept[sender_id] = (KeptTracker.of(tracker), state(tracker))
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
