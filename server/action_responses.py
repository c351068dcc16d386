"""Action server responses checked against Rasa's schema by validators built once.

Rasa's `RemoteAction._validate_action_result` calls `jsonschema.validate` on every action call, and
that first checks the schema itself against JSON Schema's metaschema: Rasa's schema lists every
event type, so the check of an unchanging schema cost about 35 ms of CPU per action call, far more
than validating the response (docs/performance.md). `install` validates with validators built
from the same schema, so a response is accepted or refused exactly as before, with Rasa's message.

The schema says an event is `oneOf` 23 event types, so each event is tried against every type. Each
type fixes `event` to its own name (`const`, a different one for each), so an event can only match
the type it names: checking it against that type alone gives the same verdict, at a fifth of the
cost. A response that check refuses goes through the whole schema, for Rasa's message.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@cache
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


@cache
def _by_event_type() -> tuple[Any, dict[str, Any]]:
    """A validator of the response with events checked for what all types share, and one per type
    (by the name its `const` fixes) checking an event against what all share and its own type."""
    whole = _validator()
    schema, validator_class = whole.schema, type(whole)
    events = schema["properties"]["events"]
    shared = {key: value for key, value in events["items"].items() if key != "oneOf"}
    response = {**schema, "properties": {**schema["properties"], "events": {**events, "items": shared}}}
    types = {
        kind["properties"]["event"]["const"]: validator_class({"allOf": [shared, kind]})
        for kind in events["items"]["oneOf"]
    }
    return validator_class(response), types


def _accepted(result: dict[str, Any]) -> bool:
    """Whether the whole schema accepts `result`, each event checked against the type it names."""
    response, types = _by_event_type()
    if not response.is_valid(result):
        return False
    for event in result.get("events") or []:
        kind = types.get(event["event"])
        if kind is None or not kind.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of an action server response, raising its `ValidationError` with its message."""
    if _accepted(result):
        return True
    error = jsonschema.exceptions.best_match(_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from "
            f"the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    """Makes every remote action in this process validate with the validators built once."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
