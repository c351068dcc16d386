"""A tracker store wrapper that says when the conversation database fails and loses nothing.

Rasa wraps every tracker store in `FailSafeTrackerStore`: when the database fails it logs one line
and carries on in memory, and when a read fails it starts the learner's conversation afresh. Once
the database is back, what was said meanwhile is never written. `DurableTrackerStore` keeps each
conversation that could not be saved in memory, goes on from that copy while the database fails,
and writes it when the database takes writes again (Rasa's SQL store appends the events it lacks).
Failures are logged with their traceback and reported by `/health` until a save succeeds.

The copy lives in one process, while replicas share the database, so a conversation may go on
elsewhere once the database is back. Hence, when the database answers, it decides: the kept copy is
used only while it still continues the stored conversation (the stored events are where it began);
if another process has added turns since, the stored conversation is served and the kept turns are
dropped with an error naming how many (they were answered, but the conversation moved on without
them). `write_back`, run every few seconds by the guards while anything is kept, writes kept copies
as soon as the database takes writes again, under the conversation's lock, so that window is short
and a learner who never comes back still has every turn written.
"""

from __future__ import annotations

import logging
import time

from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from server.tracker_cache import unwrapped

logger = logging.getLogger(__name__)


def describe(error: Exception) -> str:
    """The error's kind and first line, without the SQL and learner text SQLAlchemy appends."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return f"{error.__class__.__name__}: {lines[0] if lines else ''}"[:200]


def signature(tracker: DialogueStateTracker) -> list[tuple[str, float]]:
    """Each event by kind and time: what identifies it across processes and the database."""
    return [(event.type_name, event.timestamp) for event in tracker.events]


def continues(kept: DialogueStateTracker, stored: DialogueStateTracker | None) -> bool:
    """Whether `kept` grew from `stored`: its first events are the stored ones."""
    if stored is None:
        return True
    begun = signature(stored)
    return signature(kept)[: len(begun)] == begun


class DurableTrackerStore(FailSafeTrackerStore):
    """Rasa's fail-safe wrapper, made loud and made to write back what it kept in memory."""

    def __init__(self, primary: TrackerStore) -> None:
        super().__init__(primary, on_tracker_store_error=self._failed)
        self.failing_since: float | None = None
        self.last_error: str | None = None
        self._unsaved: dict[str, DialogueStateTracker] = {}

    @property
    def primary(self) -> TrackerStore:
        return self._tracker_store

    @property
    def kind(self) -> str:
        """The class of the store that talks to the database (under the cache), for the log."""
        return unwrapped(self.primary).__class__.__name__

    @property
    def unsaved(self) -> int:
        """How many conversations have turns only in memory."""
        return len(self._unsaved)

    def _failed(self, error: Exception) -> None:
        if self.failing_since is None:
            self.failing_since = time.time()
        self.last_error = describe(error)
        logger.error(
            "tracker store %s failed; conversations go on in memory until it is back",
            self.kind,
            exc_info=error,
        )

    def _saved(self, sender_id: str) -> None:
        """The conversation is in the database (or was dropped): no longer kept."""
        self._unsaved.pop(sender_id, None)
        if self.failing_since is not None and not self._unsaved:
            logger.warning("tracker store %s is back; every conversation is saved", self.kind)
            self.failing_since, self.last_error = None, None

    def _drop_stale(self, sender_id: str, kept: DialogueStateTracker, stored: DialogueStateTracker) -> None:
        in_store = set(signature(stored))
        lost = sum(1 for event in signature(kept) if event not in in_store)
        logger.error(
            "conversation %s went on in another process while this one kept %d unsaved event(s) of it;"
            " the stored conversation wins and those events are dropped",
            sender_id,
            lost,
        )
        self._saved(sender_id)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The stored conversation, or the newer copy kept in memory while saving failed if it still
        continues the stored one."""
        kept = self._unsaved.get(sender_id)
        try:
            stored = await self.primary.retrieve(sender_id)
        except Exception as error:  # noqa: BLE001 - any database failure; logged in _failed
            self._failed(error)
            return kept.copy() if kept is not None else None
        if kept is None:
            return stored
        if continues(kept, stored):
            return kept.copy()
        assert stored is not None
        self._drop_stale(sender_id, kept, stored)
        return stored

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        kept = self._unsaved.get(sender_id)
        if kept is not None:
            return kept.copy()
        try:
            return await self.primary.retrieve_full_tracker(sender_id)
        except Exception as error:  # noqa: BLE001 - any database failure; logged in _failed
            self._failed(error)
            return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Saves to the database; keeps a copy in memory when that fails, to write later."""
        try:
            await self.primary.save(tracker)
        except Exception as error:  # noqa: BLE001 - any database failure; logged in _failed
            self._failed(error)
            self._unsaved[tracker.sender_id] = tracker.copy()
            return
        self._saved(tracker.sender_id)

    async def write_back(self, lock_store: LockStore) -> None:
        """Writes every kept conversation the database takes now, each under its lock (no turn of
        it runs meanwhile, in this process or another); stops at the first failure."""
        for sender_id in list(self._unsaved):
            async with lock_store.lock(sender_id):
                kept = self._unsaved.get(sender_id)
                if kept is None:  # a turn saved it while we waited for the lock
                    continue
                try:
                    stored = await self.primary.retrieve(sender_id)
                except Exception as error:  # noqa: BLE001 - any database failure; logged in _failed
                    self._failed(error)
                    return
                if not continues(kept, stored):
                    assert stored is not None
                    self._drop_stale(sender_id, kept, stored)
                    continue
                await self.save(kept)
                if sender_id in self._unsaved:
                    return
