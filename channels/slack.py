"""Slack: learners ask the assistant in a direct message or by mentioning it in a channel.

Served at `/webhooks/slack/webhook` (Events API request URL *and* interactivity request URL).
Configured from the environment with Slack's usual names:

- `SLACK_BOT_TOKEN` and `SLACK_SIGNING_SECRET` (required): credentials.yml refers to them as
  `${SLACK_BOT_TOKEN}` / `${SLACK_SIGNING_SECRET}`, so the launcher leaves Slack out when they are unset.
- `SLACK_CHANNEL` (optional): the ID of a channel where the bot answers every message, mention or
  not (the app must then also subscribe to `message.channels`); also where Rasa's server-initiated
  messages go. Elsewhere it answers direct messages and mentions only.
- `SLACK_API_URL` (optional): the Web API base URL, `https://slack.com/api/` unless set (the tests
  point it at a loopback fake).

Choices, on top of Rasa's own SlackInput / SlackBot:

- Every request is authenticated first (slack_sdk's `SignatureVerifier`): a bad `X-Slack-Signature`
  or an `X-Slack-Request-Timestamp` more than five minutes from now is refused with 401 before the
  body is parsed, whatever it holds (events, `url_verification`, interactive payloads). A signed
  request the connector cannot read is answered 400 and logged with its traceback.
- A message longer than `MAX_MESSAGE_CHARS` is answered with `utter_message_too_long`
  (channels/limits.py); a bare mention, left without text, gets the answer to an empty message.
- Web API calls answered 429 (rate limited) are retried after Slack's `Retry-After`, as are dropped
  connections.
- Conversations: one per user per channel (`<user id>_<channel id>`; a DM is its own channel). A
  thread and the channel around it share the conversation, so a follow-up keeps its context
  wherever the learner writes it; one conversation per thread would also split a DM into one
  conversation per top-level message, since each has its own `ts`.
- Threads: the reply goes to the thread when the learner wrote in one (`thread_ts`), and to the top
  level otherwise, so a DM reads as a chat and a channel's threads stay where they are.
- Deliveries: each event is answered once. Slack redelivers an event (same `event_id`, with
  `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`) when it thinks the first delivery failed, for any
  reason; Rasa's default only skips `http_timeout` retries. Here every accepted event's `event_id`
  (and its message's channel+ts, since a message can arrive as two events, e.g. `app_mention` and
  `message`) goes into a bounded in-memory TTL cache, and anything already in it is acknowledged
  without a reply. A retry of an event this process never saw is answered: it is the first delivery.
- The bot never answers itself: events carrying a `bot_id`, a subtype (`bot_message`,
  `message_changed`, ...) or sent by the bot user are ignored.
- Each bot message is one Slack message (Rasa splits texts at blank lines); buttons are Block Kit
  buttons in an `actions` block under a `section`, and a click (`block_actions`) continues the
  conversation with the button's payload. A click leaves no message of its own in Slack, so the
  clicked message gets a line under its buttons saying who chose what (`chat.update`; the latest
  click replaces the line), before the answer is posted. The buttons stay: a list of roles can be
  clicked again for another role. If the update fails, the answer is still posted.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import os
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from channels.limits import limit_message, max_message_chars

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
MAX_REQUEST_AGE = (
    5 * 60
)  # seconds; Slack's recommendation against replayed requests (and SignatureVerifier's)
RATE_LIMIT_RETRIES = 2
DEDUP_TTL = 60 * 60  # seconds; Slack's last retry comes about 5 minutes after the event
DEDUP_MAX_KEYS = 10_000

# Block Kit limits (https://api.slack.com/reference/block-kit)
SECTION_TEXT_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
BUTTONS_PER_ACTIONS_BLOCK = 25
BLOCKS_PER_MESSAGE = 50

# Message subtypes written by a person; every other subtype (bot_message, message_changed,
# message_deleted, channel_join, ...) is ignored.
USER_SUBTYPES = {None, "thread_broadcast"}


class RecentKeys:
    """A bounded set of recently seen keys that forgets each key `ttl` seconds after it was added."""

    def __init__(
        self,
        ttl: float = DEDUP_TTL,
        max_keys: int = DEDUP_MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_keys = max_keys
        self.clock = clock
        self._added: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        self._expire()
        return len(self._added)

    def __contains__(self, key: object) -> bool:
        self._expire()
        return key in self._added

    def _expire(self) -> None:
        oldest_kept = self.clock() - self.ttl
        while self._added and next(iter(self._added.values())) <= oldest_kept:
            self._added.popitem(last=False)

    def check_and_add(self, keys: Iterable[str | None]) -> bool:
        """Adds the keys; returns whether any of them had been seen (within the TTL) already.

        Synchronous, so two concurrent deliveries on the event loop cannot both pass.
        """
        keys = [k for k in keys if k]
        self._expire()
        seen = any(k in self._added for k in keys)
        now = self.clock()
        for key in keys:
            self._added.pop(key, None)
            self._added[key] = now
        while len(self._added) > self.max_keys:
            self._added.popitem(last=False)
        return seen


def signature_problem(verifier: SignatureVerifier, headers: Any, body: bytes) -> str | None:
    """Why a request is not from Slack (`None` when its signature and timestamp are good)."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not timestamp.isdigit():  # SignatureVerifier would raise on it
        return "missing or malformed X-Slack-Request-Timestamp"
    if abs(verifier.clock.now() - int(timestamp)) > MAX_REQUEST_AGE:
        return "X-Slack-Request-Timestamp is more than 5 minutes from now"
    try:
        valid = verifier.is_valid(body, timestamp, signature)
    except UnicodeDecodeError:  # it signs the body as text
        valid = False
    return None if valid else "X-Slack-Signature does not match"


