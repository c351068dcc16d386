"""The tracker store as the review reads it: Rasa's `events` table, read-only, on SQLite and PostgreSQL.

SQLTrackerStore (rasa/core/tracker_store.py) writes one row per event: `sender_id` (indexed),
`type_name`, `timestamp`, `intent_name` (user events), `action_name` (action events) and `data`, the
event as JSON text. The queries built here filter and aggregate in the database; only the conversation
viewer loads a tracker, one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy import (
    JSON,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    cast,
    create_engine,
    func,
    inspect,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CTE

EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)
"""The columns of SQLTrackerStore.SQLEvent, declared here so that reading needs no Rasa import."""

FALLBACK_INTENTS = ("nlu_fallback", "out_of_scope")
FALLBACK_ACTIONS = ("utter_fallback", "utter_out_of_scope", "utter_default", "action_default_fallback")
SUPPORTED = ("sqlite", "postgresql")
INDEX_NAME = "review_events_by_type"


class UnsupportedStore(ValueError):
    """The tracker store is not one the review can read (not SQL, or a database it does not speak)."""


def read_only_engine(url: str | URL) -> Engine:
    """An engine that can only read: a SQLite file opened with mode=ro (a missing file is an error,
    not a new database), a PostgreSQL connection whose transactions are read-only."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise UnsupportedStore("an in-memory SQLite tracker store keeps nothing to review")
        path = quote(os.path.abspath(parsed.database))
        read_only = URL.create("sqlite", database=f"file:{path}", query={"mode": "ro", "uri": "true"})
        return create_engine(read_only, future=True, poolclass=NullPool)
    if backend == "postgresql":
        options = {"options": "-c default_transaction_read_only=on"}
        return create_engine(parsed, future=True, pool_pre_ping=True, pool_size=2, connect_args=options)
    raise UnsupportedStore(f"the review reads {' or '.join(SUPPORTED)} tracker stores, not {backend}")


def has_events(connection: Connection) -> bool:
    """Whether Rasa has created its table yet (it does when the server first starts)."""
    return inspect(connection).has_table(EVENTS.name)


@dataclass(frozen=True)
class Filters:
    """Which learner messages to look at. Every condition applies to the same message."""

    since: float | None = None  # timestamps, `until` exclusive
    until: float | None = None
    channel: str | None = None
    text: str | None = None  # contained in the message, ignoring (ASCII) case
    fallback: bool = False  # only messages that got the fallback or out-of-scope reply

    def for_overview(self) -> Filters:
        """The period and channel only: the charts count every message in them."""
        return Filters(since=self.since, until=self.until, channel=self.channel)


def json_text(dialect: str, *path: str) -> ColumnElement[str]:
    """A value inside an event's JSON, as text (JSON text for an object or a list).

    A NUL a learner sent (JSON `\\u0000`) is read as U+FFFD on every database: PostgreSQL's text
    cannot hold it and refuses the whole query otherwise.
    """
    data = func.replace(EVENTS.c.data, "\\u0000", "\\ufffd")
    document = cast(data, JSON) if dialect == "postgresql" else type_coerce(data, JSON)
    return document[path if len(path) > 1 else path[0]].as_string()


def utc_day(dialect: str) -> ColumnElement[str]:
    """The event's date in UTC, as YYYY-MM-DD."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", func.to_timestamp(EVENTS.c.timestamp)), "YYYY-MM-DD")
    return func.strftime("%Y-%m-%d", EVENTS.c.timestamp, "unixepoch")


def conversation_channels(dialect: str, senders: list[str] | None = None) -> CTE:
    """Each conversation's channel (`rest`, `web`, `slack`, ... as Rasa records it): its first learner
    message's. Every channel names its senders its own way, so a conversation stays on one channel,
    and one message's JSON per conversation is read instead of every message's."""
    firsts = select(func.min(EVENTS.c.id)).where(EVENTS.c.type_name == "user")
    if senders is not None:
        firsts = firsts.where(EVENTS.c.sender_id.in_(senders))
    channel = func.coalesce(json_text(dialect, "input_channel"), "").label("channel")
    found = select(EVENTS.c.sender_id, channel).where(EVENTS.c.id.in_(firsts.group_by(EVENTS.c.sender_id)))
    return found.cte("conversations").prefix_with("MATERIALIZED")


def text_of(dialect: str) -> ColumnElement[str]:
    return func.coalesce(json_text(dialect, "text"), "")


def got_fallback() -> ColumnElement[bool]:
    """Whether a user event got the fallback or out-of-scope reply: its intent says so, or a fallback
    action answered it (the last user event of the same conversation before that action)."""
    reply, asked = EVENTS.alias("reply"), EVENTS.alias("asked")
    answered = (
        select(func.max(asked.c.id))
        .where(asked.c.sender_id == reply.c.sender_id, asked.c.type_name == "user", asked.c.id < reply.c.id)
        .scalar_subquery()
    )
    fallback_answered = select(answered).where(
        reply.c.type_name == "action", reply.c.action_name.in_(FALLBACK_ACTIONS)
    )
    return or_(EVENTS.c.intent_name.in_(FALLBACK_INTENTS), EVENTS.c.id.in_(fallback_answered))


def learner_messages(
    dialect: str, filters: Filters, *extra: ColumnElement[Any], with_channel: bool = False
) -> Select:
    """The user events `filters` asks for: their id, sender_id, timestamp and intent_name, `extra`,
    and with `with_channel` their conversation's channel."""
    columns: list[ColumnElement[Any]] = [
        EVENTS.c.id,
        EVENTS.c.sender_id,
        EVENTS.c.timestamp,
        EVENTS.c.intent_name,
    ]
    conditions: list[ColumnElement[bool]] = [EVENTS.c.type_name == "user"]
    if filters.since is not None:
        conditions.append(EVENTS.c.timestamp >= filters.since)
    if filters.until is not None:
        conditions.append(EVENTS.c.timestamp < filters.until)
    if filters.text:
        wanted = filters.text.lower()
        conditions.append(func.lower(text_of(dialect)).contains(wanted, autoescape=True))
    if filters.fallback:
        conditions.append(got_fallback())
    query = select(*columns, *extra)
    if with_channel or filters.channel:
        channels = conversation_channels(dialect)
        query = query.join_from(EVENTS, channels, EVENTS.c.sender_id == channels.c.sender_id)
        query = query.add_columns(channels.c.channel) if with_channel else query
        if filters.channel:
            conditions.append(channels.c.channel == filters.channel)
    return query.where(and_(*conditions))


def ensure_index(engine: Engine) -> None:
    """Adds the review's index to Rasa's table unless it is there (Rasa indexes `sender_id` only).

    It covers what the review counts (type, conversation, time, intent, action) so that those counts
    read the index alone, and finds the learner message an action answered (the conversation's last
    before it). On PostgreSQL it is built without blocking the bot's writes.
    """
    columns = "type_name, sender_id, id, timestamp, intent_name, action_name"
    if engine.dialect.name == "postgresql":
        statement = f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX_NAME} ON events ({columns})"
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(statement)
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON events ({columns})")
