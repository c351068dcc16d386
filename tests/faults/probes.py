"""What the fault tests look at: timed replies, the health report, and waits with a bound."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any

from tests.faults.conftest import FaultStack
from tests.helpers import Conversation, eventually

HEALTH_WAIT = 120.0  # seconds a restarted server may take to be healthy again (Rasa loads a model)


def timed(chat: Conversation, message: str) -> tuple[str, float]:
    """The reply to `message` and the seconds it took; fails on silence or a traceback."""
    started = time.monotonic()
    reply = chat.say(message)
    elapsed = time.monotonic() - started
    assert reply.strip(), f"silence in answer to {message!r}"
    assert "Traceback" not in reply and "Error" not in reply, reply
    return reply, elapsed


def health(rasa_url: str) -> tuple[int, dict[str, Any]]:
    """`GET /health`: its status and report."""
    try:
        with urllib.request.urlopen(f"{rasa_url}/health", timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def healthy(rasa_url: str) -> bool:
    try:
        return health(rasa_url)[0] == 200
    except (OSError, ValueError):
        return False


def pid(faulty: FaultStack, server: str) -> int:
    """The process id of the stack's `server` ("actions" or "rasa") as it runs now."""
    process = faulty.stack.servers[server].process
    assert process is not None and process.poll() is None, f"the {server} server is not running"
    return process.pid


def wait_healthy(rasa_url: str, what: str, timeout: float = HEALTH_WAIT) -> None:
    """Waits until `/health` answers 200; fails after `timeout` seconds."""
    assert eventually(lambda: healthy(rasa_url), timeout), f"{what}: not within {timeout:.0f} s"
