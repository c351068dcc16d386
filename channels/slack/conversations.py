"""Which conversation and thread a Slack message belongs to, and where its answer goes.

One conversation per user per channel (`<user id>_<channel id>`; a DM is its own channel). A thread
and the channel around it share the conversation, so a follow-up keeps its context wherever the
learner writes it; one conversation per thread would also split a DM into one conversation per
top-level message, since each has its own `ts`. The reply goes to the thread when the learner wrote
in one (`thread_ts`), and to the top level otherwise, so a DM reads as a chat and a channel's threads
stay where they are.
"""

from __future__ import annotations

from typing import Any


def conversation_id(user: str, channel: str) -> str:
    """One conversation per user per channel (a DM is a channel of its own)."""
    return f"{user}_{channel}"


def channel_of(conversation: str) -> str | None:
    """The channel of a conversation ID made by `conversation_id` (Slack IDs have no `_`)."""
    user, _, channel = conversation.partition("_")
    return channel if user and channel and "_" not in channel else None


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
