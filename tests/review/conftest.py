"""The review tests' learners: conversations on each channel of the session's stack (REST, the web
chat's Socket.IO, Slack through the fake Web API), made once and read by every review test."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from launcher.servers import Stack
from tests.channels.conftest import SlackHarness
from tests.channels.test_bad_input import websocket_exchange
from tests.fakes.slack_api import FakeSlackApi
from tests.helpers import Conversation, eventually
from tests.review.reviewing import Review

HOSTILE = "<script>window.reviewed = 1</script> \x1b[31mred\x1b[0m <b>bold</b> \u202eevil"
WEATHER = "what's the weather in Porto this weekend?"  # out of scope (tools' tests ask of Lisbon)
FORMULA = '=HYPERLINK("http://example.com") which roles are there?'


@dataclass(frozen=True)
class Learners:
    """The sender ids of the conversations the review tests look for."""

    rest: str  # data scientist skills, then WEATHER (out of scope), then a zookeeper (unknown role)
    web: str  # what deep learning is
    slack: str  # what a data engineer does
    hostile: str  # REST: HTML and escape sequences, then a spreadsheet formula
    tracker_db: Path


def stored(tracker_db: Path, sender: str) -> list[dict]:  # type: ignore[type-arg]
    """The sender's learner messages as Rasa stored them, oldest first."""
    with sqlite3.connect(f"file:{tracker_db}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT id, data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender,)
        ).fetchall()
    return [{"id": event_id, **json.loads(data)} for event_id, data in rows]


@pytest.fixture(scope="session")
def learners(stack: Stack, slack_api: FakeSlackApi) -> Learners:
    tracker_db = stack.config.tracker_db
    rest = Conversation(stack.rasa_url, f"review-rest-{uuid.uuid4().hex[:8]}")
    rest.say("what skills does a data scientist need?")
    rest.say(WEATHER)
    rest.say("what skills does a zookeeper need?")
    hostile = Conversation(stack.rasa_url, f"review-hostile-{uuid.uuid4().hex[:8]}")
    hostile.say(HOSTILE)
    hostile.say(FORMULA)
    web, _ = asyncio.run(websocket_exchange(stack.rasa_url, "what is deep learning?"))  # closes cleanly
    slack = SlackHarness(stack, slack_api)
    user, dm = f"U{uuid.uuid4().hex[:9].upper()}", f"D{uuid.uuid4().hex[:9].upper()}"
    status, _ = slack.deliver(slack_api.direct_message("what does a data engineer do?", user, dm))
    assert status == 200
    slack_api.wait_for_post(dm)
    found = Learners(rest.sender, web, f"{user}_{dm}", hostile.sender, tracker_db)
    for sender, messages in ((found.web, 1), (found.slack, 1)):  # saved once handled, after replying
        assert eventually(lambda s=sender, n=messages: len(stored(tracker_db, s)) == n)
    return found


@pytest.fixture(scope="session")
def review(stack: Stack) -> Review:
    return Review(stack.rasa_url)
