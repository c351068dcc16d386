"""Each Slack event is answered once, however often Slack delivers it.

Slack redelivers an event (same `event_id`, with `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`) when
it thinks the first delivery failed, for any reason; Rasa's default only skips `http_timeout`
retries. The connector puts every accepted event's keys in `RecentKeys` and acknowledges, without a
reply, anything already there. A retry of an event this process never saw is answered: it is the
first delivery.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

DEDUP_TTL = 60 * 60
"""Seconds; Slack's last retry comes about 5 minutes after the event."""
DEDUP_MAX_KEYS = 10_000


class RecentKeys:
    """A bounded set of recently seen keys that forgets each key `ttl` seconds after it was added."""

    def __init__(
        self,
        ttl: float = DEDUP_TTL,
        max_keys: int = DEDUP_MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_keys = max_keys
        self.clock = clock
        self._added: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        self._expire()
        return len(self._added)

    def __contains__(self, key: object) -> bool:
        self._expire()
        return key in self._added

    def _expire(self) -> None:
        oldest_kept = self.clock() - self.ttl
        while self._added and next(iter(self._added.values())) <= oldest_kept:
            self._added.popitem(last=False)

    def check_and_add(self, keys: Iterable[str | None]) -> bool:
        """Adds the keys; returns whether any of them had been seen (within the TTL) already.

        Synchronous, so two concurrent deliveries on the event loop cannot both pass.
        """
        keys = [k for k in keys if k]
        self._expire()
        seen = any(k in self._added for k in keys)
        now = self.clock()
        for key in keys:
            self._added.pop(key, None)
            self._added[key] = now
        while len(self._added) > self.max_keys:
            self._added.popitem(last=False)
        return seen
