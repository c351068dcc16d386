"""What to add: the questions that got the fallback or out-of-scope reply, and the role, skill and
application names learners used that the knowledge store does not know, with counts, last dates and
where each happened. One query for `make unanswered` (tools/unanswered.py) and the review page.

The database picks the messages (the fallback ones; for names, the period's learner messages with
their text and entities only); names are told apart from known ones here, by the same rules the
actions use to read them (actions.context) and the store's own resolver.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.engine import Connection

from actions.context import merged_values
from actions.store.queries import Knowledge
from actions.unnamed_roles import named_role_text
from review.events import EVENTS, Filters, has_events, json_text, learner_messages, text_of

ENTITY_KINDS = ("role", "skill", "application")


@dataclass(frozen=True)
class Occurrence:
    """One learner message: which event, in which conversation, when."""

    event_id: int
    sender_id: str
    timestamp: float


@dataclass
class Tally:
    """Where something was asked, oldest first."""

    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def latest(self) -> float:
        return max(o.timestamp for o in self.occurrences)

    def conversations(self, limit: int) -> list[Occurrence]:
        """The latest occurrence in each conversation, newest conversation first, at most `limit`."""
        latest: dict[str, Occurrence] = {}
        for occurrence in self.occurrences:
            latest[occurrence.sender_id] = occurrence
        return sorted(latest.values(), key=lambda o: -o.timestamp)[:limit]


@dataclass
class WhatToAdd:
    questions: dict[str, Tally] = field(default_factory=dict)  # by normalised text
    names: dict[tuple[str, str], Tally] = field(default_factory=dict)  # by (kind, lowercased name)


def ranked(tallies: dict, limit: int | None = None) -> list:  # type: ignore[type-arg]
    """(key, tally) pairs, most asked first, then most recent."""
    items = sorted(tallies.items(), key=lambda kv: (-kv[1].count, -kv[1].latest))
    return items if limit is None else items[:limit]


def normalised_question(text: str) -> str:
    return " ".join(text.lower().split()) or "(empty message)"


def what_to_add(
    connection: Connection, kb: Knowledge, filters: Filters, named: NamesByMessage | None = None
) -> WhatToAdd:
    """Unanswered questions and unknown names among the learner messages `filters` selects; `named`
    keeps what was read of each message for the next call."""
    if not has_events(connection):
        return WhatToAdd()
    named = named or NamesByMessage()
    return WhatToAdd(unanswered_questions(connection, filters), unknown_names(connection, kb, filters, named))


def unanswered_questions(connection: Connection, filters: Filters) -> dict[str, Tally]:
    """The fallback messages' texts (lowercased, spaces collapsed), with where each was asked."""
    questions: dict[str, Tally] = {}
    text = text_of(connection.dialect.name).label("text")
    fallbacks = learner_messages(connection.dialect.name, replace(filters, fallback=True), text).subquery()
    asked = select(fallbacks.c.id, fallbacks.c.sender_id, fallbacks.c.timestamp, fallbacks.c.text)
    for event_id, sender, timestamp, said in connection.execute(asked.order_by(fallbacks.c.id)):
        if not said.startswith("/"):  # a button press, not something the learner typed
            questions.setdefault(normalised_question(said), Tally()).occurrences.append(
                Occurrence(event_id, sender, timestamp or 0.0)
            )
    return questions


def unknown_names(
    connection: Connection, kb: Knowledge, filters: Filters, named: NamesByMessage
) -> dict[tuple[str, str], Tally]:
    """The names the store does not know, by (kind, lowercased name), with where each was used."""
    names: dict[tuple[str, str], Tally] = {}
    messages = learner_messages(connection.dialect.name, filters).subquery()
    query = select(messages.c.id, messages.c.sender_id, messages.c.timestamp).order_by(messages.c.id)
    rows = [(event_id, sender, timestamp or 0.0) for event_id, sender, timestamp in connection.execute(query)]
    known = KnownNames(kb)
    used_names = named(connection, [(event_id, timestamp) for event_id, _, timestamp in rows])
    for (event_id, sender, timestamp), used in zip(rows, used_names, strict=True):
        for kind, name in used:
            if not known(kind, name):
                names.setdefault((kind, name.lower()), Tally()).occurrences.append(
                    Occurrence(event_id, sender, timestamp)
                )
    return names


class NamesByMessage:
    """The names each learner message uses, read and parsed once per message.

    An event never changes, so each call reads only the learner messages stored since the last one
    (all of them the first time). Keyed by event id and time: a store emptied and filled again, its ids
    used anew, is read anew.
    """

    def __init__(self) -> None:
        self._names: dict[tuple[int, float], tuple[tuple[str, str], ...]] = {}
        self._read_up_to = 0  # the highest event id read
        self._lock = threading.Lock()

    def __call__(
        self, connection: Connection, messages: list[tuple[int, float]]
    ) -> list[tuple[tuple[str, str], ...]]:
        """The names used in each of these (event id, time) messages."""
        with self._lock:
            self._read_new(connection)
            if any(message not in self._names for message in messages):
                self._names, self._read_up_to = {}, 0
                self._read_new(connection)
            return [self._names.get(message, ()) for message in messages]

    def read_new(self, connection: Connection) -> None:
        """Reads the learner messages stored since the last call (at start: all of them)."""
        with self._lock:
            self._read_new(connection)

    def _read_new(self, connection: Connection) -> None:
        dialect = connection.dialect.name
        entities = json_text(dialect, "parse_data", "entities")
        query = (
            select(EVENTS.c.id, EVENTS.c.timestamp, text_of(dialect), entities)
            .where(EVENTS.c.type_name == "user", EVENTS.c.id > self._read_up_to)
            .order_by(EVENTS.c.id)
        )
        for event_id, timestamp, said, listed in connection.execute(query):
            used = [] if said.startswith("/") else names_in(said, json.loads(listed or "[]"))
            self._names[(event_id, timestamp or 0.0)] = tuple(used)
            self._read_up_to = event_id


def names_in(text: str, entities: list[dict]) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """The (kind, name) pairs a message names, as the actions read them."""
    kinds = {e.get("entity") for e in entities}
    found = []
    for kind in ENTITY_KINDS:
        values = merged_values(text, entities, kind) if kind in kinds else []
        if kind == "role" and not values:
            values = [v for v in [named_role_text(text)] if v]
        found += [(kind, value) for value in values]
    return found


class KnownNames:
    """Whether the store knows a name, asked of it once per distinct name (its resolver is fuzzy)."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self.answers: dict[tuple[str, str], bool] = {}

    def __call__(self, kind: str, name: str) -> bool:
        key = (kind, name)
        if key not in self.answers:
            self.answers[key] = self.kb.resolve(kind, name) is not None
        return self.answers[key]
