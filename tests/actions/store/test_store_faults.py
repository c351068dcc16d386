"""A store file that is deleted, unreadable or corrupted under a running action: the learner gets the
"can't read my notes" sentence, the operator a logged traceback, and the file is left as it is.

The action answers once before the fault, so its engine already exists, as in a running action
server. Root reads any file whatever its mode, so for "unreadable" the action runs with the
effective user `nobody` when the tests run as root.
"""

from __future__ import annotations

import logging
import os
import pwd
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError

from actions.base import STORE_UNAVAILABLE
from actions.roles import ActionListRoles
from actions.store import models
from actions.store.db import session_scope
from actions.store.load import load
from tests.helpers import run_action, tracker_for


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A loaded store file that the action server reads (DATABASE_URL), in a folder anyone may
    enter (so `nobody` meets the file's own mode, not the folder's)."""
    folder = Path(tempfile.mkdtemp(prefix="store-faults-"))
    folder.chmod(0o755)
    path = folder / "knowledge.db"
    load(url=f"sqlite:///{path}")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    messages, _ = run_action(ActionListRoles(), tracker_for())
    assert messages and all(m["response"] != STORE_UNAVAILABLE for m in messages)
    yield path
    shutil.rmtree(folder)


@contextmanager
def unprivileged() -> Iterator[None]:
    """Runs the block as `nobody` (effective ids, restored after) when running as root."""
    if os.geteuid() != 0:
        yield
        return
    nobody = pwd.getpwnam("nobody")
    os.setegid(nobody.pw_gid)
    os.seteuid(nobody.pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def garbage_after_the_first_page(path: Path) -> None:
    """A valid header and schema page, then noise: SQLite opens it and fails reading the tables."""
    data = path.read_bytes()
    path.write_bytes(data[:4096] + os.urandom(len(data) - 4096))


def assert_store_unavailable_logged(caplog: pytest.LogCaptureFixture) -> None:
    """The action answered the store-unavailable sentence and logged the error with its traceback."""
    messages, events = run_action(ActionListRoles(), tracker_for())
    assert [m["response"] for m in messages] == [STORE_UNAVAILABLE] and events == []
    logged = [r for r in caplog.records if r.name == "actions.base" and r.levelno == logging.ERROR]
    assert len(logged) == 1 and "store query failed" in logged[0].getMessage()
    assert logged[0].exc_info is not None


def test_a_deleted_store_is_not_recreated(store: Path, caplog: pytest.LogCaptureFixture) -> None:
    store.unlink()
    assert_store_unavailable_logged(caplog)
    assert not store.exists()


def test_an_unreadable_store_is_left_as_it_is(store: Path, caplog: pytest.LogCaptureFixture) -> None:
    before = store.read_bytes()
    store.chmod(0o000)
    with unprivileged():
        assert_store_unavailable_logged(caplog)
    assert store.stat().st_mode & 0o777 == 0 and store.read_bytes() == before


@pytest.mark.parametrize("corrupt", [garbage, garbage_after_the_first_page])
def test_a_corrupted_store_is_left_as_it_is(
    store: Path, caplog: pytest.LogCaptureFixture, corrupt: Callable[[Path], None]
) -> None:
    corrupt(store)
    before = store.read_bytes()
    assert_store_unavailable_logged(caplog)
    assert store.read_bytes() == before


def test_the_action_server_cannot_write_to_the_store(store: Path) -> None:
    before = store.read_bytes()
    with pytest.raises(OperationalError, match="readonly database"), session_scope() as session:
        session.execute(insert(models.LoadState).values(fingerprint="written by a reader"))
    assert store.read_bytes() == before
