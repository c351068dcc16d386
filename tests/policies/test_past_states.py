"""The states `PastStates` gives are Rasa's own (`tracker.past_states`), turn after turn, whatever
the conversation does: slots, hidden rule turns, follow-up actions, a rewind, a restart, a new
session, another process's turns and a conversation it has never seen; and, asked for its end only,
what a policy keeps of them."""

from __future__ import annotations

import random

import pytest
from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.shared.core.constants import ACTION_UNLIKELY_INTENT_NAME
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from launcher.settings import ROOT
from policies.past_states import PastStates

DOMAIN = Domain.load(ROOT / "domain.yml")
RULE_ONLY = {"slots": ["topic"], "loops": []}
OPTIONS = [
    {"omit_unset_slots": False, "ignore_rule_only_turns": False, "rule_only_data": None},
    {"omit_unset_slots": False, "ignore_rule_only_turns": True, "rule_only_data": RULE_ONLY},
    {"omit_unset_slots": True, "ignore_rule_only_turns": True, "rule_only_data": RULE_ONLY},
]


def turn(draw: random.Random, number: int) -> list[Event]:
    """One learner turn and the bot's answer, varied by `draw`."""
    intent = draw.choice(DOMAIN.intents)
    role = draw.choice(["Data scientist", "Data engineer", None])
    entities = [{"entity": "role", "value": role, "start": 0, "end": len(role)}] if role else []
    events: list[Event] = [
        UserUttered(f"message {number}", {"name": intent, "confidence": 0.9}, entities),
        ActionExecuted("action_describe_role", hide_rule_turn=draw.random() < 0.3),
        SlotSet("role", role),
        SlotSet("topic", intent),
        BotUttered(f"answer {number}"),
    ]
    if draw.random() < 0.2:
        events.append(ActionExecuted("utter_anything_else", hide_rule_turn=draw.random() < 0.5))
    events.append(ActionExecuted("action_listen"))
    return events


def assert_same(past: PastStates, tracker: DialogueStateTracker) -> None:
    for options in OPTIONS:
        assert past.states(tracker, DOMAIN, **options) == tracker.past_states(DOMAIN, **options)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_turn_gets_rasas_states(seed: int) -> None:
    draw = random.Random(seed)
    past = PastStates(size=10)
    tracker = DialogueStateTracker.from_events("learner", [ActionExecuted("action_listen")], DOMAIN.slots)
    for number in range(60):
        for event in turn(draw, number):
            tracker.update(event)
            assert_same(past, tracker)  # also mid-turn, as Rasa predicts after each action
        if number == 20:
            tracker.update(UserUtteranceReverted())
        if number == 35:
            tracker.update(Restarted())
        if number == 45:
            tracker.update(SessionStarted())
            tracker.update(ActionExecuted("action_listen"))
        assert_same(past, tracker)


def test_a_copy_read_again_and_another_processs_turns_get_rasas_states() -> None:
    draw = random.Random(4)
    past = PastStates(size=10)
    events: list[Event] = [ActionExecuted("action_listen")]
    for number in range(10):
        events += turn(draw, number)
        # Read again from a database each turn (fresh event objects), with turns of another
        # process in between that this one never saw.
        if number % 3 == 0:
            events += turn(draw, 100 + number)
        tracker = DialogueStateTracker.from_dict("learner", [e.as_dict() for e in events], DOMAIN.slots)
        assert_same(past, tracker)


def test_conversations_are_kept_apart_and_the_oldest_dropped() -> None:
    draw = random.Random(5)
    past = PastStates(size=1)
    trackers = {
        name: DialogueStateTracker.from_events(name, [ActionExecuted("action_listen")], DOMAIN.slots)
        for name in ("first", "second")
    }
    for number in range(8):
        for tracker in trackers.values():
            for event in turn(draw, number):
                tracker.update(event)
            assert_same(past, tracker)


def test_another_history_under_the_same_name_is_read_from_its_start() -> None:
    draw = random.Random(7)
    past = PastStates(size=10)
    first = DialogueStateTracker.from_events("learner", [ActionExecuted("action_listen")], DOMAIN.slots)
    for number in range(5):
        for event in turn(draw, number):
            first.update(event)
    assert_same(past, first)
    other = DialogueStateTracker.from_events("learner", [ActionExecuted("action_listen")], DOMAIN.slots)
    for number in range(8):
        for event in turn(draw, 50 + number):
            other.update(event)
    assert_same(past, other)


def kept(states: list[State], count: int, drop_unlikely: bool) -> list[State]:
    """What Rasa's featurizer keeps of `states` for a policy with `max_history` `count`."""
    if drop_unlikely:
        states = MaxHistoryTrackerFeaturizer._remove_action_unlikely_intent_from_states(states)
    return MaxHistoryTrackerFeaturizer.slice_state_history(states, count)


@pytest.mark.parametrize("count", [1, 2, 5])
def test_the_end_of_the_states_is_all_a_policy_keeps_of_them(count: int) -> None:
    draw = random.Random(8)
    past = PastStates(size=10)
    tracker = DialogueStateTracker.from_events("learner", [ActionExecuted("action_listen")], DOMAIN.slots)
    for number in range(30):
        events = turn(draw, number)
        if draw.random() < 0.4:  # as UnexpecTEDIntentPolicy predicts it, right after the learner
            events.insert(1, ActionExecuted(ACTION_UNLIKELY_INTENT_NAME))
        for event in events:
            tracker.update(event)
            for options in OPTIONS:
                end = past.states(tracker, DOMAIN, **options, tail=count)
                every = tracker.past_states(DOMAIN, **options)
                for drop_unlikely in (False, True):
                    assert kept(end, count, drop_unlikely) == kept(every, count, drop_unlikely)
    assert len(end) < len(every) / 10
