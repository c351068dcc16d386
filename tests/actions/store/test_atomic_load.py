"""A load that fails or is killed after its first write leaves the old content serving.

The failing and the killed load run on a SQLite file and on a real PostgreSQL server (the `url`
fixture); the other tests are about SQLite's build-and-rename. The killed load is the real
`python -m actions.store.load` in a subprocess, paused right after its first INSERT by an SQLAlchemy
event listener its wrapper installs, then sent SIGKILL: the kill lands mid-load every time.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from actions.settings import PROJECT_ROOT
from actions.store.load import Content, load, write
from actions.store.queries import knowledge
from tests.actions.store.editing import edit, table_rows

EDITED_SUMMARY = "Turns data into decisions (edited)."
PAUSED = "first row written"
PAUSE_AFTER_FIRST_INSERT = f"""
import runpy, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

@event.listens_for(Engine, "after_cursor_execute")
def pause(connection, cursor, statement, *args):
    if statement.lstrip().upper().startswith("INSERT"):
        print({PAUSED!r}, flush=True)
        sys.stdin.readline()

runpy.run_module("actions.store.load", run_name="__main__", alter_sys=True)
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL: a SQLite file in a folder of its own, or a fresh PostgreSQL database."""
    if request.param == "postgresql":
        return request.getfixturevalue("postgres").create_database()
    (tmp_path / "store").mkdir()
    return f"sqlite:///{tmp_path / 'store' / 'knowledge.db'}"


def edit_summary(data_dir: Path) -> None:
    """Changes one role, so the next load has something to write."""

    def change(content: dict) -> None:
        next(r for r in content["roles"] if r["key"] == "data-scientist")["summary"] = EDITED_SUMMARY

    edit(data_dir, "roles.yml", change)


def summary(url: str) -> str:
    """What a reader gets for the edited role."""
    with knowledge(url) as kb:
        role = kb.role("data-scientist")
        assert role is not None
        return role.summary


def store_files(url: str) -> list:
    """The files in a SQLite store's folder (none for PostgreSQL): what a load leaves behind."""
    if not url.startswith("sqlite:///"):
        return []
    return sorted(p.name for p in Path(url[len("sqlite:///") :]).parent.iterdir())


@contextmanager
def paused_load(data_dir: Path, url: str) -> Iterator[subprocess.Popen]:
    """`python -m actions.store.load` stopped right after its first INSERT; killed (-9) on exit."""
    env = {**os.environ, "DATABASE_URL": url, "KNOWLEDGE_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSE_AFTER_FIRST_INSERT],
        cwd=PROJECT_ROOT,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""
        assert line.strip() == PAUSED, f"the load did not pause: {line!r} {process.poll()}"
        yield process
    finally:
        process.kill()
        _, errors = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, errors


def test_a_load_failing_after_its_first_write_leaves_the_old_content(
    data_dir: Path, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(data_dir, url)
    before, files, old_summary = table_rows(url), store_files(url), summary(url)
    add_content = write.add_content

    def write_then_fail(session: Session, content: Content) -> None:
        add_content(session, content)
        session.flush()
        raise RuntimeError("disk full")

    edit_summary(data_dir)
    monkeypatch.setattr(write, "add_content", write_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        load(data_dir, url)
    assert table_rows(url) == before
    assert summary(url) == old_summary != EDITED_SUMMARY
    assert store_files(url) == files


def test_a_killed_load_leaves_the_old_content_and_the_next_load_completes(data_dir: Path, url: str) -> None:
    load(data_dir, url)
    before, files = table_rows(url), store_files(url)
    edit_summary(data_dir)
    with paused_load(data_dir, url):
        pass
    assert table_rows(url) == before

    assert load(data_dir, url).changed
    assert summary(url) == EDITED_SUMMARY
    assert store_files(url) == files


def test_while_a_load_runs_readers_get_the_old_content(data_dir: Path, tmp_path: Path) -> None:
    """SQLite only: on PostgreSQL a reader waits for the load's transaction (its DROP TABLE locks)."""
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    load(data_dir, url)
    before = table_rows(url)
    edit_summary(data_dir)
    with paused_load(data_dir, url):
        assert table_rows(url) == before


def test_a_second_load_waits_for_the_running_one(data_dir: Path, tmp_path: Path) -> None:
    """SQLite: two loaders never build in the same file (on PostgreSQL the DROP TABLE locks order them)."""
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    load(data_dir, url)
    edit_summary(data_dir)
    second = threading.Thread(target=load, args=(data_dir, url))
    with paused_load(data_dir, url):
        second.start()
        second.join(timeout=2)
        assert second.is_alive(), "the second load ran while the first was building"
    second.join(timeout=60)
    assert not second.is_alive() and summary(url) == EDITED_SUMMARY


def test_a_reload_keeps_the_store_files_permissions(data_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "knowledge.db"
    load(data_dir, f"sqlite:///{store}")
    store.chmod(0o640)
    edit_summary(data_dir)
    assert load(data_dir, f"sqlite:///{store}").changed
    assert store.stat().st_mode & 0o777 == 0o640


def test_an_in_memory_store_still_loads_and_reads(data_dir: Path) -> None:
    url = "sqlite://"
    assert load(data_dir, url).changed
    assert not load(data_dir, url).changed
    assert summary(url) != EDITED_SUMMARY
