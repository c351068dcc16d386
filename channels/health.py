"""`GET /health`: is every part a learner's answer needs working? 200 if so, 503 if not.

Rasa adds HTTP routes only through input channels, so this is configured in credentials.yml like
one, though no learner talks to it. It checks what a load balancer or Kubernetes probe needs to
know, each part in its own field: the model is loaded (and guarded, see server/), the action server
answers and can read the knowledge store, the tracker store takes writes (a write rolled back,
plus whether saving has failed since the last success), and a Redis lock store, shared by replicas,
answers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.agent import Agent
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.lock_store import RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.utils.endpoints import ClientResponseError
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import insert

from server.actions import BoundedActionEndpoint
from server.settings import HEALTH_PROBE_TIMEOUT
from server.tracker_cache import unwrapped
from server.tracker_store import DurableTrackerStore

STORE_CHECK = "action_check_store"
Check = dict[str, Any]


def _ok(**detail: Any) -> Check:
    return {"ok": True, **detail}


def _failed(problem: str) -> Check:
    return {"ok": False, "problem": problem}


def check_model(agent: Agent | None) -> Check:
    if agent is None or not agent.is_ready():
        return _failed("no model loaded yet")
    if not isinstance(agent.action_endpoint, BoundedActionEndpoint):
        return _failed("model loaded, guards not installed yet")
    return _ok()


async def check_actions(agent: Agent) -> dict[str, Check]:
    """The action server, and the store as it reads it, in one call of the store check action."""
    endpoint = agent.action_endpoint
    assert isinstance(endpoint, BoundedActionEndpoint)
    try:
        await endpoint.probe(STORE_CHECK, HEALTH_PROBE_TIMEOUT)
    except ClientResponseError as error:
        return {"action_server": _ok(), "store": _failed(f"the store check answered {error.status}")}
    except asyncio.TimeoutError:
        problem = f"no answer within {HEALTH_PROBE_TIMEOUT:.0f} s"
        return {"action_server": _failed(problem), "store": _failed("unknown: " + problem)}
    except aiohttp.ClientError as error:
        problem = f"unreachable ({error.__class__.__name__})"
        return {"action_server": _failed(problem), "store": _failed("unknown: action server " + problem)}
    return {"action_server": _ok(), "store": _ok()}


def _write_and_roll_back(store: SQLTrackerStore) -> None:
    with store.session_scope() as session:
        events = store.SQLEvent.__table__
        session.execute(
            insert(events).values(sender_id="health-check", type_name="health", timestamp=time.time())
        )
        session.rollback()


async def check_tracker_store(agent: Agent) -> Check:
    store = agent.tracker_store
    if isinstance(store, DurableTrackerStore) and store.failing_since is not None:
        since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(store.failing_since))
        return _failed(
            f"saving fails since {since} ({store.last_error}); {store.unsaved} conversation(s) kept in memory"
        )
    primary = unwrapped(store)
    if not isinstance(primary, SQLTrackerStore):
        return _ok(kind=primary.__class__.__name__)
    try:
        await asyncio.wait_for(asyncio.to_thread(_write_and_roll_back, primary), HEALTH_PROBE_TIMEOUT)
    except asyncio.TimeoutError:
        return _failed(f"a test write did not finish within {HEALTH_PROBE_TIMEOUT:.0f} s")
    except Exception as error:  # noqa: BLE001 - any database failure is the finding
        return _failed(f"a test write failed: {error.__class__.__name__}")
    return _ok(kind=primary.__class__.__name__)


async def check_lock_store(agent: Agent) -> Check:
    store = agent.lock_store
    if not isinstance(store, RedisLockStore):
        return _ok(kind=store.__class__.__name__)
    try:
        await asyncio.wait_for(asyncio.to_thread(store.red.ping), HEALTH_PROBE_TIMEOUT)
    except asyncio.TimeoutError:
        return _failed(f"Redis did not answer within {HEALTH_PROBE_TIMEOUT:.0f} s")
    except Exception as error:  # noqa: BLE001 - any Redis failure is the finding
        return _failed(f"Redis did not answer: {error.__class__.__name__}")
    return _ok(kind=store.__class__.__name__)


async def health(agent: Agent | None) -> dict[str, Any]:
    checks: dict[str, Check] = {"model": check_model(agent)}
    if checks["model"]["ok"]:
        assert agent is not None
        checks.update(await check_actions(agent))
        checks["tracker_store"] = await check_tracker_store(agent)
        checks["lock_store"] = await check_lock_store(agent)
    healthy = all(check["ok"] for check in checks.values())
    return {"status": "ok" if healthy else "degraded", "checks": checks}


class HealthCheck(InputChannel):
    """Serves `/health` on the Rasa server."""

    @classmethod
    def name(cls) -> str:
        return "health"

    def url_prefix(self) -> str:
        return "/health"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("health_check", __name__)

        @blueprint.route("", methods=["GET"])
        async def report(request: Request) -> HTTPResponse:
            body = await health(getattr(request.app.ctx, "agent", None))
            return response.json(body, status=200 if body["status"] == "ok" else 503)

        return blueprint
