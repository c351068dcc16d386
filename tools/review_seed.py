"""Synthetic conversations for the review page's benchmark and README screenshot, stored exactly as
Rasa's SQLTrackerStore stores events (its own table and event classes, the same columns filled).

Learners say the NLU training examples (with their intents and entities), about one in ten messages
gets the fallback, and some name a role the knowledge store does not know. Conversations of 1 to 8
turns are spread over the last 30 days, on the web chat (60%), Slack (20%) and REST (20%). The same
seed gives the same store.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    Event,
    SessionStarted,
    UserUttered,
)
from rasa.shared.nlu.training_data.loading import load_data
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
CHANNELS = (("web", 0.6), ("slack", 0.2), ("rest", 0.2))
FALLBACK_TEXTS = (
    "what's the weather in lisbon this weekend?",
    "can you book me a flight to berlin",
    "asdf qwerty",
    "who won the match yesterday?",
    "how do i bake sourdough bread",
    "what is the meaning of life",
)
UNKNOWN_ROLES = ("zookeeper", "quantum plumber", "prompt whisperer", "robot trainer", "data janitor")
REPLY = (
    "Here is what I know about that, from my notes: a short answer of a couple of sentences, the way "
    "the bot answers most questions, with a source where it has one."
)
BATCH = 5000


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: list[dict[str, Any]]


def examples() -> list[Example]:
    """The training data's examples, as learners' messages."""
    data = load_data(str(ROOT / "data" / "nlu"))
    return [Example(e.get("text"), e.get("intent"), e.get("entities") or []) for e in data.intent_examples]


def _sender(rng: random.Random, channel: str) -> str:
    if channel == "web":
        return uuid.UUID(int=rng.getrandbits(128), version=4).hex
    if channel == "slack":
        return f"U{rng.getrandbits(40):010X}_D{rng.getrandbits(40):010X}"
    return f"learner-{rng.getrandbits(32):08x}"


def _message(rng: random.Random, pool: list[Example]) -> Example:
    roll = rng.random()
    if roll < 0.07:
        return Example(rng.choice(FALLBACK_TEXTS), "nlu_fallback", [])
    if roll < 0.11:
        return Example(f"what skills does a {rng.choice(UNKNOWN_ROLES)} need?", "ask_role_skills", [])
    return rng.choice(pool)


def _turn(rng: random.Random, said: Example, channel: str, at: float) -> list[Event]:
    confidence = rng.uniform(0.3, 0.6) if said.intent == "nlu_fallback" else rng.uniform(0.6, 1.0)
    ranking = [{"name": said.intent, "confidence": confidence}] + [
        {"name": f"intent_{i}", "confidence": (1 - confidence) / 9} for i in range(9)
    ]
    message_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
    parse = {
        "intent": {"name": said.intent, "confidence": confidence},
        "entities": said.entities,
        "text": said.text,
        "message_id": message_id,
        "metadata": {},
        "intent_ranking": ranking,
    }
    if said.intent in ("nlu_fallback", "out_of_scope"):
        action = "utter_fallback" if said.intent == "nlu_fallback" else "utter_out_of_scope"
    else:
        action = ("action_" if said.intent.startswith("ask_") else "utter_") + said.intent
    return [
        UserUttered(said.text, parse["intent"], said.entities, parse, at, channel, message_id),
        DefinePrevUserUtteredFeaturization(False, timestamp=at),
        ActionExecuted(action, policy="RulePolicy", confidence=1.0, timestamp=at + 0.2),
        BotUttered(REPLY, {"buttons": [{"title": "Careers", "payload": "/ask_roles"}]}, {}, at + 0.3),
        ActionExecuted("action_listen", policy="RulePolicy", confidence=1.0, timestamp=at + 0.4),
    ]


def conversation(rng: random.Random, pool: list[Example], now: float, days: int) -> tuple[str, list[Event]]:
    channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
    at = now - rng.uniform(0, days * 86400)
    events: list[Event] = [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]
    for _ in range(rng.randint(1, 8)):
        at += rng.uniform(5, 90)
        events += _turn(rng, _message(rng, pool), channel, at)
    return _sender(rng, channel), events


def seed(url: str, count: int, seed: int = 7, days: int = 30) -> int:
    """Writes `count` events in new conversations to the tracker store at `url` (created with Rasa's
    own table if need be); returns how many conversations they make."""
    rng = random.Random(seed)
    pool = examples()
    store = SQLTrackerStore(Domain.empty(), host=url)
    table = store.SQLEvent.__table__
    now, written, conversations = time.time(), 0, 0
    rows: list[dict[str, Any]] = []
    with store.engine.begin() as connection:
        while written < count:
            sender, events = conversation(rng, pool, now, days)
            conversations += 1
            for event in events[: count - written]:
                data = event.as_dict()  # the columns as SQLTrackerStore.save fills them
                intent = (data.get("parse_data") or {}).get("intent", {}).get("name")
                rows.append(
                    {
                        "sender_id": sender,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": intent,
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
                written += 1
            if len(rows) >= BATCH or written >= count:
                connection.execute(insert(table), rows)
                rows = []
    store.engine.dispose()
    return conversations