def slack_text_to_plain(
    text: str, bot_user_ids: Iterable[str] = (), strip_leading_mention: bool = False
) -> str:
    """What the learner typed, without the bot's `<@ID>` mention and Slack's markup."""
    for uid in bot_user_ids:
        text = re.sub(rf"<@{re.escape(uid)}(?:\|[^>]*)?>", " ", text)
    if strip_leading_mention:
        # An app mention whose payload does not say who the bot is: the leading mention is it.
        text = re.sub(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>", " ", text)
    text = re.sub(r"<((?:https?|mailto):[^>|]*)\|([^>]*)>", r"\2", text)  # <url|label> -> label
    text = re.sub(r"<((?:https?|mailto):[^>|]*)>", r"\1", text)  # <url> -> url
    text = re.sub(r"<#[CG][A-Z0-9]+\|([^>]*)>", r"#\1", text)  # <#C1|general> -> #general
    text = re.sub(r"<!(?:here|channel|everyone)(?:\|[^>]*)?>", " ", text)
    text = html.unescape(text)  # Slack escapes &, < and > as &amp; &lt; &gt;
    return re.sub(r"\s+", " ", text).strip()


def escape_mrkdwn(text: str) -> str:
    """Slack requires &, < and > escaped in message text (they start links and mentions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def in_thread(message: dict[str, Any]) -> str | None:
    """The thread a message was written in; `None` at top level (including a thread's parent)."""
    thread_ts = message.get("thread_ts")
    return thread_ts if thread_ts and thread_ts != message.get("ts") else None


def message_metadata(channel: str, thread_ts: str | None, users: list[str], **slack: Any) -> dict[str, Any]:
    """What a learner's message carries into Rasa: where to answer, and Slack's own identifiers."""
    return {
        "out_channel": channel,
        "thread_id": thread_ts,
        "users": users,
        "slack": {"channel": channel, "thread_ts": thread_ts, **slack},
    }


def conversation_id(user: str, channel: str) -> str:
    """One conversation per user per channel (a DM is a channel of its own)."""
    return f"{user}_{channel}"


def channel_of(conversation: str) -> str | None:
    """The channel of a conversation ID made by `conversation_id` (Slack IDs have no `_`)."""
    user, _, channel = conversation.partition("_")
    return channel if user and channel and "_" not in channel else None


class SlackReplies(SlackBot):
    """Posts the bot's messages through the configured Web API, in the learner's thread if any."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str = DEFAULT_API_URL,
        default_channel: str | None = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(
            token,
            base_url=api_url,
            proxy=proxy,
            retry_handlers=[
                AsyncConnectionErrorRetryHandler(),
                AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
            ],
        )
        self.default_channel = default_channel

    async def _post(self, recipient_id: str, to: str | None = None, **message: Any) -> None:
        # The channel the learner wrote in; for messages Rasa starts itself (reminders, the HTTP
        # API), the conversation's channel, else SLACK_CHANNEL.
        channel = to or self.slack_channel or channel_of(recipient_id) or self.default_channel or recipient_id
        if self.thread_id:
            message.setdefault("thread_ts", self.thread_id)
        await self.client.chat_postMessage(channel=channel, **message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        # One Slack message per bot message: Rasa's SlackBot posts each paragraph separately.
        await self._post(recipient_id, text=escape_mrkdwn(text.strip()))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._post(recipient_id, text=escape_mrkdwn(text.strip()), blocks=button_blocks(text, buttons))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        block = {"type": "image", "image_url": image, "alt_text": image}
        await self._post(recipient_id, text=image, blocks=[block])

    async def send_attachment(  # type: ignore[override]
        self, recipient_id: str, attachment: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._post(recipient_id, attachments=[attachment])

    async def show_choice(self, channel: str, message: dict[str, Any], user: str, title: str) -> None:
        """Adds "<user> chose <title>" under the clicked message's buttons."""
        await self.client.chat_update(
            channel=channel,
            ts=message["ts"],
            text=message.get("text") or title,
            blocks=with_choice(message.get("blocks") or [], user, title),
        )

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """A Slack message as given (`blocks`, `text`, ...); `channel` in it overrides the recipient."""
        message = dict(json_message)
        message.pop("as_user", None)  # classic apps only; bot tokens may not use it
        await self._post(recipient_id, to=message.pop("channel", None), **message)


CHOICE_BLOCK_ID = "rasa_choice"


def with_choice(blocks: list[dict[str, Any]], user: str, title: str) -> list[dict[str, Any]]:
    """The message's blocks with a context line saying `user` chose `title` (replacing an earlier one)."""
    line = {
        "type": "context",
        "block_id": CHOICE_BLOCK_ID,
        "elements": [{"type": "mrkdwn", "text": f"<@{user}> chose *{escape_mrkdwn(title)}*"}],
    }
    return [b for b in blocks if b.get("block_id") != CHOICE_BLOCK_ID][: BLOCKS_PER_MESSAGE - 1] + [line]


def button_blocks(text: str, buttons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A `section` with the text (split at Slack's 3,000 characters) and `actions` with the buttons."""
    blocks: list[dict[str, Any]] = []
    text = escape_mrkdwn(text.strip())
    while text:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_TEXT_LIMIT]}})
        text = text[SECTION_TEXT_LIMIT:]
    elements = [
        {
            "type": "button",
            "action_id": f"rasa_button_{i}",
            "text": {
                "type": "plain_text",
                "text": str(b.get("title", ""))[:BUTTON_TEXT_LIMIT] or " ",
                "emoji": True,
            },
            "value": str(b.get("payload", ""))[:BUTTON_VALUE_LIMIT],
        }
        for i, b in enumerate(buttons)
    ]
    for start in range(0, len(elements), BUTTONS_PER_ACTIONS_BLOCK):
        blocks.append({"type": "actions", "elements": elements[start : start + BUTTONS_PER_ACTIONS_BLOCK]})
    return blocks[:BLOCKS_PER_MESSAGE]


