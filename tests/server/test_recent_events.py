"""What the action server is sent of a conversation: its end, and the latest setting of each slot
before it, so a call no longer grows with the conversation (issue #19) and actions/context.py still
tells which of the role and skill was discussed last."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.context import first_role, last_discussed
from server.actions import recent


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def turn(n: int) -> list[dict[str, Any]]:
    return [
        {"event": "user", "text": f"question {n}"},
        {"event": "action", "name": "action_x"},
        {"event": "bot", "text": f"answer {n}"},
        {"event": "action", "name": "action_listen"},
    ]


def state(events: list[dict[str, Any]], slots: dict[str, Any]) -> dict[str, Any]:
    return {"sender_id": "s", "slots": slots, "latest_message": {"text": "x"}, "events": events}


def test_a_short_conversation_is_sent_whole() -> None:
    tracker = state([e for n in range(3) for e in turn(n)], {})
    assert recent(tracker, keep=12) is tracker


def test_a_long_one_is_sent_its_end_and_each_slots_first_and_latest_setting_before_it() -> None:
    events = [slot("role", "data-scientist"), slot("skill", "python"), slot("role", "ml-engineer")]
    events += [slot("role", "data-engineer"), *(e for n in range(50) for e in turn(n))]
    events += [slot("skill", "sql"), *turn(50)]
    tracker = state(events, {"role": "data-engineer", "skill": "sql"})
    sent = recent(tracker, keep=10)
    assert sent["events"] == [
        slot("role", "data-scientist"),
        slot("skill", "python"),
        slot("role", "data-engineer"),
        *events[-10:],
    ]
    assert {k: v for k, v in sent.items() if k != "events"} == {
        k: v for k, v in tracker.items() if k != "events"
    }
    assert len(tracker["events"]) == 209  # the conversation itself is left as it was
    assert first_role(Tracker.from_dict(sent)) == first_role(Tracker.from_dict(tracker)) == "data-scientist"


def test_what_was_discussed_last_is_told_the_same_from_the_end_sent() -> None:
    for last, slots in (("role", ("skill", "role")), ("skill", ("role", "skill"))):
        events = [slot(slots[0], "a"), *turn(0), slot(slots[1], "b")]
        events += [e for n in range(1, 40) for e in turn(n)]
        tracker = state(
            events, {"role": "a", "skill": "b"} if slots[0] == "role" else {"role": "b", "skill": "a"}
        )
        whole, sent = Tracker.from_dict(tracker), Tracker.from_dict(recent(tracker, keep=20))
        assert last_discussed(whole) == last_discussed(sent) == last
        assert len(sent.events) == 22
