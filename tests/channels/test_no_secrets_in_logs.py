"""No secret reaches a log: after traffic on every channel (REST, web chat, Slack, refused requests
included) and on the review page, the session stack's server logs hold neither the Slack token and
signing secret nor the review token it runs with, nor the store's database password, if its URL has
one."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.channels.conftest import SlackHarness
from tests.channels.test_web_channel import Browserless
from tests.fakes.slack_requests import event_request, post
from tests.helpers import Conversation
from tests.review.reviewing import Review

SECRET_VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "RASA_API_TOKEN",
    "RASA_JWT_SECRET",
    "REVIEW_TOKEN",
)
REFUSED = "Refused a Slack webhook request"  # channels/slack.py's warning: proves the log was written


def secrets(env: dict[str, str]) -> dict[str, str]:
    """The secret values in the stack's environment, by variable name."""
    found = {name: env[name] for name in SECRET_VARIABLES if env.get(name)}
    password = make_url(env["DATABASE_URL"]).password if env.get("DATABASE_URL") else None
    if password:
        found["DATABASE_URL password"] = str(password)
    return found


def traffic(slack: SlackHarness) -> None:
    """A conversation on each channel, a button click, and requests the Slack channel refuses."""
    stack = slack.stack
    assert Conversation(stack.rasa_url).say("what skills does a data scientist need?")
    with Browserless(stack.rasa_url, stack.rasa_url) as chat:
        assert chat.say("what is deep learning?", chat.start_session())
    user, dm = f"U{uuid.uuid4().hex[:9].upper()}", f"D{uuid.uuid4().hex[:9].upper()}"
    slack.deliver(slack.api.direct_message("hi", user, dm))
    greeting = slack.api.wait_for_post(dm, "deep learning careers assistant")
    slack.interact(slack.api.button_click(greeting, greeting.buttons[0], user))
    slack.api.wait_for(lambda: len(slack.api.posts(dm)) > 1)
    body, headers = event_request(
        slack.api.direct_message("hi", user, dm), "a-wrong-secret", int(time.time())
    )
    assert post(slack.webhook, body, headers)[0] == 401
    stale, headers = event_request(slack.api.direct_message("hi", user, dm), slack.api.signing_secret, 0)
    assert post(slack.webhook, stale, headers)[0] == 401
    review = Review(stack.rasa_url)  # the review page, signed in by a link and refused a wrong token
    assert review.get(f"/review/?token={review.token}", signed_in=False).status == 303
    assert review.get("/review/?token=wrong", signed_in=False).status == 401


def test_no_log_line_holds_a_secret(slack: SlackHarness) -> None:
    traffic(slack)
    hidden = secrets(slack.stack.env())
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "REVIEW_TOKEN"} <= set(hidden)  # all of them on
    logs: list[Path] = sorted(slack.stack.config.run_dir.glob("*.log"))
    assert {p.name for p in logs} >= {"actions.log", "rasa.log"}
    text = {path.name: path.read_text(errors="replace") for path in logs}
    assert REFUSED in text["rasa.log"]
    leaks = [
        (log, name) for log, content in text.items() for name, value in hidden.items() if value in content
    ]
    assert leaks == []
