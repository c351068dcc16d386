"""At a glance: conversations and messages per day and per channel, the share of messages that got the
fallback or out-of-scope reply, the most asked intents. Three aggregate queries over learner messages.

A conversation is a sender id; each channel names its senders in its own way, so a conversation is
counted under one channel, and the conversations of a day add up over channels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from review.events import Filters, got_fallback, has_events, learner_messages, utc_day

TOP_INTENTS = 10


@dataclass
class Counts:
    conversations: int = 0
    messages: int = 0
    fallbacks: int = 0

    def add(self, other: Counts) -> None:
        self.conversations += other.conversations
        self.messages += other.messages
        self.fallbacks += other.fallbacks

    @property
    def fallback_share(self) -> float:
        return self.fallbacks / self.messages if self.messages else 0.0


@dataclass
class Overview:
    days: dict[str, Counts] = field(default_factory=dict)  # by UTC date, oldest first
    day_channels: dict[tuple[str, str], Counts] = field(default_factory=dict)
    channels: dict[str, Counts] = field(default_factory=dict)  # busiest first
    intents: list[tuple[str, int]] = field(default_factory=list)  # most asked first
    total: Counts = field(default_factory=Counts)


def overview(connection: Connection, filters: Filters) -> Overview:
    """The charts' figures for the learner messages in `filters`' period and channel."""
    found = Overview()
    if not has_events(connection):
        return found
    dialect = connection.dialect.name
    day, fallback = utc_day(dialect).label("day"), case((got_fallback(), 1), else_=0).label("fallback")
    messages = learner_messages(dialect, filters.for_overview(), day, fallback, with_channel=True).subquery()
    counts = (
        func.count(func.distinct(messages.c.sender_id)),
        func.count(),
        func.coalesce(func.sum(messages.c.fallback), 0),
    )
    by_day = select(messages.c.day, messages.c.channel, *counts).group_by(messages.c.day, messages.c.channel)
    for day, channel, *row in connection.execute(by_day.order_by(messages.c.day, messages.c.channel)):
        found.day_channels[(day, channel)] = Counts(*row)
        found.days.setdefault(day, Counts()).add(Counts(*row))
    by_channel = select(messages.c.channel, *counts).group_by(messages.c.channel)
    for channel, *row in connection.execute(by_channel.order_by(func.count().desc(), messages.c.channel)):
        found.channels[channel] = Counts(*row)
        found.total.add(Counts(*row))
    asked = learner_messages(dialect, filters.for_overview()).subquery()
    intent = func.coalesce(asked.c.intent_name, "").label("intent")
    intents = select(intent, func.count()).group_by(intent).order_by(func.count().desc(), intent)
    found.intents = [(name, count) for name, count in connection.execute(intents.limit(TOP_INTENTS))]
    return found
