"""Slack end to end: signed requests into the real Rasa + action servers, replies out to a fake Web API.

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
import yaml
from slack_sdk.signature import Clock, SignatureVerifier

from channels.slack import RecentKeys, signature_problem, slack_text_to_plain
from launcher import settings
from launcher.servers import write_credentials
from tests.channels.conftest import SlackHarness
from tests.fakes.slack_api import (
    FakeSlackApi,
    event_request,
    interaction_request,
    post,
    sign,
)
from tests.helpers import eventually

SALARY_QUESTION = "how much does a machine learning engineer earn in the UK?"
SLACK_SECTION = "channels.slack.SlackConnector"
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


# -- configuration -----------------------------------------------------------------------------


def test_slack_is_left_out_without_its_token_and_secret(tmp_path: Path) -> None:
    target = tmp_path / "credentials.yml"
    disabled = write_credentials(settings.ROOT / "credentials.yml", target, {"SLACK_BOT_TOKEN": "xoxb-1"})
    assert disabled[SLACK_SECTION] == ["SLACK_SIGNING_SECRET"]
    assert SLACK_SECTION not in (yaml.safe_load(target.read_text()) or {})


def test_slack_is_kept_with_them_and_the_secrets_stay_out_of_the_file(tmp_path: Path) -> None:
    target = tmp_path / "credentials.yml"
    env = {"SLACK_BOT_TOKEN": "xoxb-s3cret-token", "SLACK_SIGNING_SECRET": "s3cret-signing"}
    disabled = write_credentials(settings.ROOT / "credentials.yml", target, env)
    assert SLACK_SECTION not in disabled
    written = target.read_text()
    assert yaml.safe_load(written)[SLACK_SECTION] == {
        "slack_token": "${SLACK_BOT_TOKEN}",
        "slack_signing_secret": "${SLACK_SIGNING_SECRET}",
    }
    assert "s3cret" not in written


# -- the connector's building blocks (no servers) ----------------------------------------------


class FixedClock(Clock):
    def __init__(self, now: float) -> None:
        self.time = now

    def now(self) -> float:
        return self.time


# Slack's worked example (https://api.slack.com/authentication/verifying-requests-from-slack).
DOC_SECRET, DOC_TIMESTAMP = "8f742231b10e8888abcd99yyyzzz85a5", "1531420618"
DOC_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_the_tests_sign_as_slacks_worked_example() -> None:
    assert sign(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY) == DOC_SIGNATURE


def test_signature_check_accepts_slacks_worked_example_within_five_minutes_only() -> None:
    headers = {"X-Slack-Request-Timestamp": DOC_TIMESTAMP, "X-Slack-Signature": DOC_SIGNATURE}
    now = int(DOC_TIMESTAMP)

    def problem(
        secret: str = DOC_SECRET, at: float = now, body: bytes = DOC_BODY, sent: Any = headers
    ) -> Any:
        return signature_problem(SignatureVerifier(secret, clock=FixedClock(at)), sent, body)

    assert problem() is None
    assert problem(at=now + 299) is None
    assert "5 minutes" in problem(at=now + 301)  # replayed
    assert "5 minutes" in problem(at=now - 301)  # from the future
    assert "does not match" in problem(secret="other")
    assert "does not match" in problem(body=DOC_BODY + b" ")
    assert "does not match" in problem(body=b"\xff" + DOC_BODY)  # not UTF-8: refused, not raised
    assert "Timestamp" in problem(sent={})
    assert "Timestamp" in problem(sent={**headers, "X-Slack-Request-Timestamp": "12e3"})
    assert "does not match" in problem(sent={"X-Slack-Request-Timestamp": DOC_TIMESTAMP})


def test_mentions_and_slack_markup_are_taken_out_of_the_text() -> None:
    text = "<@UBOT> what is <https://x.org/a|TensorFlow> &amp; <#C1|general>?"
    assert slack_text_to_plain(text, ["UBOT"]) == "what is TensorFlow & #general?"
    assert slack_text_to_plain("<@UBOT|bot> hi <@UBOT>", ["UBOT"]) == "hi"
    assert slack_text_to_plain("<@UOTHER> hi", [], strip_leading_mention=True) == "hi"


def test_recent_keys_expire_and_stay_bounded() -> None:
    now = [0.0]
    keys = RecentKeys(ttl=10, max_keys=3, clock=lambda: now[0])
    assert not keys.check_and_add(["a", None])
    assert keys.check_and_add(["b", "a"])  # any key seen makes it a duplicate
    now[0] = 11
    assert not keys.check_and_add(["a"])  # expired
    keys.check_and_add(["c", "d", "e"])
    assert len(keys) == 3 and "a" not in keys


def test_fake_api_refuses_a_wrong_token_like_slack() -> None:
    with FakeSlackApi() as api:
        body = json.dumps({"channel": "C1", "text": "hi"}).encode()
        for auth, error in [("Bearer xoxb-wrong", "invalid_auth"), (None, "not_authed")]:
            headers = {"Content-Type": "application/json", **({"Authorization": auth} if auth else {})}
            status, answer = post(api.url + "chat.postMessage", body, headers)
            assert status == 200 and json.loads(answer) == {"ok": False, "error": error}
        form = f"token={api.token}&channel=C1&text=hi".encode()
        status, answer = post(
            api.url + "chat.postMessage", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert json.loads(answer)["ok"] and json.loads(answer)["message"]["text"] == "hi"
        assert api.posts() and not any(c.ok for c in api.calls if not c.authorized)


# -- end to end --------------------------------------------------------------------------------


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
