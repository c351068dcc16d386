"""The conversation list: conversations with a learner message matching the filters, newest first,
a page at a time. The database groups the matching messages by conversation and pages them; the
figures shown for each (its messages, fallbacks, dates) are then counted for that page's only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql import Select

from review.events import (
    EVENTS,
    Filters,
    conversation_channels,
    got_fallback,
    has_events,
    learner_messages,
    text_of,
)

PAGE_SIZE = 25
EXPORT_BATCH = 500


@dataclass(frozen=True)
class ConversationRow:
    sender_id: str
    event_id: int  # its first matching learner message, where the viewer opens it
    snippet: str  # that message's text
    channel: str
    first: float  # its first and last learner messages, matching or not
    last: float
    messages: int
    fallbacks: int


@dataclass(frozen=True)
class ConversationPage:
    rows: list[ConversationRow]
    total: int  # conversations matching, on every page
    page: int
    pages: int


def conversation_page(
    connection: Connection, filters: Filters, page: int = 1, size: int = PAGE_SIZE
) -> ConversationPage:
    """Page `page` (from 1) of the matching conversations, newest first."""
    if not has_events(connection):
        return ConversationPage([], 0, 1, 1)
    matching = _matching(connection, filters)
    total = connection.execute(select(func.count()).select_from(matching.subquery())).scalar_one()
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    found = connection.execute(matching.limit(size).offset((page - 1) * size)).all()
    return ConversationPage(_rows(connection, found), total, page, pages)


def all_conversations(connection: Connection, filters: Filters) -> Iterator[ConversationRow]:
    """Every matching conversation, newest first (for the CSV export), read in batches."""
    if not has_events(connection):
        return
    found = connection.execute(_matching(connection, filters)).all()
    for start in range(0, len(found), EXPORT_BATCH):
        yield from _rows(connection, found[start : start + EXPORT_BATCH])


def _matching(connection: Connection, filters: Filters) -> Select:
    """(sender, first matching event id, latest matching time) per conversation, newest first."""
    messages = learner_messages(connection.dialect.name, filters).subquery()
    latest = func.max(messages.c.timestamp)
    return (
        select(messages.c.sender_id, func.min(messages.c.id), latest)
        .group_by(messages.c.sender_id)
        .order_by(latest.desc(), messages.c.sender_id)
    )


def _rows(connection: Connection, found: Sequence[Row]) -> list[ConversationRow]:
    """The list's rows for these (sender, event id, latest) triples, in their order."""
    if not found:
        return []
    dialect = connection.dialect.name
    senders = [sender for sender, _, _ in found]
    fallback = case((got_fallback(), 1), else_=0).label("fallback")
    messages = (
        learner_messages(dialect, Filters(), fallback).where(EVENTS.c.sender_id.in_(senders)).subquery()
    )
    channels = conversation_channels(dialect, senders)
    details = (
        select(
            messages.c.sender_id,
            func.max(channels.c.channel),
            func.min(messages.c.timestamp),
            func.max(messages.c.timestamp),
            func.count(),
            func.coalesce(func.sum(messages.c.fallback), 0),
        )
        .join_from(messages, channels, messages.c.sender_id == channels.c.sender_id)
        .group_by(messages.c.sender_id)
    )
    about = {sender: rest for sender, *rest in connection.execute(details)}
    first_matches = [event_id for _, event_id, _ in found]
    texts = select(EVENTS.c.id, text_of(dialect)).where(EVENTS.c.id.in_(first_matches))
    snippets: dict[int, str] = {event_id: text for event_id, text in connection.execute(texts)}
    return [
        ConversationRow(sender, event_id, snippets.get(event_id, ""), *about[sender])
        for sender, event_id, _ in found
    ]
