"""Slack tests' fixtures: the session's stack, whose Slack channel posts to the fake Slack Web API
(tests/conftest.py starts both), and Slack's side of the webhook: correctly signed deliveries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from launcher.servers import Stack
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import event_request, interaction_request, post


@dataclass
class SlackHarness:
    """The running stack, the fake Slack API it posts to, and Slack's side of the webhook."""

    stack: Stack
    api: FakeSlackApi

    @property
    def webhook(self) -> str:
        return f"{self.stack.rasa_url}/webhooks/slack/webhook"

    def deliver(
        self,
        payload: Mapping[str, Any],
        secret: str | None = None,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """Posts an Events API payload to the bot, signed as Slack would (with `secret` if given)."""
        body, signed = event_request(payload, secret or self.api.signing_secret, timestamp)
        return post(self.webhook, body, {**signed, **(headers or {})})

    def interact(
        self, payload: Mapping[str, Any], secret: str | None = None, timestamp: int | None = None
    ) -> tuple[int, bytes]:
        """Posts an interactivity payload (a button click) to the bot, signed as Slack would."""
        body, signed = interaction_request(payload, secret or self.api.signing_secret, timestamp)
        return post(self.webhook, body, signed)


@pytest.fixture(scope="session")
def slack(stack: Stack, slack_api: FakeSlackApi) -> SlackHarness:
    """The session's stack (started with the fake Slack API's environment) and that fake."""
    return SlackHarness(stack, slack_api)
