"""A broken knowledge store: the learner is told the notes can't be read, the operator sees it in
/health and the log, nothing is written to the store, and answers come back with the file."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.faults.conftest import FaultStack
from tests.faults.probes import health, timed, wait_healthy
from tests.helpers import Conversation

UNAVAILABLE = "I can't read my notes right now"


@contextmanager
def broken(store: Path, damage: Callable[[Path], None]) -> Iterator[None]:
    """The store file damaged by `damage` for the duration, then put back as it was."""
    backup = store.with_name(store.name + ".kept")
    shutil.copy2(store, backup)
    try:
        damage(store)
        yield
    finally:
        if store.is_dir():
            store.rmdir()
        elif store.exists():
            store.unlink()
        backup.rename(store)


def deleted(store: Path) -> None:
    store.unlink()


def unreadable(store: Path) -> None:
    """Root reads any file whatever its mode, so a directory takes the file's place instead."""
    store.unlink()
    store.mkdir()


def corrupted(store: Path) -> None:
    store.write_bytes(b"this is not a database\n" * 4096)


@pytest.mark.parametrize("damage", [deleted, unreadable, corrupted])
def test_broken_store_is_said_and_healed(faulty: FaultStack, damage: Callable[[Path], None]) -> None:
    chat = Conversation(faulty.url)
    before = faulty.store.read_bytes()
    with broken(faulty.store, damage):
        assert UNAVAILABLE in timed(chat, "what does a data scientist do?")[0]
        status, report = health(faulty.url)
        assert status == 503 and report["checks"]["store"]["ok"] is False
        assert report["checks"]["action_server"]["ok"] is True
        if damage is deleted:
            assert not faulty.store.exists(), "a reader created an empty store"
    assert faulty.store.read_bytes() == before
    wait_healthy(faulty.url, "healthy once the store is back", timeout=10)
    assert "Data scientist" in timed(chat, "what does a data scientist do?")[0]
