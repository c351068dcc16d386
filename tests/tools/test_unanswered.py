"""`make unanswered` reads the real tracker store the running server writes."""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from launcher import settings
from launcher.servers import Stack
from tests.helpers import Conversation
from tools.unanswered import SHOWN_LENGTH, main


def test_lists_fallbacks_and_unknown_names_with_counts(stack: Stack, capsys) -> None:  # type: ignore[no-untyped-def]
    chat = Conversation(stack.rasa_url)
    chat.say("what's the weather in Lisbon this weekend?")
    Conversation(stack.rasa_url).say("What's the weather in Lisbon this weekend?")
    chat.say("what skills does a zookeeper need?")
    chat.say("what is deep learning?")
    assert main(["--tracker-db", str(stack.config.tracker_db)]) == 0
    out = capsys.readouterr().out
    questions, names = out.split("Names learners used")
    lines = [line.split() for line in questions.splitlines()]
    weather = next(line for line in lines if "lisbon" in line)
    assert weather[0] == "2"  # both learners' identical question, counted together
    assert "what is deep learning?" not in questions
    assert "role: zookeeper" in names


def test_no_conversations_yet(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--tracker-db", str(tmp_path / "none.db")]) == 0
    assert "No conversations yet" in capsys.readouterr().out


CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # every C0 and C1 control but the newline
HOSTILE = "\x1b[2J\x1b]0;owned\x07what's the \x9b31mweather\x1b[0m in Lisbon? 🌧️ 天气 погода"


def seed(tracker_db: Path, text: str, entities: list[dict[str, Any]]) -> None:
    """One learner's message that got the fallback, saved by Rasa's SQL tracker store as the server does."""
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tracker_db))
    intent = {"name": "nlu_fallback", "confidence": 0.3}
    events = [
        UserUttered(text, intent, entities),
        ActionExecuted("utter_fallback"),
        ActionExecuted("action_listen"),
    ]
    asyncio.run(store.save(DialogueStateTracker.from_events(f"learner-{uuid.uuid4().hex[:8]}", events)))


def shown_text(line: str) -> str:
    """The learner's text in a report line, after its count and date."""
    match = re.fullmatch(r" +\d+  \S+ \S+  (.*)", line)
    assert match, line
    return match.group(1)


def test_learners_text_reaches_the_terminal_without_controls_and_shortened(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tracker_db = tmp_path / "tracker.db"
    seed(tracker_db, HOSTILE, [])
    seed(tracker_db, "what is " + "very " * 2000 + "long?", [])
    name = "quantum\x1b[5m\x07 plumber"
    seed(
        tracker_db,
        f"what skills does a {name} need?",
        [{"entity": "role", "value": name, "start": 19, "end": 19 + len(name)}],
    )
    assert main(["--tracker-db", str(tracker_db)]) == 0
    out = capsys.readouterr().out
    assert CONTROLS.findall(out) == []
    assert "what's the 31mweather[0m in lisbon? 🌧️ 天气 погода" in out  # other scripts and emoji kept
    assert "role: quantum[5m plumber" in out
    [long] = [shown_text(line) for line in out.splitlines() if "very very" in line]
    assert long.startswith("what is very") and long.endswith("…") and len(long) == SHOWN_LENGTH
    assert max(len(shown_text(line)) for line in out.splitlines() if line.startswith("  ")) <= SHOWN_LENGTH


def test_an_unreadable_tracker_fails_loudly_instead_of_reporting_nothing(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(settings, "LOG_DIR", tmp_path / "logs")
    not_a_database = tmp_path / "tracker.db"
    not_a_database.mkdir()  # exists, but SQLite cannot open it
    assert main(["--tracker-db", str(not_a_database)]) == 1
    captured = capsys.readouterr()
    assert "none" not in captured.out
    assert re.search(
        r"^error: OperationalError: .*(unable to open database file|disk I/O error).*"
        r" \(traceback in .*unanswered.log\)$",
        captured.err,
        re.M,
    )
    assert "Traceback (most recent call last)" in (tmp_path / "logs" / "unanswered.log").read_text()
