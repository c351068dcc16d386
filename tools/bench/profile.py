"""Where the Rasa server's CPU goes per message: each graph node (config.yml's components, the
policies, Rasa's own nodes) timed in-process over one long conversation, early turns against late.

The model is loaded with Rasa's own `load_agent`, with our tracker store setting (SQLite), our action
server (started by the launcher, actions only) and our guards (server/guards.py), and each learner
question handled as the server handles it (`Agent.handle_message`). CPU is process time (TensorFlow's
threads included), so the process must be alone in doing work: nothing else runs in it meanwhile.
What no node accounts for is Rasa's handling around the graph: reading and saving the tracker,
calling the action server, replaying events.
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from launcher.servers import Stack, StackConfig, free_port

OUTSIDE = "(outside the graph: tracker store, action calls, events)"
HOST = "127.0.0.1"


def quiet() -> None:
    """Rasa's logging as `rasa run --quiet` sets it (the server's): unset, Rasa logs every
    prediction's states at debug level, whose cost grows with the conversation."""
    import logging

    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


@contextmanager
def timed_nodes(spent: dict[str, float]) -> Iterator[None]:
    """Adds each graph node's process time to `spent` while the block runs."""
    from rasa.engine.graph import GraphNode

    original = GraphNode.__call__

    def call(self: GraphNode, *inputs: Any) -> Any:
        began = time.process_time()
        try:
            return original(self, *inputs)
        finally:
            spent[self._node_name] += time.process_time() - began

    GraphNode.__call__ = call  # type: ignore[method-assign]
    try:
        yield
    finally:
        GraphNode.__call__ = original  # type: ignore[method-assign]


def node_table(per_turn: Sequence[dict[str, float]], first: int, last: int) -> dict[str, float]:
    """Mean CPU ms a turn for each node over turns `first`..`last` (1-based, inclusive)."""
    turns = per_turn[first - 1 : last]
    names = {name for turn in turns for name in turn}
    return {name: sum(t.get(name, 0.0) for t in turns) * 1000 / len(turns) for name in names}


async def _conversation(model: Path, action_url: str, questions: Sequence[str], turns: int) -> list[dict]:
    from rasa.core.agent import load_agent
    from rasa.core.channels import UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    from server import graph_runner
    from server.guards import guard

    quiet()
    graph_runner.install()  # as the server runs models
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as folder:
        endpoints = AvailableEndpoints(
            action=EndpointConfig(f"{action_url}/webhook"),
            tracker_store=EndpointConfig(type="SQL", dialect="sqlite", db=str(Path(folder) / "t.db")),
        )
        agent = await load_agent(model_path=str(model), endpoints=endpoints)
        guard(agent)  # our bounded action endpoint and durable tracker store, as the server runs them
        sender, asked = f"profile-{uuid.uuid4().hex[:6]}", itertools.cycle(questions)
        await agent.handle_message(UserMessage("hello", sender_id="profile-warmup"))
        found: list[dict] = []
        for _ in range(turns):
            spent: dict[str, float] = defaultdict(float)
            with timed_nodes(spent):
                began = time.process_time()
                await agent.handle_message(UserMessage(next(asked), sender_id=sender))
                total = time.process_time() - began
            spent[OUTSIDE] = total - sum(spent.values())
            found.append(dict(spent))
        return found


def profile(model: Path, questions: Sequence[str], turns: int, run_dir: Path) -> dict[str, Any]:
    """Per-node CPU a message over a conversation of `turns`: turns 11-50 and the last 40."""
    stack = Stack(
        StackConfig(model=model, run_dir=run_dir, host=HOST, serve="actions", action_port=free_port(HOST))
    )
    stack.start()
    try:
        per_turn = asyncio.run(_conversation(model, stack.action_url, questions, turns))
    finally:
        stack.stop()
    early, late = node_table(per_turn, 11, 50), node_table(per_turn, turns - 39, turns)
    total = sum(early.values())
    nodes = [
        {
            "name": name,
            "ms": round(ms, 2),
            "late_ms": round(late.get(name, 0.0), 2),
            "share": round(100 * ms / total, 1) if total else 0.0,
        }
        for name, ms in sorted(early.items(), key=lambda item: -item[1])
        if ms >= 0.05 or late.get(name, 0.0) >= 0.05
    ]
    return {
        "turns": turns,
        "total_ms": round(total, 1),
        "late_total_ms": round(sum(late.values()), 1),
        "nodes": nodes,
    }