class SlackConnector(SlackInput):
    """Rasa's Slack input channel, signed, deduplicated and threaded (see the module docstring)."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            slack_token=credentials.get("slack_token") or "",
            slack_signing_secret=credentials.get("slack_signing_secret") or "",
            slack_channel=os.environ.get("SLACK_CHANNEL") or credentials.get("slack_channel") or None,
            api_url=os.environ.get("SLACK_API_URL") or credentials.get("slack_api_url") or DEFAULT_API_URL,
            proxy=credentials.get("proxy"),
        )

    def __init__(
        self,
        slack_token: str,
        slack_signing_secret: str,
        slack_channel: str | None = None,
        api_url: str = DEFAULT_API_URL,
        proxy: str | None = None,
        dedup: RecentKeys | None = None,
    ) -> None:
        super().__init__(
            slack_token,
            slack_channel=slack_channel,
            proxy=proxy,
            use_threads=True,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity="channel",
        )
        if not slack_token:
            raise InvalidConfigException("The Slack channel needs a bot token (SLACK_BOT_TOKEN).")
        if not slack_signing_secret.strip():
            raise InvalidConfigException("The Slack channel needs a signing secret (SLACK_SIGNING_SECRET).")
        self.verifier = SignatureVerifier(slack_signing_secret)
        self.max_chars = max_message_chars()
        if not re.match(r"^https?://[^/\s]+", api_url or ""):
            raise InvalidConfigException(f"SLACK_API_URL must be an http(s) URL, not {api_url!r}.")
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self.recent = dedup or RecentKeys()
        self._tasks: set[asyncio.Task] = set()
        logger.info("Slack channel enabled; Web API at %s", self.api_url)

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackReplies(
            self.slack_token, channel, thread_id, self.proxy, self.api_url, default_channel=self.slack_channel
        )

    # -- the webhook -----------------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = Blueprint("slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            body = request.body or b""
            problem = signature_problem(self.verifier, request.headers, body)
            if problem:
                logger.warning("Refused a Slack webhook request: %s.", problem)
                return response.text(
                    f"Not a signed Slack request: {problem}.", status=HTTPStatus.UNAUTHORIZED
                )

            content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
            try:
                if content_type == "application/x-www-form-urlencoded":
                    form = parse_qs(body.decode("utf-8"))
                    payload = json.loads(form["payload"][0])
                    return self._interaction(payload, on_new_message)
                return self._event(json.loads(body), request.headers, on_new_message)
            except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                # Signed, so from Slack (or whoever holds the secret): a payload this code does not
                # understand, worth a traceback. Neither the body nor the headers are logged.
                logger.warning(
                    "Could not read a signed Slack request (%s, %d bytes).",
                    content_type or "no content type",
                    len(body),
                    exc_info=True,
                )
                return response.text("Malformed Slack request.", status=HTTPStatus.BAD_REQUEST)

        return slack_webhook

    def _event(
        self, payload: dict[str, Any], headers: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        kind = payload.get("type")
        if kind == "url_verification":
            return response.json({"challenge": payload["challenge"]})
        if kind != "event_callback":
            return response.text("")
        event = payload.get("event") or {}
        retry = headers.get("X-Slack-Retry-Num")
        bot_ids = self._bot_user_ids(payload)
        if not self._is_question(event, bot_ids):
            return response.text("")

        channel = event.get("channel", "")
        if self.recent.check_and_add(
            [
                f"event:{payload.get('event_id')}" if payload.get("event_id") else None,
                f"message:{channel}:{event.get('ts')}" if event.get("ts") else None,
            ]
        ):
            logger.info(
                "Skipped Slack event %s: already answered (retry %s, %s).",
                payload.get("event_id"),
                retry,
                headers.get("X-Slack-Retry-Reason"),
            )
            return response.text("", headers={"X-Slack-No-Retry": "1"})

        # A bare mention (or a message without text) is answered like any message Rasa cannot use.
        text = slack_text_to_plain(
            event.get("text") or "", bot_ids, strip_leading_mention=event.get("type") == "app_mention"
        )
        user = event["user"]
        thread_ts = in_thread(event)
        metadata = message_metadata(
            channel,
            thread_ts,
            bot_ids,
            team=payload.get("team_id"),
            user=user,
            event_id=payload.get("event_id"),
        )
        text, metadata = limit_message(text, metadata, self.max_chars)
        replies = SlackReplies(self.slack_token, channel, thread_ts, self.proxy, self.api_url)
        self._dispatch(on_new_message, text, conversation_id(user, channel), replies, metadata)
        return response.text("")

    def _interaction(
        self, payload: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        if payload.get("type") not in ("block_actions", "interactive_message"):
            return response.text("")
        actions = payload.get("actions") or []
        if not actions or not self._is_interactive_message(payload):
            return response.text("")
        action = actions[0]
        text = self._get_interactive_response(action)
        if not text:  # e.g. a link button: Slack opens the URL, nothing to answer
            return response.text("")
        user = payload["user"]["id"]
        channel = (payload.get("channel") or {}).get("id") or (payload.get("container") or {}).get(
            "channel_id"
        )
        if not channel:
            return response.text("")
        if self.recent.check_and_add([f"action:{user}:{action.get('action_ts')}:{action.get('action_id')}"]):
            return response.text("")
        message = payload.get("message") or {}
        thread_ts = in_thread(message) or in_thread(
            {"thread_ts": (payload.get("container") or {}).get("thread_ts"), "ts": message.get("ts")}
        )
        metadata = message_metadata(
            channel,
            thread_ts,
            [user],
            team=(payload.get("team") or {}).get("id"),
            user=user,
            action_id=action.get("action_id"),
        )
        replies = SlackReplies(self.slack_token, channel, thread_ts, self.proxy, self.api_url)
        title = ((action.get("text") or {}).get("text") or "").strip()
        ephemeral = (payload.get("container") or {}).get("is_ephemeral")
        first = None
        if message.get("ts") and title and not ephemeral:
            first = replies.show_choice(channel, message, user, title)
        self._dispatch(on_new_message, text, conversation_id(user, channel), replies, metadata, first)
        return response.text("")

    @staticmethod
    def _bot_user_ids(payload: dict[str, Any]) -> list[str]:
        """The bot's own user ID(s), as the Events API payload names them."""
        ids = [a.get("user_id") for a in payload.get("authorizations") or [] if a.get("is_bot", True)]
        ids += payload.get("authed_users") or []
        return [i for i in ids if i]

    def _is_question(self, event: dict[str, Any], bot_ids: list[str]) -> bool:
        """A person's new message to the bot: a DM, a mention, or any message in SLACK_CHANNEL."""
        if event.get("bot_id") or event.get("subtype") not in USER_SUBTYPES:
            return False
        user = event.get("user")
        if not user or user in bot_ids or not event.get("channel"):
            return False
        if event.get("type") == "app_mention":
            return True
        if event.get("type") != "message":
            return False
        return event.get("channel_type") == "im" or (
            bool(self.slack_channel) and event.get("channel") == self.slack_channel
        )

    def _dispatch(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str,
        replies: SlackReplies,
        metadata: dict[str, Any],
        first: Awaitable[Any] | None = None,
    ) -> None:
        """Hands the message to Rasa in the background (Slack wants its 200 within 3 seconds), after
        `first` (a Slack call whose failure must not cost the answer)."""
        message = UserMessage(text, replies, sender_id, input_channel=self.name(), metadata=metadata)

        async def answer() -> None:
            if first is not None:
                try:
                    await first
                except Exception as error:  # e.g. the message is too old to edit: answer anyway
                    logger.warning(
                        "Could not mark the clicked Slack button: %s: %s", type(error).__name__, error
                    )
            await on_new_message(message)

        task = asyncio.create_task(answer())
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            logger.error(
                "Answering a Slack message failed: %s: %s", type(error).__name__, error, exc_info=error
            )
