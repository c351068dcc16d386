"""One conversation as the viewer shows it: each learner message with its intent, confidence and
entities, and what answered it (the actions that ran and what the bot said)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from review.events import EVENTS, FALLBACK_ACTIONS, FALLBACK_INTENTS, has_events

MAX_EVENTS = 3000
"""A longer conversation is shown up to here, and says so."""
SHOWN_TYPES = ("user", "action", "bot", "session_started")
SILENT_ACTIONS = ("action_listen", "action_session_start")


@dataclass
class Reply:
    """An action the bot ran after the message, and what it said."""

    action: str
    policy: str = ""
    confidence: float | None = None
    said: list[str] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)


@dataclass
class LearnerMessage:
    event_id: int
    timestamp: float
    text: str
    intent: str
    confidence: float | None
    entities: list[tuple[str, str]]


@dataclass
class Turn:
    """A learner message (None before the first) and the bot's replies to it."""

    message: LearnerMessage | None
    replies: list[Reply] = field(default_factory=list)
    new_session: bool = False

    @property
    def fallback(self) -> bool:
        intent = self.message.intent if self.message else ""
        return intent in FALLBACK_INTENTS or any(r.action in FALLBACK_ACTIONS for r in self.replies)


@dataclass
class Transcript:
    sender_id: str
    channel: str
    turns: list[Turn]
    truncated: bool


def transcript(connection: Connection, event_id: int) -> Transcript | None:
    """The conversation holding event `event_id`, oldest first; None if there is no such event."""
    if not has_events(connection):
        return None
    sender = connection.execute(select(EVENTS.c.sender_id).where(EVENTS.c.id == event_id)).scalar()
    if sender is None:
        return None
    rows = connection.execute(
        select(EVENTS.c.id, EVENTS.c.type_name, EVENTS.c.data)
        .where(EVENTS.c.sender_id == sender, EVENTS.c.type_name.in_(SHOWN_TYPES))
        .order_by(EVENTS.c.id)
        .limit(MAX_EVENTS + 1)
    ).all()
    turns: list[Turn] = [Turn(None)]
    channel = ""
    new_session = False
    for row_id, kind, data in rows[:MAX_EVENTS]:
        event: dict[str, Any] = json.loads(data or "{}")
        if kind == "session_started":
            new_session = True
        elif kind == "user":
            channel = channel or str(event.get("input_channel") or "")
            turns.append(Turn(_message(row_id, event), new_session=new_session))
            new_session = False
        elif kind == "action" and event.get("name") not in SILENT_ACTIONS:
            turns[-1].replies.append(_reply(event))
        elif kind == "bot":
            _said(turns[-1], event)
    shown = [t for t in turns if t.message is not None or t.replies]
    return Transcript(sender, channel, shown, len(rows) > MAX_EVENTS)


def _message(event_id: int, event: dict[str, Any]) -> LearnerMessage:
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    entities = [(str(e.get("entity", "")), str(e.get("value", ""))) for e in parse.get("entities") or []]
    return LearnerMessage(
        event_id,
        float(event.get("timestamp") or 0.0),
        str(event.get("text") or ""),
        str(intent.get("name") or ""),
        intent.get("confidence"),
        list(dict.fromkeys(entities)),  # the same entity from several extractors, once
    )


def _reply(event: dict[str, Any]) -> Reply:
    return Reply(str(event.get("name") or ""), str(event.get("policy") or ""), event.get("confidence"))


def _said(turn: Turn, event: dict[str, Any]) -> None:
    """Adds a bot message to the turn's last reply (an action sends what it says after it runs)."""
    if not turn.replies:
        turn.replies.append(Reply(""))
    reply = turn.replies[-1]
    if event.get("text"):
        reply.said.append(str(event["text"]))
    buttons = (event.get("data") or {}).get("buttons") or []
    reply.buttons += [str(b.get("title", "")) for b in buttons if isinstance(b, dict)]
