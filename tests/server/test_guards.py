"""A message whose handling fails is answered with the domain's apology on its own channel."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import RedisLockStore
from rasa.shared.core.domain import Domain

from launcher import settings
from server.actions import APOLOGY
from server.guards import answer_failures
from tests.helpers import free_port

DOMAIN = Domain.load(str(settings.ROOT / "domain.yml"))


def test_a_failing_message_gets_the_apology_and_a_logged_traceback(
    trained_model: Path, caplog: pytest.LogCaptureFixture
) -> None:
    agent = Agent.load(str(trained_model))
    agent.lock_store = RedisLockStore(port=free_port())  # nothing listens there: every message fails
    answer_failures(agent)
    collector = CollectingOutputChannel()
    with caplog.at_level(logging.ERROR, logger="server.guards"):
        asyncio.run(agent.handle_message(UserMessage("hi", collector, "learner")))
    [reply] = collector.messages
    assert reply["text"] == DOMAIN.responses[APOLOGY][0]["text"]
    assert reply["recipient_id"] == "learner"
    [record] = [r for r in caplog.records if r.name == "server.guards"]  # not TensorFlow's retracing notes
    assert record.exc_info is not None and "Traceback" in caplog.text


def test_the_wrapper_is_installed_once() -> None:
    agent = Agent(domain=DOMAIN)
    answer_failures(agent)
    wrapped = agent.handle_message
    answer_failures(agent)
    assert agent.handle_message is wrapped
