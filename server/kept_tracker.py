"""A conversation's tracker whose copies and applied events cost one turn's work, not the whole
conversation's.

At every turn Rasa's processor copies the tracker before each action it runs (`tracker.copy()`
replays every event into a fresh tracker) and asks for its applied events (every event walked to
drop the rewound ones) to see whether the session has expired: at turn 400 that is several thousand
events, several times a turn (docs/performance.md, lever 11). `KeptTracker` is Rasa's tracker with
two shortcuts, exact for any history:

- `copy` copies the tracker's state (its slots, latest message, action and loop) instead of
  replaying the events that produced it: the result is the tracker Rasa's replay builds;
- `applied_events` remembers the applied events it computed and, while the conversation has only
  grown since, by events that rewind nothing (no restart, new session, rewind or form), adds the new
  ones to them; otherwise it asks Rasa's own method;
- `current_state` with every event (what Rasa sends the action server at each call) remembers the
  events it serialised and, while the conversation has only grown since, serialises the new ones
  alone (lever 12). The dictionaries are shared between its results: readers must not change them.

The tracker cache (server/tracker_cache.py) hands out its conversations as `KeptTracker`s.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core.events import (
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

REWRITING = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, ActiveLoop)
"""Events after which the applied events are not simply those so far plus the new ones."""


class KeptTracker(DialogueStateTracker):
    """Rasa's tracker with a copy and applied events that do not replay the conversation."""

    _applied: list[Event] | None = None
    """The applied events when last computed, of the first `_seen` events (from `_first` to
    `_last`); `_loops` if there was a form among them (its actions may rewind the events)."""
    _seen = 0
    _first: Event | None = None
    _last: Event | None = None
    _loops = False
    _serialised: Serialised | None = None
    """The events serialised when last asked, shared with the tracker's copies (the processor's
    copy for each action is the tracker Rasa serialises for the action server)."""

    @classmethod
    def of(cls, tracker: DialogueStateTracker) -> DialogueStateTracker:
        """`tracker` itself, a `KeptTracker` from now on if it is Rasa's plain tracker (the subclass
        adds no state of its own until used)."""
        if type(tracker) is DialogueStateTracker:
            tracker.__class__ = cls
        return tracker

    def copy(self) -> KeptTracker:
        """What Rasa's `copy` returns (`init_copy` and every event replayed), from the state."""
        replica = KeptTracker.of(self.init_copy())
        assert isinstance(replica, KeptTracker)
        replica.events.extend(self.events)
        replica.slots = {name: copy.copy(slot) for name, slot in self.slots.items()}
        replica._paused = self._paused
        replica.latest_action = copy.copy(self.latest_action)
        replica.latest_message = self.latest_message
        replica.latest_bot_utterance = self.latest_bot_utterance
        replica.followup_action = self.followup_action
        replica.active_loop = copy.copy(self.active_loop)
        if self._applied is not None:
            replica._applied = list(self._applied)
            replica._seen, replica._loops = self._seen, self._loops
            replica._first, replica._last = self._first, self._last
        replica._serialised = self._serialised = self._serialised or Serialised()
        return replica

    def current_state(self, event_verbosity: EventVerbosity = EventVerbosity.NONE) -> dict[str, Any]:
        """What Rasa's `current_state` returns; with every event, the events serialised before
        reused while the conversation has only grown since."""
        if event_verbosity != EventVerbosity.ALL:
            return super().current_state(event_verbosity)
        state = super().current_state(EventVerbosity.NONE)
        self._serialised = self._serialised or Serialised()
        state["events"] = self._serialised.of(self.events)
        return state

    def applied_events(self) -> list[Event]:
        """What Rasa's `applied_events` returns, from the last result and the events since."""
        events = self.events
        added = self._added(events)
        if added is None or self._loops or any(isinstance(event, REWRITING) for event in added):
            self._applied = super().applied_events()
            self._loops = any(isinstance(event, ActiveLoop) for event in events)
        else:
            assert self._applied is not None
            self._applied.extend(added)
        self._seen = len(events)
        self._first, self._last = (events[0], events[-1]) if events else (None, None)
        return list(self._applied)

    def _added(self, events: Sequence[Event]) -> list[Event] | None:
        """The events after those last seen, if the conversation has only grown since."""
        ends = (self._first, self._last) if self._seen else None
        if self._applied is None or not grown(events, self._seen, ends):
            return None
        return list(itertools.islice(events, self._seen, None))


@dataclass
class Serialised:
    """Events serialised as Rasa's `as_dict` does, the first and last of them in `ends`."""

    dicts: list[dict[str, Any]] = field(default_factory=list)
    ends: tuple[Event, Event] | None = None

    def of(self, events: Sequence[Event]) -> list[dict[str, Any]]:
        """`events` serialised, reusing those serialised before while `events` begin with them."""
        if not grown(events, len(self.dicts), self.ends):
            self.dicts = []
        self.dicts.extend(event.as_dict() for event in itertools.islice(events, len(self.dicts), None))
        self.ends = (events[0], events[-1]) if events else None
        return list(self.dicts)


def grown(events: Sequence[Event], seen: int, ends: tuple[Event | None, Event | None] | None) -> bool:
    """Whether `events` begin with the `seen` events that began with and ended in `ends`: the
    conversation has only grown since (events are never changed, only added or replaced)."""
    if len(events) < seen:
        return False
    return not seen or (ends is not None and events[0] is ends[0] and events[seen - 1] is ends[1])
