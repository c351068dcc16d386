"""Requests as Slack sends them to the bot (Events API and interactivity), signed, and a way to post them.

They are signed as Slack documents it
(https://api.slack.com/authentication/verifying-requests-from-slack: `v0=` + hex HMAC-SHA256 of
`v0:{timestamp}:{body}` keyed with the signing secret) with slack_sdk's
`SignatureVerifier.generate_signature`, Slack's own implementation rather than the connector's
code; test_slack_connector.py checks it against the worked example on that page.
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

if TYPE_CHECKING:
    from tests.fakes.slack_api import ApiCall

APP_ID = "A0APP00001"

_ts_counter = itertools.count(1)


def new_ts() -> str:
    """A fresh Slack message timestamp ("seconds.micro-ish"), unique in this process."""
    return f"{int(time.time())}.{next(_ts_counter):06d}"


class SlackEvents:
    """What Slack sends the bot from one workspace (`team_id`, the bot being `bot_user_id`)."""

    team_id: str
    bot_user_id: str

    def event_callback(self, event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
        """An Events API `event_callback` envelope around `event`, as Slack delivers it."""
        return {
            "token": "deprecated-verification-token",
            "team_id": self.team_id,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{uuid.uuid4().hex}",
        }

    def direct_message(
        self, text: str, user: str, channel: str, thread_ts: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        """A `message.im` event: `user` wrote `text` in their DM `channel` with the bot."""
        event = self._user_event("message", text, user, channel, thread_ts)
        event["channel_type"] = "im"
        event.update(extra)
        return self.event_callback(event)

    def app_mention(self, text: str, user: str, channel: str, thread_ts: str | None = None) -> dict[str, Any]:
        """An `app_mention` event: `user` wrote `text` (mentioning the bot) in `channel`."""
        return self.event_callback(self._user_event("app_mention", text, user, channel, thread_ts))

    def _user_event(
        self, kind: str, text: str, user: str, channel: str, thread_ts: str | None
    ) -> dict[str, Any]:
        """The fields Slack sends with every event a user's message causes."""
        event = {
            "type": kind,
            "channel": channel,
            "user": user,
            "text": text,
            "ts": new_ts(),
            "team": self.team_id,
            "client_msg_id": str(uuid.uuid4()),
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        return event

    def mention(self) -> str:
        """How the bot's mention appears in a message's text."""
        return f"<@{self.bot_user_id}>"

    def button_click(self, post: ApiCall, button: dict[str, Any], user: str) -> dict[str, Any]:
        """The `block_actions` interactivity payload Slack sends when `user` clicks `button` of `post`."""
        message = dict(post.result["message"])
        channel = post.result["channel"]
        container = {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel,
            "is_ephemeral": False,
        }
        if message.get("thread_ts"):
            container["thread_ts"] = message["thread_ts"]
        return {
            "type": "block_actions",
            "user": {"id": user, "username": "learner", "name": "learner", "team_id": self.team_id},
            "api_app_id": APP_ID,
            "token": "deprecated-verification-token",
            "container": container,
            "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**12}",
            "team": {"id": self.team_id, "domain": "fake-workspace"},
            "channel": {"id": channel, "name": "directmessage"},
            "message": message,
            "response_url": "https://hooks.slack.com/actions/T0FAKE0001/1/fake",
            "actions": [
                {
                    "action_id": button.get("action_id", "button"),
                    "block_id": "actions",
                    "text": button["text"],
                    "value": button["value"],
                    "type": "button",
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 request signature of `body` sent at `timestamp` (see the module docstring)."""
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None  # None only without a timestamp or body
    return signature


def signed_headers(
    body: bytes, secret: str, content_type: str, timestamp: int | None = None
) -> dict[str, str]:
    timestamp_text = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp_text,
        "X-Slack-Signature": sign(secret, timestamp_text, body),
    }


def event_request(
    payload: Mapping[str, Any], secret: str, timestamp: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """An Events API request (JSON body) signed with `secret`: (body, headers)."""
    body = json.dumps(payload).encode()
    return body, signed_headers(body, secret, "application/json", timestamp)


def interaction_request(
    payload: Mapping[str, Any], secret: str, timestamp: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """An interactivity request (form-encoded `payload=<json>`) signed with `secret`: (body, headers)."""
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return body, signed_headers(body, secret, "application/x-www-form-urlencoded", timestamp)


def post(url: str, body: bytes, headers: Mapping[str, str], timeout: float = 30) -> tuple[int, bytes]:
    """POSTs a request to the bot; returns (status, body) whatever the status."""
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
