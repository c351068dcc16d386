"""`make unanswered`: what learners asked that the bot could not answer, for content owners.

Reads the Rasa tracker store (the SQL `events` table Rasa writes) and lists, with counts and the
latest date:
- questions that got the fallback or out-of-scope reply (what to add to training data or content);
- role, skill and application names learners used that the knowledge store does not know (what to
  add to data/knowledge, e.g. a new role or alias).

Usage: python -m tools.unanswered [--tracker-db FILE] [--days N] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, create_engine, select
from sqlalchemy.exc import NoSuchTableError

from actions.context import merged_values, named_role_text
from actions.store.queries import Knowledge, knowledge
from launcher import settings
from launcher.errors import report_failure

FALLBACK_INTENTS = {"nlu_fallback", "out_of_scope"}
FALLBACK_ACTIONS = {"utter_fallback", "utter_out_of_scope", "utter_default", "action_default_fallback"}
ENTITY_KINDS = ("role", "skill", "application")
SHOWN_LENGTH = 200  # characters of a learner's text the report shows; longer ones end in "…"
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (ESC included: no escape sequence reaches the terminal) and the bidirectional
overrides that can make a line display as something else; emoji and every script pass."""


@dataclass
class Tally:
    """How often something was asked, and when last."""

    count: int = 0
    latest: float = 0.0

    def add(self, timestamp: float) -> None:
        self.count += 1
        self.latest = max(self.latest, timestamp)


@dataclass(frozen=True)
class UserTurn:
    sender: str
    timestamp: float
    text: str
    intent: str | None
    entities: tuple[dict[str, Any], ...]


def read_turns(tracker_url: str, since: float = 0.0) -> Iterator[tuple[UserTurn, list[str]]]:
    """Each user message with the actions the bot ran in reply, oldest first."""
    engine = create_engine(tracker_url, future=True)
    try:
        events = Table("events", MetaData(), autoload_with=engine)
    except NoSuchTableError:  # the server never saved a conversation; an unreadable file raises
        return
    query = (
        select(
            events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.action_name, events.c.data
        )
        .where(events.c.type_name.in_(("user", "action")))
        .where(events.c.timestamp >= since)
        .order_by(events.c.sender_id, events.c.id)
    )
    current: UserTurn | None = None
    replies: list[str] = []
    with engine.connect() as connection:
        for sender, kind, timestamp, action, data in connection.execute(query):
            if kind == "user" or (current is not None and current.sender != sender):
                if current is not None:
                    yield current, replies
                current, replies = None, []
            if kind == "user":
                current = _user_turn(sender, timestamp or 0.0, data)
            elif current is not None and action != "action_listen":
                replies.append(action)
    if current is not None:
        yield current, replies
    engine.dispose()


def _user_turn(sender: str, timestamp: float, data: str | None) -> UserTurn:
    event = json.loads(data or "{}")
    parse = event.get("parse_data") or {}
    intent = (parse.get("intent") or {}).get("name")
    entities = tuple(parse.get("entities") or [])
    return UserTurn(sender, timestamp, event.get("text") or "", intent, entities)


def summarise(
    turns: Iterable[tuple[UserTurn, list[str]]], kb: Knowledge
) -> tuple[dict[str, Tally], dict[tuple[str, str], Tally]]:
    """Unanswered questions by text, and unknown names by (kind, name)."""
    questions: dict[str, Tally] = {}
    names: dict[tuple[str, str], Tally] = {}
    for turn, replies in turns:
        if turn.text.startswith("/"):
            continue  # a button press, not something the learner typed
        if turn.intent in FALLBACK_INTENTS or FALLBACK_ACTIONS & set(replies):
            question = " ".join(turn.text.lower().split()) or "(empty message)"
            questions.setdefault(question, Tally()).add(turn.timestamp)
        for kind in ENTITY_KINDS:
            values = merged_values(turn.text, turn.entities, kind)
            if kind == "role" and not values:
                values = [v for v in [named_role_text(turn.text)] if v]
            for value in values:
                if kb.resolve(kind, value) is None:
                    names.setdefault((kind, value.lower()), Tally()).add(turn.timestamp)
    return questions, names


def shown(text: str) -> str:
    """A learner's text made safe for the operator's terminal: whitespace runs as one space, no control
    characters, at most SHOWN_LENGTH characters."""
    text = UNPRINTABLE.sub("", " ".join(text.split()))
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def _when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def report(questions: dict[str, Tally], names: dict[tuple[str, str], Tally], limit: int) -> str:
    def ranked(items: dict) -> list:  # type: ignore[type-arg]
        return sorted(items.items(), key=lambda kv: (-kv[1].count, -kv[1].latest))[:limit]

    lines = ["Questions that got the fallback or out-of-scope reply:"]
    lines += [f"  {t.count:>4}  {_when(t.latest)}  {shown(text)}" for text, t in ranked(questions)] or [
        "  none"
    ]
    lines.append("Names learners used that the knowledge store does not know:")
    lines += [
        f"  {t.count:>4}  {_when(t.latest)}  {kind}: {shown(name)}" for (kind, name), t in ranked(names)
    ] or ["  none"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracker-db", type=Path, default=settings.tracker_db())
    parser.add_argument("--days", type=float, default=0, help="only the last N days (0: all)")
    parser.add_argument("--limit", type=int, default=50)
    args = parser.parse_args(argv)
    if not args.tracker_db.exists():
        print(f"No conversations yet ({args.tracker_db} does not exist). Run the bot first.")
        return 0
    since = (dt.datetime.now() - dt.timedelta(days=args.days)).timestamp() if args.days else 0.0
    try:
        with knowledge() as kb:
            questions, names = summarise(read_turns(f"sqlite:///{args.tracker_db}", since), kb)
    except Exception as error:  # one line for the operator, the traceback in unanswered.log
        report_failure(error, "tools.unanswered", settings.LOG_DIR / "unanswered.log")
        return 1
    print(report(questions, names, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
