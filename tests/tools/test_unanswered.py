"""`make unanswered` reads the real tracker store the running server writes."""

from __future__ import annotations

from launcher.servers import Stack
from tests.helpers import Conversation
from tools.unanswered import main


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
    weather = next(l for l in lines if "lisbon" in l)
    assert weather[0] == "2"  # both learners' identical question, counted together
    assert "what is deep learning?" not in questions
    assert "role: zookeeper" in names


def test_no_conversations_yet(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--tracker-db", str(tmp_path / "none.db")]) == 0
    assert "No conversations yet" in capsys.readouterr().out
