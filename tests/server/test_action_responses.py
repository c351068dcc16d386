"""Action responses are accepted or refused exactly as Rasa's own check does, with its message."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from server import action_responses

ORIGINAL = RemoteAction._validate_action_result


def test_the_comparison_is_with_rasas_own_check() -> None:
    """Guards installed earlier in this process would make ORIGINAL our own check."""
    assert ORIGINAL is not action_responses.validate_action_result


VALID: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {},
    {
        "events": [
            {"event": "slot", "timestamp": None, "name": "role", "value": "Data scientist"},
            {"event": "slot", "timestamp": None, "name": "known_skills", "value": ["python", "sql"]},
            {"event": "followup", "name": "action_listen"},
        ],
        "responses": [{"response": "utter_role", "buttons": [{"title": "Skills", "payload": "/x"}]}],
    },
]
INVALID: list[dict[str, Any]] = [
    {"events": "not a list"},
    {"events": [{"event": "slot"}]},
    {"events": [{"event": "no_such_event"}]},
    {"responses": [42]},
    {"events": [{"event": "slot", "name": "role", "value": "x", "timestamp": "yesterday"}]},
]


def one_of_each_event() -> list[dict[str, Any]]:
    """An event of every type Rasa has, serialised by Rasa."""
    from datetime import datetime

    from rasa.shared.core import events

    return [
        event.as_dict()
        for event in [
            events.UserUttered("hi", {"name": "greet", "confidence": 0.9}, [{"entity": "r", "value": "x"}]),
            events.BotUttered("hello", {"buttons": [{"title": "a", "payload": "/a"}]}),
            events.SlotSet("role", "Data scientist"),
            events.EntitiesAdded([{"entity": "role", "value": "x"}]),
            events.DefinePrevUserUtteredFeaturization(True),
            events.ReminderScheduled("greet", datetime(2026, 1, 1), name="r"),
            events.ReminderCancelled(name="r"),
            events.ActionExecutionRejected("action_x"),
            events.LegacyFormValidation(True),
            events.LoopInterrupted(True),
            events.LegacyForm("form_x"),
            events.ActiveLoop("form_x"),
            events.AllSlotsReset(),
            events.ConversationResumed(),
            events.ConversationPaused(),
            events.FollowupAction("action_listen"),
            events.StoryExported("story.yml"),
            events.Restarted(),
            events.UserUtteranceReverted(),
            events.ActionReverted(),
            events.ActionExecuted("action_x", policy="p", confidence=1.0),
            events.SessionStarted(),
            events.AgentUttered("hi"),
        ]
    ] + [{"event": "form", "name": "form_x"}, {"event": "form_validation", "validate": True}]  # Rasa 2's


def test_every_type_of_event_is_among_the_examples() -> None:
    schema = RemoteAction.action_response_format_spec()
    types = schema["properties"]["events"]["items"]["oneOf"]
    kinds = {kind["properties"]["event"]["const"] for kind in types}
    assert {event["event"] for event in one_of_each_event()} == kinds


def spoilt(event: dict[str, Any]) -> list[dict[str, Any]]:
    """`event` with each field in turn given each kind of JSON value, and given another event's type."""
    kinds = [42, 0.5, "text", None, True, [], [1], {}, {"name": 1}]
    changed = [{**event, field: kind} for field in event if field != "event" for kind in kinds]
    return changed + [{**event, "event": other["event"]} for other in one_of_each_event()]


def test_each_event_alone_and_spoilt_gets_rasas_verdict_and_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our check reads only the event type an event names; Rasa's tries all of them."""
    # Rasa's check, without checking its unchanging schema against the metaschema at every call (35 ms).
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    monkeypatch.setattr(validator_class, "check_schema", classmethod(lambda cls, schema: None))
    action = RemoteAction("action_x", None)
    verdicts = set()
    for event in [case for sound in one_of_each_event() for case in [sound, *spoilt(sound)]]:
        result = {"events": [{"event": "slot", "name": "role", "value": "x"}, event], "responses": []}
        try:
            rasas: Any = ORIGINAL(action, result)
        except ValidationError as error:
            rasas = (error.message, list(error.absolute_path))
        try:
            ours: Any = action_responses.validate_action_result(action, result)
        except ValidationError as error:
            ours = (error.message, list(error.absolute_path))
        assert ours == rasas, event
        verdicts.add(rasas is True)
    assert verdicts == {True, False}


@pytest.mark.parametrize("result", VALID)
def test_a_response_rasa_accepts_is_accepted(result: dict[str, Any]) -> None:
    action = RemoteAction("action_x", None)
    assert ORIGINAL(action, result) is True
    assert action_responses.validate_action_result(action, result) is True


@pytest.mark.parametrize("result", INVALID)
def test_a_response_rasa_refuses_is_refused_with_its_message(result: dict[str, Any]) -> None:
    action = RemoteAction("action_x", None)
    with pytest.raises(ValidationError) as rasas:
        ORIGINAL(action, result)
    with pytest.raises(ValidationError) as ours:
        action_responses.validate_action_result(action, result)
    assert ours.value.message == rasas.value.message
    assert list(ours.value.absolute_path) == list(rasas.value.absolute_path)


def test_once_installed_remote_actions_use_the_validator_built_once() -> None:
    action_responses.install()
    try:
        assert RemoteAction._validate_action_result is action_responses.validate_action_result
        with pytest.raises(ValidationError):
            RemoteAction("action_x", None)._validate_action_result({"events": "not a list"})
    finally:
        RemoteAction._validate_action_result = ORIGINAL  # type: ignore[method-assign]
