"""Calls to the action server that never leave the learner in silence.

Rasa 3.6 waits up to 300 s for a custom action (a fixed bound), and when the action server is down,
slow or failing it logs the error and sends nothing. `BoundedActionEndpoint` takes the action
endpoint's place: it waits at most ACTION_TIMEOUT seconds and, past that or on any failure, answers
as an action server would with the domain's `utter_actions_unavailable`, so every channel gets the
apology through Rasa's usual response path and the conversation goes on when the server is back.
It also sends the action server the end of the conversation rather than all of it (`recent`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

logger = logging.getLogger(__name__)

APOLOGY = "utter_actions_unavailable"
REJECTED = 400  # the action refused to run (a form's validation): Rasa handles that itself


RECENT_EVENTS = 100
"""How many of a conversation's latest events the action server is sent (see `recent`)."""


def recent(tracker: dict[str, Any], keep: int = RECENT_EVENTS) -> dict[str, Any]:
    """The conversation as our actions need it: its last `keep` events, and before them each slot's
    first setting ("back to the first one", actions/context.py `first_role`) and its latest setting
    not followed by another before the end (which slot was set last is how actions/context.py tells
    what is being discussed). Slots, the latest message and the active loop are sent whole anyway.

    Rasa sends every event of the conversation with every action call, so the call grew with the
    conversation (a 400-turn one sent about 3,000 events each turn) while our actions read only its
    end and the slots' settings.
    """
    events = tracker.get("events")
    if not isinstance(events, list) or len(events) <= keep:
        return tracker
    tail = events[-keep:]
    set_since = {e.get("name") for e in tail if e.get("event") == "slot"}
    first: dict[str, int] = {}
    latest: dict[str, int] = {}
    for index, event in enumerate(events[:-keep]):
        if event.get("event") == "slot":
            first.setdefault(event.get("name"), index)
            if event.get("name") not in set_since:
                latest[event.get("name")] = index
    kept = [events[i] for i in sorted(set(first.values()) | set(latest.values()))]
    return {**tracker, "events": kept + tail}


def apology() -> dict[str, Any]:
    """An action server's answer that utters the apology and changes nothing else."""
    return {"events": [], "responses": [{"response": APOLOGY}]}


class BoundedActionEndpoint(EndpointConfig):
    """The action endpoint from endpoints.yml, with a bound on the wait and an apology past it."""

    def __init__(self, endpoint: EndpointConfig, timeout: float) -> None:
        super().__init__(
            url=endpoint.url,
            params=endpoint.params,
            headers=endpoint.headers,
            basic_auth=endpoint.basic_auth,
            token=endpoint.token,
            token_name=endpoint.token_name,
            cafile=endpoint.cafile,
            **endpoint.kwargs,
        )
        self.type = endpoint.type
        self.timeout = timeout

    async def request(
        self,
        method: str = "post",
        subpath: str | None = None,
        content_type: str | None = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any | None:
        """Rasa's request with our bound; an action call that fails gets the apology instead."""
        kwargs["timeout"] = aiohttp.ClientTimeout(total=self.timeout)
        body = kwargs.get("json") or {}
        if isinstance(body.get("tracker"), dict):
            kwargs["json"] = {**body, "tracker": recent(body["tracker"])}
        action = body.get("next_action")
        try:
            return await super().request(method, subpath, content_type, compress, **kwargs)
        except ClientResponseError as error:
            if error.status == REJECTED or action is None:
                raise
            logger.error(
                "action server answered %s to %s: %s", error.status, action, error.text, exc_info=True
            )
        except asyncio.TimeoutError:
            if action is None:
                raise
            logger.error("action server did not answer %s within %.1f s", action, self.timeout)
        except aiohttp.ClientError:
            if action is None:
                raise
            logger.exception("action server unreachable for %s at %s", action, self.url)
        return apology()

    async def probe(self, action: str, timeout: float) -> None:
        """Runs `action` with an empty conversation; raises unless the action server answers."""
        tracker = {
            "sender_id": "health-check",
            "slots": {},
            "latest_message": {},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": None,
        }
        body = {"next_action": action, "sender_id": "health-check", "tracker": tracker}
        await super().request("post", json=body, timeout=aiohttp.ClientTimeout(total=timeout))
