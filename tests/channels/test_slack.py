"""Slack end to end: signed requests into the real Rasa + action servers, replies out to a fake Web API.
(The connector's configuration and parts, without Rasa: test_slack_connector.py.)

Each test talks in channels of its own (fresh IDs), so the fake's recorded calls for a channel are
that test's. Replies are posted after the webhook has answered, so tests wait for them with a
deadline. To prove that nothing else was posted, a test sends a barrier message to the same
conversation afterwards: Rasa handles one conversation's messages in order, sending all replies to a
message before it starts on the next, so once the barrier's reply is there, any reply to what came
before it is too.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.channels.conftest import SlackHarness
from tests.fakes.slack_requests import event_request, interaction_request, post
from tests.helpers import eventually

SALARY_QUESTION = "how much does a machine learning engineer earn in the UK?"
BARRIER, BARRIER_REPLY = "/thank", "You're welcome"


def ids(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:9].upper()


def barrier(slack: SlackHarness, user: str, channel: str) -> None:
    """Sends a DM to the same conversation and waits for its reply (see the module docstring)."""
    status, _ = slack.deliver(slack.api.direct_message(BARRIER, user, channel))
    assert status == 200
    slack.api.wait_for_post(channel, BARRIER_REPLY)


def posts_containing(slack: SlackHarness, channel: str, text: str) -> list[Any]:
    return [p for p in slack.api.posts(channel) if text in p.text]


def user_texts(tracker_db: Path, sender_id: str) -> list[str]:
    with sqlite3.connect(tracker_db) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender_id,)
        ).fetchall()
    return [json.loads(row[0]).get("text") for row in rows]


def test_url_verification_is_answered(slack: SlackHarness) -> None:
    status, body = slack.deliver(
        {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY", "type": "url_verification"}
    )
    assert status == 200
    assert json.loads(body) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY"}


def test_direct_message_is_answered_once_in_that_dm(slack: SlackHarness) -> None:
    user, dm = ids("U"), ids("D")
    status, _ = slack.deliver(slack.api.direct_message(SALARY_QUESTION, user, dm))
    assert status == 200
    reply = slack.api.wait_for_post(dm, "£54,668")
    assert "Glassdoor" in reply.text
    assert "thread_ts" not in reply.args  # top level, as the learner wrote
    barrier(slack, user, dm)
    assert len(posts_containing(slack, dm, "£54,668")) == 1
    assert all(c.authorized for c in slack.api.calls)


def test_mention_in_a_thread_is_answered_in_that_thread_without_the_mention(slack: SlackHarness) -> None:
    user, channel, thread = ids("U"), ids("C"), "1700000000.000001"
    question = f"{slack.api.mention()} {SALARY_QUESTION}"
    status, _ = slack.deliver(slack.api.app_mention(question, user, channel, thread_ts=thread))
    assert status == 200
    reply = slack.api.wait_for_post(channel, "£54,668")
    assert reply.args.get("thread_ts") == thread
    # One conversation per user per channel; what Rasa heard is the question without the mention.
    texts = eventually(lambda: user_texts(slack.stack.config.tracker_db, f"{user}_{channel}"))
    assert texts == [SALARY_QUESTION]


def test_mention_at_top_level_is_answered_at_top_level(slack: SlackHarness) -> None:
    user, channel = ids("U"), ids("C")
    status, _ = slack.deliver(
        slack.api.app_mention(f"{slack.api.mention()} {SALARY_QUESTION}", user, channel)
    )
    assert status == 200
    assert "thread_ts" not in slack.api.wait_for_post(channel, "£54,668").args


def test_buttons_are_block_kit_and_a_click_continues_the_conversation(slack: SlackHarness) -> None:
    user, dm = ids("U"), ids("D")
    slack.deliver(slack.api.direct_message("hi", user, dm))
    greeting = slack.api.wait_for_post(dm, "deep learning careers assistant")
    kinds = [b["type"] for b in greeting.args["blocks"]]
    assert kinds[0] == "section" and kinds[-1] == "actions"
    assert "deep learning careers assistant" in greeting.args["blocks"][0]["text"]["text"]
    careers = next(b for b in greeting.buttons if b["value"] == "/ask_roles")
    assert careers["text"]["text"] == "Careers"

    status, _ = slack.interact(slack.api.button_click(greeting, careers, user))
    assert status == 200
    roles = slack.api.wait_for_post(dm, "opens many careers")
    assert len(roles.buttons) > 5  # every role, where Rasa's own Slack output falls back to text
    engineer = next(b for b in roles.buttons if "machine-learning-engineer" in b["value"])
    # The click shows in the transcript, under buttons that stay, before the answer is posted.
    [marked] = slack.api.updates(dm, greeting.result["ts"])
    assert [b["type"] for b in marked.args["blocks"]] == kinds + ["context"]
    assert marked.args["blocks"][-1]["elements"][0]["text"] == f"<@{user}> chose *Careers*"
    assert slack.api.calls.index(marked) < slack.api.calls.index(roles)

    slack.interact(slack.api.button_click(roles, engineer, user))
    role = slack.api.wait_for_post(dm, "How to get in")
    [marked] = slack.api.updates(dm, roles.result["ts"])
    assert marked.args["blocks"][-1]["elements"][0]["text"] == f"<@{user}> chose *{engineer['text']['text']}*"
    skills = next(b for b in role.buttons if b["value"].startswith("/ask_role_skills{"))

    slack.interact(slack.api.button_click(role, skills, user))
    answer = slack.api.wait_for_post(dm, "Essential:")
    assert "thread_ts" not in answer.args


def test_a_click_in_a_thread_is_answered_in_that_thread(slack: SlackHarness) -> None:
    user, channel, thread = ids("U"), ids("C"), "1700000000.000002"
    slack.deliver(slack.api.app_mention(f"{slack.api.mention()} hi", user, channel, thread_ts=thread))
    greeting = slack.api.wait_for_post(channel, "deep learning careers assistant")
    assert greeting.args.get("thread_ts") == thread
    careers = next(b for b in greeting.buttons if b["value"] == "/ask_roles")
    slack.interact(slack.api.button_click(greeting, careers, user))
    assert slack.api.wait_for_post(channel, "opens many careers").args.get("thread_ts") == thread


def test_a_retried_event_is_answered_once(slack: SlackHarness) -> None:
    user, dm = ids("U"), ids("D")
    event = slack.api.direct_message("/greet", user, dm)
    assert slack.deliver(event)[0] == 200
    for number, reason in [("1", "http_timeout"), ("2", "http_error"), ("3", "unknown_error")]:
        status, _ = slack.deliver(
            event, headers={"X-Slack-Retry-Num": number, "X-Slack-Retry-Reason": reason}
        )
        assert status == 200
    slack.api.wait_for_post(dm, "deep learning careers assistant")
    barrier(slack, user, dm)
    assert len(posts_containing(slack, dm, "deep learning careers assistant")) == 1


def test_the_same_event_id_is_answered_once_whatever_the_retry_reason(slack: SlackHarness) -> None:
    user, dm = ids("U"), ids("D")
    event = slack.api.direct_message("/greet", user, dm)
    assert slack.deliver(event)[0] == 200
    slack.api.wait_for_post(dm, "deep learning careers assistant")
    # Redelivered later (a new, correctly signed request) with a reason Rasa's default would answer.
    again = dict(event, event_time=event["event_time"] + 60)
    headers = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    assert slack.deliver(again, timestamp=int(time.time()) + 1, headers=headers)[0] == 200
    assert slack.deliver(again)[0] == 200  # and once more without any retry header
    barrier(slack, user, dm)
    assert len(posts_containing(slack, dm, "deep learning careers assistant")) == 1


@pytest.mark.parametrize(
    "secret, age, tamper",
    [
        ("not-the-signing-secret", 0, False),
        (None, 0, True),  # body changed after signing
        (None, 6 * 60, False),  # older than 5 minutes: a replay
        (None, -6 * 60, False),  # from the future
    ],
    ids=["wrong-secret", "tampered-body", "stale-timestamp", "future-timestamp"],
)
def test_unsigned_or_stale_requests_are_refused_before_anything_else(
    slack: SlackHarness, secret: str | None, age: int, tamper: bool
) -> None:
    user, dm = ids("U"), ids("D")
    click = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": dm},
        "message": {"ts": "1.2"},
        "actions": [{"type": "button", "value": "/ask_roles", "action_id": "b", "action_ts": "1.3"}],
    }
    requests = [
        (event_request, slack.api.direct_message(SALARY_QUESTION, user, dm)),
        (event_request, {"token": "x", "challenge": "refused-challenge", "type": "url_verification"}),
        (interaction_request, click),
    ]
    for build, payload in requests:
        body, headers = build(payload, secret or slack.api.signing_secret, int(time.time()) - age)
        if tamper:
            body += b" "  # still parses: only the signature can tell
        status, answer = post(slack.webhook, body, headers)
        assert 400 <= status < 500
        assert b"refused-challenge" not in answer
    unsigned = json.dumps(slack.api.direct_message("/greet", user, dm)).encode()
    status, _ = post(slack.webhook, unsigned, {"Content-Type": "application/json"})
    assert 400 <= status < 500
    barrier(slack, user, dm)
    assert [p.text for p in slack.api.posts(dm)] == [slack.api.wait_for_post(dm, BARRIER_REPLY).text]


def test_the_bot_never_answers_itself_or_edits(slack: SlackHarness) -> None:
    user, dm = ids("U"), ids("D")
    api = slack.api
    for event in [
        api.direct_message("/greet", api.bot_user_id, dm),  # its own user
        api.direct_message("/greet", user, dm, bot_id=api.bot_id),  # posted by an app
        api.direct_message("/greet", user, dm, subtype="bot_message"),
        api.direct_message("/greet", user, dm, subtype="message_changed"),
    ]:
        assert slack.deliver(event)[0] == 200
    barrier(slack, user, dm)
    assert len(api.posts(dm)) == 1
