"""The Slack connector and its parts without Rasa: configuration, request signing (checked against
Slack's documented example), markup, duplicate deliveries and the Web API calls' retries.

The end-to-end tests, through the running Rasa and action servers, are in test_slack.py.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import register
from sanic import Sanic
from slack_sdk.signature import Clock, SignatureVerifier

from channels.slack import SlackConnector
from channels.slack.duplicates import RecentKeys
from channels.slack.markup import slack_text_to_plain
from channels.slack.replies import SlackReplies
from channels.slack.signing import signature_problem
from launcher import settings
from launcher.servers import write_credentials
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_requests import post, sign
from tests.helpers import free_port

# Sanic rewrites its protocol's methods when an app starts, and cannot rewrite them twice unless in
# test mode, where it keeps the originals: set before any test starts a server in this process (here
# and test_web_channel.py each start one).
Sanic.test_mode = True

SLACK_SECTION = "channels.slack.SlackConnector"


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


# -- the connector and its building blocks (no Rasa servers) ----------------------------------


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


Send = Callable[[bytes, Mapping[str, str]], Awaitable[tuple[int, bytes]]]


@asynccontextmanager
async def serving(connector: SlackConnector) -> AsyncIterator[Send]:
    """Serves `connector` on a loopback port as `rasa run` mounts it; yields how to post to it."""
    app = Sanic(f"slack_test_{uuid.uuid4().hex}")
    register([connector], app, "/webhooks/")
    port = free_port()
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    assert server is not None
    await server.startup()
    url = f"http://127.0.0.1:{port}/webhooks/slack/webhook"

    async def send(body: bytes, headers: Mapping[str, str]) -> tuple[int, bytes]:
        return await asyncio.get_running_loop().run_in_executor(None, post, url, body, headers)

    try:
        yield send
    finally:
        server.close()
        await server.wait_closed()


def test_the_connector_accepts_slacks_worked_example_and_refuses_it_tampered() -> None:
    """Slack's own request a minute after it was signed gets past the signature check (it is a slash
    command, which this bot does not take: 400); changed in any signed part, or replayed, it is 401."""
    clock = FixedClock(int(DOC_TIMESTAMP) + 60)
    connector = SlackConnector("xoxb-doc", DOC_SECRET, clock=clock)
    signed = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": DOC_TIMESTAMP,
        "X-Slack-Signature": DOC_SIGNATURE,
    }
    tampered = [
        (DOC_BODY.replace(b"text=", b"text=hi"), signed),
        (DOC_BODY, {**signed, "X-Slack-Request-Timestamp": str(int(DOC_TIMESTAMP) + 1)}),
        (DOC_BODY, {**signed, "X-Slack-Signature": DOC_SIGNATURE[:-1] + "4"}),
    ]
    mismatch = (401, b"Not a signed Slack request: X-Slack-Signature does not match.")

    async def scenario() -> None:
        async with serving(connector) as send:
            assert await send(DOC_BODY, signed) == (400, b"Malformed Slack request.")
            for body, headers in tampered:
                assert await send(body, headers) == mismatch
            clock.time = int(DOC_TIMESTAMP) + 301
            status, answer = await send(DOC_BODY, signed)
            assert status == 401 and b"more than 5 minutes" in answer

    asyncio.run(scenario())


def test_every_web_api_call_is_retried_after_a_429() -> None:
    """Both calls the connector makes (a post, and the update marking a click) wait and try again."""
    with FakeSlackApi() as api:
        for method in ("chat.postMessage", "chat.update"):
            api.rate_limit("D1", method=method, retry_after=0)
        replies = SlackReplies(api.token, "D1", api_url=api.url)

        async def post_then_mark() -> None:
            await replies.send_text_message("U1_D1", "Which role?")
            await replies.show_choice("D1", api.posts("D1")[0].result["message"], "U1", "Careers")

        asyncio.run(post_then_mark())
        answered = [(c.method, c.result.get("error")) for c in api.calls]
        assert answered == [
            ("chat.postMessage", "ratelimited"),
            ("chat.postMessage", None),
            ("chat.update", "ratelimited"),
            ("chat.update", None),
        ]
        assert "<@U1> chose *Careers*" in api.updates("D1", api.posts("D1")[0].result["ts"])[0].text


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
