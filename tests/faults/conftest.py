"""The fault suite's own stack: the real servers on a copy of the store and their own tracker file.

The faults (killed and hung servers, a broken store, a locked tracker database) would disturb the
session's shared stack, so these tests break a stack of their own, started once for all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from actions.store.load import load
from launcher.servers import Stack, StackConfig
from tests.helpers import free_port

ACTION_TIMEOUT = 3.0  # seconds; short, so a hung action server costs each test little


@dataclass
class FaultStack:
    """The running stack and the files it keeps its store and conversations in."""

    stack: Stack
    store: Path
    tracker_db: Path

    @property
    def url(self) -> str:
        return self.stack.rasa_url


@pytest.fixture(scope="session")
def faulty(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultStack]:
    run_dir = tmp_path_factory.mktemp("fault-stack")
    store = run_dir / "knowledge.db"
    load(url=f"sqlite:///{store}")
    config = StackConfig(
        model=trained_model,
        run_dir=run_dir,
        rasa_port=free_port(),
        action_port=free_port(),
        database_url=f"sqlite:///{store}",
        tracker_db=run_dir / "tracker.db",
        env={"ACTION_TIMEOUT": str(ACTION_TIMEOUT)},
    )
    stack = Stack(config)
    stack.start()
    yield FaultStack(stack, store, config.tracker_db)
    stack.stop()
