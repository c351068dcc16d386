"""A tracker store wrapper that says when the conversation database fails and loses nothing.

Rasa wraps every tracker store in `FailSafeTrackerStore`: when the database fails it logs one line
and carries on in memory, and when a read fails it starts the learner's conversation afresh. Once
the database is back, what was said meanwhile is never written. `DurableTrackerStore` keeps each
conversation that could not be saved in memory, goes on from that copy while the database fails,
and writes it when the database takes writes again (Rasa's SQL store appends the events it lacks).
Failures are logged with their traceback and reported by `/health` until a save succeeds.
"""

from __future__ import annotations

import logging
import time

from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)


def describe(error: Exception) -> str:
    """The error's kind and first line, without the SQL and learner text SQLAlchemy appends."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return f"{error.__class__.__name__}: {lines[0] if lines else ''}"[:200]


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
    def unsaved(self) -> int:
        """How many conversations have turns only in memory."""
        return len(self._unsaved)

    def _failed(self, error: Exception) -> None:
        if self.failing_since is None:
            self.failing_since = time.time()
        self.last_error = describe(error)
        logger.error(
            "tracker store %s failed; conversations go on in memory until it is back",
            self.primary.__class__.__name__,
            exc_info=error,
        )

    def _saved(self, sender_id: str) -> None:
        self._unsaved.pop(sender_id, None)
        if self.failing_since is not None and not self._unsaved:
            logger.warning(
                "tracker store %s is back; every conversation is saved", self.primary.__class__.__name__
            )
            self.failing_since, self.last_error = None, None

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The stored conversation, or the newer copy kept in memory while saving failed."""
        kept = self._unsaved.get(sender_id)
        try:
            stored = await self.primary.retrieve(sender_id)
        except Exception as error:  # noqa: BLE001 - any database failure; logged in _failed
            self._failed(error)
            return kept.copy() if kept is not None else None
        return kept.copy() if kept is not None else stored

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
