"""Installs the guards on a loaded agent: the bounded action endpoint, the durable tracker store
(and the task writing back what it kept), and an apology instead of silence when handling a message
fails."""

from __future__ import annotations

import asyncio
import logging
from asyncio import AbstractEventLoop
from typing import Any

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic

from server import action_responses, events, settings, sqlite_tracker
from server.actions import APOLOGY, BoundedActionEndpoint
from server.tracker_cache import TrackerCache
from server.tracker_store import DurableTrackerStore

logger = logging.getLogger(__name__)


def guard(agent: Agent) -> None:
    """Replaces the agent's action endpoint and tracker store by their guarded versions (and makes
    reading a conversation's events and checking action responses cheaper: server/events.py,
    server/action_responses.py; a SQL store keeps the last conversations: server/tracker_cache.py,
    and a SQLite file stays open: server/sqlite_tracker.py)."""
    events.install()
    action_responses.install()
    if agent.action_endpoint is not None and not isinstance(agent.action_endpoint, BoundedActionEndpoint):
        agent.action_endpoint = BoundedActionEndpoint(agent.action_endpoint, settings.action_timeout())
    store = agent.tracker_store
    if not isinstance(store, DurableTrackerStore):
        primary = store._tracker_store if isinstance(store, FailSafeTrackerStore) else store
        if isinstance(primary, SQLTrackerStore):
            sqlite_tracker.keep_open(primary)
            primary = TrackerCache(primary, settings.tracker_cache_size())
        agent.tracker_store = DurableTrackerStore(primary)
    if agent.processor is not None:
        agent.processor.action_endpoint = agent.action_endpoint
        agent.processor.tracker_store = agent.tracker_store
    answer_failures(agent)


def answer_failures(agent: Agent) -> None:
    """A message whose handling fails gets the apology on its own channel, not silence.

    Rasa's channels await `agent.handle_message` and send nothing when it raises (REST answers
    `[]`); every channel looks the method up on the agent per message, so wrapping it covers all.
    """
    handle = agent.handle_message
    if getattr(handle, "answers_failures", False):
        return

    async def handle_message(message: UserMessage) -> Any | None:
        try:
            return await handle(message)
        except Exception:  # noqa: BLE001 - any failure; logged, and the learner is answered
            logger.exception("handling a message from %s failed; sending the apology", message.sender_id)
            await apologise(agent, message)
            return None

    handle_message.answers_failures = True  # type: ignore[attr-defined]
    agent.handle_message = handle_message  # type: ignore[method-assign]


async def apologise(agent: Agent, message: UserMessage) -> None:
    channel = message.output_channel
    try:
        tracker = DialogueStateTracker(message.sender_id or "unknown", [])
        response = await agent.nlg.generate(APOLOGY, tracker, channel.name())
        if response:
            await channel.send_response(message.sender_id, response)
    except Exception:  # noqa: BLE001 - the apology itself failed: logged, nothing more to try
        logger.exception("could not send the apology to %s", message.sender_id)


async def write_back_kept(app: Sanic) -> None:
    """Every WRITE_BACK_SECONDS, writes the conversations the tracker store kept in memory, so they
    reach the database once it is back even if their learners never write again (and before
    another replica goes on with them)."""
    while True:
        await asyncio.sleep(settings.WRITE_BACK_SECONDS)
        agent = getattr(app.ctx, "agent", None)
        store = getattr(agent, "tracker_store", None)
        if agent is None or not isinstance(store, DurableTrackerStore) or not store.unsaved:
            continue
        try:
            await store.write_back(agent.lock_store)
        except Exception:  # noqa: BLE001 - logged; the next round tries again
            logger.exception("writing back the conversations kept in memory failed")


async def guard_on_start(app: Sanic, _loop: AbstractEventLoop) -> None:
    """A Sanic listener: guards the agent Rasa loaded before the server started."""
    agent = getattr(app.ctx, "agent", None)
    if agent is None or not agent.is_ready():
        # Rasa logs a model that fails to load and serves silence; a failed start is louder.
        raise RuntimeError(
            "no model loaded (see the error above): the Rasa server will not serve without one"
        )
    guard(agent)
    app.add_task(write_back_kept(app))
    logger.info(
        "guards installed: actions bounded at %.1f s, durable tracker store", settings.action_timeout()
    )
