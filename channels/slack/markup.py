"""Slack's message markup, read from learners and written for them.

Read: what the learner typed, without the bot's `<@ID>` mention (a bare mention leaves an empty
message, answered like any message Rasa cannot use), links, channel references and escapes.
Written: text escaped as Slack requires, and buttons as Block Kit buttons in an `actions` block
under a `section` (Rasa's own Slack output falls back to text for more than a few). A click leaves
no message of its own in Slack, so `with_choice` adds a line under the clicked message's buttons
saying who chose what; the buttons stay, so a list of roles can be clicked again for another role.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

# Block Kit limits (https://api.slack.com/reference/block-kit)
SECTION_TEXT_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
BUTTONS_PER_ACTIONS_BLOCK = 25
BLOCKS_PER_MESSAGE = 50

CHOICE_BLOCK_ID = "rasa_choice"


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


def with_choice(blocks: list[dict[str, Any]], user: str, title: str) -> list[dict[str, Any]]:
    """The message's blocks with a context line saying `user` chose `title` (replacing an earlier one)."""
    line = {
        "type": "context",
        "block_id": CHOICE_BLOCK_ID,
        "elements": [{"type": "mrkdwn", "text": f"<@{user}> chose *{escape_mrkdwn(title)}*"}],
    }
    return [b for b in blocks if b.get("block_id") != CHOICE_BLOCK_ID][: BLOCKS_PER_MESSAGE - 1] + [line]
