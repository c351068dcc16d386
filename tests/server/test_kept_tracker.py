"""A `KeptTracker`'s copy, applied events and serialised state are Rasa's own, after every event of
conversations that use every kind of event: slots, forms and their interruptions, rejections,
follow-ups, pauses, rewinds, restarts and new sessions."""

from __future__ import annotations

import random
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    Event,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from launcher.settings import ROOT
from server.kept_tracker import KeptTracker

DOMAIN = Domain.load(ROOT / "domain.yml")
ALL = EventVerbosity.ALL


def event(draw: random.Random, number: int, forms: bool = True) -> Event:
    """One event of any kind, the usual ones more often; a form's only with `forms`."""
    role = draw.choice(["Data scientist", "Data engineer", None])
    intent = {"name": draw.choice(DOMAIN.intents), "confidence": 0.9}
    makers = [
        lambda: UserUttered(f"message {number}", intent, [], parse_data={"intent": intent, "text": "x"}),
        lambda: ActionExecuted("action_describe_role"),
        lambda: ActionExecuted("action_listen"),
        lambda: ActionExecuted("a_form"),
        lambda: SlotSet("role", role),
        lambda: SlotSet("known_skills", draw.choice([["python"], [], None])),
        lambda: BotUttered(f"answer {number}"),
        lambda: ActiveLoop(draw.choice(["a_form", None])),
        lambda: LoopInterrupted(draw.random() < 0.5),
        lambda: ActionExecutionRejected("a_form"),
        lambda: FollowupAction("action_describe_role"),
        lambda: ConversationPaused(),
        lambda: ConversationResumed(),
        lambda: AllSlotsReset(),
        lambda: UserUtteranceReverted(),
        lambda: ActionReverted(),
        lambda: Restarted(),
        lambda: SessionStarted(),
    ]
    weights = [
        8,
        6,
        6,
        2 * forms,
        5,
        3,
        4,
        1 * forms,
        1 * forms,
        1 * forms,
        1,
        0.5,
        0.5,
        0.3,
        0.5,
        0.5,
        0.3,
        0.3,
    ]
    return draw.choices(makers, weights)[0]()


def state(tracker: DialogueStateTracker) -> dict[str, Any]:
    """Everything a tracker holds, its slots and loop by value, without KeptTracker's own notes."""
    held = {
        k: v
        for k, v in vars(tracker).items()
        if k not in ("_applied", "_seen", "_first", "_last", "_loops", "_serialised")
    }
    held["events"] = list(tracker.events)
    held["slots"] = {name: vars(slot) for name, slot in tracker.slots.items()}
    held["active_loop"] = vars(tracker.active_loop) if tracker.active_loop else None
    held["type"] = type(tracker.slots)
    return held


@pytest.mark.parametrize(("seed", "forms"), [(1, False), (2, False), (3, False), (4, True), (5, True)])
def test_copies_and_applied_events_are_rasas(seed: int, forms: bool) -> None:
    draw = random.Random(seed)
    tracker = KeptTracker.of(
        DialogueStateTracker.from_events("learner", [ActionExecuted("action_listen")], DOMAIN.slots)
    )
    assert isinstance(tracker, KeptTracker)
    for number in range(400):
        tracker.update(event(draw, number, forms))
        if number % 3:  # not asked every time, so several events are new at once
            assert tracker.applied_events() == DialogueStateTracker.applied_events(tracker)
        if number % 4:
            assert tracker.current_state(ALL) == DialogueStateTracker.current_state(tracker, ALL)
        copied, replayed = tracker.copy(), DialogueStateTracker.copy(tracker)
        assert state(copied) == state(replayed)
        assert copied.applied_events() == replayed.applied_events()
        if number % 10 == 0:  # a copy goes on on its own, as the processor's temporary tracker does
            for extra in range(5):
                copied.update(event(draw, -number - extra, forms))
                assert copied.applied_events() == DialogueStateTracker.applied_events(copied)
                assert copied.current_state(ALL) == DialogueStateTracker.current_state(copied, ALL)
            assert state(tracker) == state(DialogueStateTracker.copy(tracker))  # the original unchanged


def test_events_replaced_by_other_ones_are_read_in_full() -> None:
    draw = random.Random(9)
    events = [ActionExecuted("action_listen"), *(event(draw, n) for n in range(30))]
    tracker = KeptTracker.of(DialogueStateTracker.from_events("learner", events, DOMAIN.slots))
    tracker.applied_events()
    tracker.current_state(ALL)
    rewound = [*events[:10], UserUtteranceReverted(), *events[10:20]]  # fewer events, other ones
    tracker.events.clear()
    tracker.events.extend(rewound)
    assert tracker.applied_events() == DialogueStateTracker.applied_events(tracker)
    assert tracker.current_state(ALL) == DialogueStateTracker.current_state(tracker, ALL)
    for verbosity in EventVerbosity:
        assert tracker.current_state(verbosity) == DialogueStateTracker.current_state(tracker, verbosity)


def test_only_rasas_plain_trackers_become_kept_ones() -> None:
    plain = DialogueStateTracker("learner", DOMAIN.slots)
    story = TrackerWithCachedStates("story", DOMAIN.slots, domain=DOMAIN)
    assert type(KeptTracker.of(plain)) is KeptTracker
    assert type(KeptTracker.of(story)) is TrackerWithCachedStates
