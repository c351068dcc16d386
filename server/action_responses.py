"""Action server responses checked against Rasa's schema by a validator built once.

Rasa's `RemoteAction._validate_action_result` calls `jsonschema.validate` on every action call, and
that first checks the schema itself against JSON Schema's metaschema: Rasa's schema lists every
event type, so the check of an unchanging schema cost about 35 ms of CPU per action call, far more
than validating the response (docs/performance.md). `install` validates with one validator built
from the same schema, so a response is accepted or refused exactly as before, with Rasa's message.
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


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of an action server response, raising its `ValidationError` with its message."""
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
    """Makes every remote action in this process validate with the validator built once."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
