"""Two Rasa replicas behind nginx, sharing PostgreSQL and Redis: a conversation's turns go to either
and keep their context, its concurrent messages are handled one at a time with every event stored
once, and when one replica is killed the other carries the conversation on.

What happened is read from where it happened: nginx's access log says which replica served each
request, and the tracker database holds the conversation's events.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from tests.helpers import Conversation, post_json
from tests.scale.conftest import Scaled

REST = "/webhooks/rest/webhook"
CONCURRENT = [
    "what is deep learning?",
    "what does a data engineer do?",
    "what skills does a data scientist need?",
    "what roles are there?",
    "how much does a machine learning engineer earn?",
    "hello",
]


def test_turns_alternate_between_replicas_and_keep_their_context(scaled: Scaled) -> None:
    chat = Conversation(scaled.nginx.url)
    before = len(scaled.served_by("POST", REST))
    assert "Data analyst" in chat.say("what does a data analyst do?")
    assert "data analyst" in chat.say("and what do they earn?").lower()
    assert "Skills a data analyst needs" in chat.say("what skills do they need?")
    assert "welcome" in chat.say("thanks!")
    served = scaled.served_by("POST", REST, at_least=before + 4)[before:]
    assert len(served) == 4 and set(served) == set(scaled.replicas)
    assert all(one != next_one for one, next_one in zip(served, served[1:], strict=False)), served


def turns(events: list[tuple[str, str | None, str]]) -> list[list[tuple[str, str | None, str]]]:
    """The events split at each learner message: one list per turn, its message first."""
    split: list[list[tuple[str, str | None, str]]] = []
    for event in events:
        if event[0] == "user":
            split.append([])
        if split:
            split[-1].append(event)
    return split


def test_concurrent_messages_for_one_conversation_are_serialised_and_stored_once(scaled: Scaled) -> None:
    sender = f"test-{uuid.uuid4().hex[:8]}"
    replicas = list(scaled.replicas)
    barrier = threading.Barrier(len(CONCURRENT))
    sent, answered = [0.0] * len(CONCURRENT), [0.0] * len(CONCURRENT)

    def send(index: int) -> list[dict]:
        """Message `index`, straight to replica index % 2, all sent at the same moment."""
        barrier.wait()
        sent[index] = time.monotonic()
        url = f"http://{replicas[index % 2]}{REST}"
        reply = post_json(url, {"sender": sender, "message": CONCURRENT[index]}, timeout=180)
        answered[index] = time.monotonic()
        return reply

    with ThreadPoolExecutor(len(CONCURRENT)) as pool:
        replies = list(pool.map(send, range(len(CONCURRENT))))
    assert max(sent) < min(answered), "the messages were not all in flight together"
    assert all(replies), replies

    events = scaled.events(sender)
    assert len({(kind, json.loads(data)["timestamp"]) for kind, _, data in events}) == len(events)
    by_message = {}
    for turn in turns(events):
        message = json.loads(turn[0][2])["text"]
        assert message not in by_message, f"{message!r} stored twice"
        # Handled alone: the turn ends listening before the next message is read.
        assert turn[-1][:2] == ("action", "action_listen"), [e[:2] for e in turn]
        said = [json.loads(data).get("text") or "" for kind, _, data in turn if kind == "bot"]
        by_message[message] = "\n\n".join(said)
    assert sorted(by_message) == sorted(CONCURRENT)
    for message, reply in zip(CONCURRENT, replies, strict=True):
        # The REST channel sends each paragraph of a bot message as a message of its own.
        assert by_message[message] == "\n\n".join(m.get("text") or "" for m in reply), message


def test_a_killed_replica_leaves_the_other_to_carry_the_conversation_on(scaled: Scaled) -> None:
    """Replica two is killed mid-conversation (its launcher restarts it, meanwhile nginx skips it)."""
    chat = Conversation(scaled.nginx.url)
    assert "Machine learning engineer" in chat.say("what does a machine learning engineer do?")
    killed = scaled.second.servers["rasa"].process
    assert killed is not None
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait(timeout=30)
    before = len(scaled.served_by("POST", REST))
    assert "£54,668" in chat.say("and what do they earn?")
    assert "Skills a machine learning engineer needs" in chat.say("what skills do they need?")
    assert "welcome" in chat.say("thanks!")
    survivor = f"127.0.0.1:{scaled.first.config.rasa_port}"
    assert scaled.served_by("POST", REST, at_least=before + 3)[before:] == [survivor] * 3
    said = [json.loads(data)["text"] for kind, _, data in scaled.events(chat.sender) if kind == "user"]
    assert said == [
        "what does a machine learning engineer do?",
        "and what do they earn?",
        "what skills do they need?",
        "thanks!",
    ]
