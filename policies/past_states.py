"""The dialogue states of a conversation, computed once per turn instead of from the start every time.

Rasa's MemoizationPolicy and RulePolicy turn the whole conversation into states at every prediction
(`Domain.states_for_tracker_history`: replay every event into a fresh tracker, one state per action)
and then use the last few. At turn 400 that was most of a message's time in the graph and the reason
a long conversation slows down (docs/performance.md). `PastStates` keeps, per conversation, the
replayed tracker and the states computed so far, and on the next prediction replays only the events
that came after them. When the events it replayed are no longer the start of the conversation's
applied events (a restart, a rewind, a new session), it starts again from the beginning, as Rasa does.

The loop is Rasa's own (rasa/shared/core/domain.py, `states_for_tracker_history`, Rasa 3.6), split
where a turn ends; tests/policies/test_past_states.py checks every state against it.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from rasa.core.featurizers.tracker_featurizers import _is_prev_action_unlikely_intent_in_state
from rasa.shared.core.constants import PREVIOUS_ACTION, USER
from rasa.shared.core.domain import Domain, State, SubState
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event
from rasa.shared.core.trackers import DialogueStateTracker

from server.kept_tracker import REWRITING

Options = tuple[int, bool, bool, str]
"""What a conversation's states were computed with: the domain and `past_states`'s arguments."""


@dataclasses.dataclass
class _Progress:
    """How far the states of one conversation are computed: the applied events replayed so far into
    `replay`, the states of the actions among them, the loop's two running values, and the events
    seen (how many, the first and the last) when they were last read."""

    replay: DialogueStateTracker
    replayed: list[Event] = dataclasses.field(default_factory=list)
    states: list[State] = dataclasses.field(default_factory=list)
    last_ml_action: SubState | None = None
    turn_was_hidden: bool = False
    seen: int = 0
    first: Event | None = None
    last: Event | None = None
    loops: bool = False

    def appended(self, events: Sequence[Event]) -> list[Event] | None:
        """The events added since they were last read, if they only add to the applied events (no
        restart, rewind, new session or form); None otherwise, or if `events` do not begin with
        those seen."""
        if self.loops or len(events) < self.seen:
            return None
        if self.seen and (events[0] != self.first or events[self.seen - 1] != self.last):
            return None
        added = list(itertools.islice(events, self.seen, None))
        return None if any(isinstance(event, REWRITING) for event in added) else added

    def continues(self, applied: list[Event]) -> bool:
        """Whether `applied` begins with the events replayed so far."""
        return applied[: len(self.replayed)] == self.replayed

    def read(self, events: Sequence[Event]) -> None:
        self.seen, self.first, self.last = (
            len(events),
            events[0] if events else None,
            events[-1] if events else None,
        )


class PastStates:
    """Per conversation, the states of its history so far (see the module docstring); the least
    recently used conversations are dropped past `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._progress: OrderedDict[str, dict[Options, _Progress]] = OrderedDict()

    def states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
        tail: int | None = None,
    ) -> list[State]:
        """What `tracker.past_states(domain, …)` returns, with the same arguments; with `tail`, only its
        end: the last `tail` states besides those after `action_unlikely_intent`, which Rasa's
        featurizer may drop before it keeps the last `max_history`."""
        options = json.dumps(rule_only_data, sort_keys=True, default=str)
        key = (id(domain), omit_unset_slots, ignore_rule_only_turns, options)
        conversation = self._progress.pop(tracker.sender_id, {})
        progress = conversation.get(key) or _Progress(replay=tracker.init_copy())
        added = progress.appended(tracker.events)
        if added is None:  # Rasa's reading of the whole history
            applied = tracker.applied_events()
            if not progress.continues(applied):
                progress = _Progress(replay=tracker.init_copy())
            progress.loops = any(isinstance(event, ActiveLoop) for event in tracker.events)
            added = applied[len(progress.replayed) :]
        progress.read(tracker.events)
        for event in added:
            if isinstance(event, ActionExecuted):
                state = _next_state(
                    domain,
                    progress,
                    event.hide_rule_turn,
                    omit_unset_slots,
                    ignore_rule_only_turns,
                    rule_only_data,
                )
                if state is not None:
                    progress.states.append(state)
            progress.replay.update(event)
            progress.replayed.append(event)
        if self.size > 0:
            self._progress[tracker.sender_id] = {**conversation, key: progress}
            while len(self._progress) > self.size:
                self._progress.popitem(last=False)
        # Where Rasa's loop ends: the state after every event, not kept (the next event changes it).
        ending = dataclasses.replace(progress, states=progress.states[-1:])
        last = _next_state(domain, ending, False, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        states = [*progress.states, *([last] if last is not None else [])]
        return _copies(_tail(states, tail) if tail else states)


def _tail(states: list[State], count: int) -> list[State]:
    """The shortest end of `states` that holds `count` states not after `action_unlikely_intent`
    (all of them if there are fewer): what the featurizer keeps of them, whether it drops those
    states first or not."""
    kept = 0
    for start in range(len(states) - 1, -1, -1):
        kept += not _is_prev_action_unlikely_intent_in_state(states[start])
        if kept == count:
            return states[start:]
    return states


def _copies(states: list[State]) -> list[State]:
    """The states with their user parts copied, so the kept ones stay as computed: Rasa's
    featurizers edit the user parts in place (the text dropped, and the last state's intent or text),
    and states that share one user part (a hidden rule turn takes the one before it) share its copy,
    as they share it in Rasa's."""
    users: dict[int, SubState] = {}
    copied = []
    for state in states:
        user = state.get(USER)
        if user is None:
            copied.append(dict(state))
        else:
            copied.append({**state, USER: users.setdefault(id(user), dict(user))})
    return copied


def _next_state(
    domain: Domain,
    progress: _Progress,
    hide_rule_turn: bool,
    omit_unset_slots: bool,
    ignore_rule_only_turns: bool,
    rule_only_data: dict[str, Any] | None,
) -> State | None:
    """One pass of Rasa's loop for the replayed tracker as it stands: the state before the next
    action, or None for a turn hidden from ML policies. Updates the loop's running values."""
    tracker = progress.replay
    if ignore_rule_only_turns:
        if not progress.turn_was_hidden:
            progress.last_ml_action = domain._get_prev_action_sub_state(tracker)
        if not tracker.followup_action and tracker.latest_action_name != tracker.active_loop_name:
            progress.turn_was_hidden = hide_rule_turn
        if progress.turn_was_hidden:
            return None
    state = domain.get_active_state(tracker, omit_unset_slots=omit_unset_slots)
    if ignore_rule_only_turns:
        domain._remove_rule_only_features(state, rule_only_data)
        if progress.states:
            domain._substitute_rule_only_user_input(state, progress.states[-1])
        if progress.last_ml_action:
            state[PREVIOUS_ACTION] = progress.last_ml_action
    return domain._clean_state(state)
