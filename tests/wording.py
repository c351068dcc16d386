"""The bot's wording as domain.yml holds it, and actions' replies as the Rasa server utters them.

A test about which answer the bot gave compares with the response's text read from domain.yml (or
checks the response's name), never with a copy of the sentence, so rewording a response breaks no
test while a wrong answer still does.
"""

from __future__ import annotations

import asyncio
import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Action, Tracker

from launcher import settings
from tests.helpers import run_action

DOMAIN_FILE = settings.ROOT / "domain.yml"
PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")
"""A placeholder as Rasa's interpolator (rasa/core/nlg/interpolator.py) finds it."""


@cache
def domain(path: Path = DOMAIN_FILE) -> Domain:
    return Domain.load(path)


def response_text(name: str, path: Path = DOMAIN_FILE) -> str:
    """The text of response `name` (each of ours has one variation)."""
    (variation,) = domain(path).responses[name]
    return str(variation["text"])


def frame_pattern(frame: str) -> re.Pattern[str]:
    """A pattern matching `frame` with any text in each placeholder, captured under its name."""
    parts, seen, end = [], set(), 0
    for found in PLACEHOLDER.finditer(frame):
        name = found.group(1)
        parts += [
            re.escape(frame[end : found.start()]),
            f"(?P={name})" if name in seen else f"(?P<{name}>.*?)",
        ]
        seen.add(name)
        end = found.end()
    parts.append(re.escape(frame[end:]))
    return re.compile("".join(parts), re.DOTALL)


def values(name: str, text: str, path: Path = DOMAIN_FILE) -> dict[str, str] | None:
    """What fills response `name`'s placeholders to give `text`; None when `text` is not that response."""
    match = frame_pattern(response_text(name, path)).fullmatch(text)
    return match.groupdict() if match else None


def said(messages: list[dict[str, Any]], name: str, path: Path = DOMAIN_FILE) -> dict[str, str] | None:
    """The values of the first message (as a channel sent it) that is response `name`, if any is."""
    for message in messages:
        found = values(name, message.get("text") or "", path)
        if found is not None:
            return found
    return None


def answer(messages: list[dict[str, Any]], name: str, path: Path = DOMAIN_FILE) -> dict[str, str]:
    """The values of the first message that is response `name`; fails, showing the messages, if none is."""
    found = said(messages, name, path)
    assert found is not None, f"no {name} in {messages}"
    return found


def rendered(messages: list[dict[str, Any]], slots: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """An action's messages as the Rasa server utters them, through Rasa's own code: each response
    filled in from domain.yml with the message's values, then the action's buttons added.

    Fails when a message utters no response (Rasa would drop it) or leaves a placeholder unfilled.
    """
    tracker = DialogueStateTracker.from_events(
        "learner", [SlotSet(name, value) for name, value in (slots or {}).items()], domain().slots
    )
    nlg = TemplatedNaturalLanguageGenerator(domain().responses)
    uttered = asyncio.run(
        RemoteAction._utter_responses(copy.deepcopy(messages), CollectingOutputChannel(), nlg, tracker)
    )
    assert len(uttered) == len(messages), f"a response is missing from domain.yml: {messages}"
    replies = [
        {"response": e.metadata.get("utter_action"), "text": e.text, "buttons": e.data.get("buttons") or []}
        for e in uttered
    ]
    for reply in replies:
        assert not PLACEHOLDER.search(reply["text"] or ""), f"a placeholder left unfilled: {reply}"
    return replies


def run(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Runs an action as the action server would; returns its replies as Rasa utters them, and its
    events but the `topic` slot every answer sets for follow-ups (tests/actions/test_followup.py
    checks that one; here it would be noise in every comparison)."""
    messages, events = run_action(action, tracker)
    events = [e for e in events if not (e.get("event") == "slot" and e.get("name") == "topic")]
    return rendered(messages, tracker.slots), events
