"""`SlackConnector`: the webhook where Slack delivers events and button clicks, and Rasa hears them.

- Every request's signature is checked first (`signing`): 401 before the body is parsed. A signed
  request the connector cannot read is answered 400 and logged with its traceback.
- Questions are a person's new message to the bot: a DM, a mention, or any message in
  `SLACK_CHANNEL`. The bot never answers itself: events carrying a `bot_id`, a subtype
  (`bot_message`, `message_changed`, ...) or sent by the bot user are ignored.
- Each accepted event's `event_id`, and its message's channel+ts (a message can arrive as two events,
  e.g. `app_mention` and `message`), go into `duplicates.RecentKeys`; anything seen is acknowledged
  without a reply.
- A message longer than `MAX_MESSAGE_CHARS` is answered with `utter_message_too_long`
  (channels/limits.py).
- A button click (`block_actions`) continues the conversation with the button's payload, after the
  clicked message is marked with who chose what (`replies.SlackReplies.show_choice`); if the mark
  fails, the answer is still posted.
- Rasa answers in the background: Slack wants its 200 within 3 seconds.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from collections.abc import Awaitable, Callable, Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.signature import Clock, SignatureVerifier

from channels.limits import limit_message, max_message_chars
from channels.slack.conversations import conversation_id, in_thread, message_metadata
from channels.slack.duplicates import RecentKeys
from channels.slack.markup import slack_text_to_plain
from channels.slack.replies import DEFAULT_API_URL, SlackReplies
from channels.slack.signing import signature_problem

logger = logging.getLogger(__name__)

# Message subtypes written by a person; every other subtype (bot_message, message_changed,
# message_deleted, channel_join, ...) is ignored.
USER_SUBTYPES = {None, "thread_broadcast"}

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


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
        clock: Clock | None = None,
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
        self.verifier = SignatureVerifier(slack_signing_secret, clock=clock or Clock())
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

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
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
        self, payload: dict[str, Any], headers: Mapping[str, str], on_new_message: OnNewMessage
    ) -> HTTPResponse:
        kind = payload.get("type")
        if kind == "url_verification":
            return response.json({"challenge": payload["challenge"]})
        if kind != "event_callback":
            return response.text("")
        event = payload.get("event") or {}
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
                headers.get("X-Slack-Retry-Num"),
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

    def _interaction(self, payload: dict[str, Any], on_new_message: OnNewMessage) -> HTTPResponse:
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
        container = payload.get("container") or {}
        channel = (payload.get("channel") or {}).get("id") or container.get("channel_id")
        if not channel:
            return response.text("")
        if self.recent.check_and_add([f"action:{user}:{action.get('action_ts')}:{action.get('action_id')}"]):
            return response.text("")
        message = payload.get("message") or {}
        thread_ts = in_thread(message) or in_thread(
            {"thread_ts": container.get("thread_ts"), "ts": message.get("ts")}
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
        first = None
        if message.get("ts") and title and not container.get("is_ephemeral"):
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
        on_new_message: OnNewMessage,
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
