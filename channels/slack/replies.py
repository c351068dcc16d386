"""The bot's answers on Slack: Rasa's SlackBot, posting through the configured Web API.

Every Web API call (the posts, and the `chat.update` marking a clicked button) goes through one
`AsyncWebClient` whose retry handlers retry a call answered 429 (rate limited) after Slack's
`Retry-After`, and one that lost its connection once. Each bot message is one Slack message (Rasa's
SlackBot posts each paragraph separately), in the learner's thread if they wrote in one.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.slack import SlackBot
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from channels.slack.conversations import channel_of
from channels.slack.markup import button_blocks, escape_mrkdwn, with_choice

DEFAULT_API_URL = "https://slack.com/api/"
RATE_LIMIT_RETRIES = 2


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
