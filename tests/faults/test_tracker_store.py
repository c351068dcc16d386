"""The conversation database stops taking writes: learners are still answered, /health says so,
and once it takes writes again every turn said meanwhile is in it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.faults.conftest import FaultStack
from tests.faults.probes import health, timed, wait_healthy
from tests.helpers import Conversation


@contextmanager
def write_locked(database: Path) -> Iterator[None]:
    """Another process holds the write lock (SQLite's RESERVED lock): reads work, writes fail."""
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def user_turns(database: Path, sender: str) -> list:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT intent_name FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
            (sender,),
        )
        return [intent for (intent,) in rows]


def test_unwritable_tracker_database_loses_no_turn(faulty: FaultStack) -> None:
    chat = Conversation(faulty.url)
    assert "Data analyst" in timed(chat, "what does a data analyst do?")[0]
    with write_locked(faulty.tracker_db):
        assert "data analyst" in timed(chat, "and what do they earn?")[0].lower()
        status, report = health(faulty.url)
        assert status == 503 and report["checks"]["tracker_store"]["ok"] is False
        assert "kept in memory" in report["checks"]["tracker_store"]["problem"]
        assert "Skills a data analyst needs" in timed(chat, "what skills do they need?")[0]
    assert "welcome" in timed(chat, "thanks!")[0]
    wait_healthy(faulty.url, "healthy once the database takes writes", timeout=30)
    assert user_turns(faulty.tracker_db, chat.sender) == [
        "ask_role",
        "ask_salary",
        "ask_role_skills",
        "thank",
    ]
