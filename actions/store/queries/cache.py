"""What the store answered, kept in memory for as long as the store holds the same load.

The store only changes when the loader reloads it, and every load writes its fingerprint (a hash of
the content) in `load_state`. So an answer is a function of the fingerprint and the question: the
action server keeps answers (and the name indexes, costly to build) per fingerprint, checks the
fingerprint once per unit of work (one indexed read of one row), and starts afresh when a reload
changed it. A store that fails to be read still fails on that read, as before, so a deleted or
corrupt store is never hidden by what was remembered from it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

MAX_ANSWERS = 20_000
"""Answers kept per load, the least recently used dropped first: learners' texts are unbounded."""
MAX_STORES = 4
"""Stores (database URLs) remembered at once; a process normally reads one."""


class Snapshot:
    """The answers of one load of one store."""

    def __init__(self, fingerprint: str, max_answers: int = MAX_ANSWERS) -> None:
        self.fingerprint = fingerprint
        self.max_answers = max_answers
        self.indexes: dict[str, Any] = {}
        """Name indexes by kind (lookup.py), shared by every unit of work on this load."""
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def answer(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The remembered answer to `key`, else `compute()`'s, remembered."""
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                self.hits += 1
                return self._answers[key]
        value = compute()  # outside the lock: a query may take a while, and a race only repeats it
        with self._lock:
            self.misses += 1
            self._answers[key] = value
            while len(self._answers) > self.max_answers:
                self._answers.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._answers)


_snapshots: OrderedDict[str, Snapshot] = OrderedDict()
_guard = threading.Lock()


def snapshot(store: str, fingerprint: str) -> Snapshot:
    """The snapshot for this store's current load: the kept one if the fingerprint is unchanged,
    else a new, empty one in its place."""
    with _guard:
        found = _snapshots.get(store)
        if found is None or found.fingerprint != fingerprint:
            found = _snapshots[store] = Snapshot(fingerprint)
        _snapshots.move_to_end(store)
        while len(_snapshots) > MAX_STORES:
            _snapshots.popitem(last=False)
        return found


def forget() -> None:
    """Drops every snapshot (tests; never needed for correctness)."""
    with _guard:
        _snapshots.clear()
