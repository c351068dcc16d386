"""Action responses are accepted or refused exactly as Rasa's own check does, with its message."""

from __future__ import annotations

from typing import Any

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
