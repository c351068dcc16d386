"""Event classes found by name from a table resolve exactly as Rasa's own walk does."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from server import events


def test_every_event_name_resolves_to_rasas_class_twice_over() -> None:
    for cls in all_subclasses(Event):
        assert events.resolve_by_type(cls.type_name) is events._original(cls.type_name)
        assert events.resolve_by_type(cls.type_name) is events._original(cls.type_name)


def test_unknown_names_are_what_rasa_says_and_are_not_remembered() -> None:
    assert events.resolve_by_type("no-such-event", default=SlotSet) is SlotSet
    assert "no-such-event" not in events._classes
    with pytest.raises(ValueError):
        events.resolve_by_type("no-such-event")
    assert events.resolve_by_type("topic") is None


def test_once_installed_events_are_read_as_before() -> None:
    stored = [
        UserUttered("what does a data scientist do?", {"name": "ask_role", "confidence": 0.9}).as_dict(),
        ActionExecuted("action_describe_role").as_dict(),
        SlotSet("role", "data-scientist").as_dict(),
    ]
    before = [Event.from_parameters(e) for e in stored]
    events.install()
    after = [Event.from_parameters(e) for e in stored]
    assert after == before and [type(e) for e in after] == [UserUttered, ActionExecuted, SlotSet]
