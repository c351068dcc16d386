"""Small things tests share: free ports, a REST conversation with the running bot, action runs."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

REVIEW_TOKEN = secrets.token_urlsafe(24)
"""The session stack's REVIEW_TOKEN: the review page's tests sign in with it."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def eventually(condition: Callable[[], Any], timeout: float = 60.0) -> Any:
    """Polls `condition` until it gives something truthy or `timeout` passes; returns its last result."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def refused(host: str, port: int) -> bool:
    """Whether a TCP connection to host:port is refused (nothing listens there)."""
    try:
        socket.create_connection((host, port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def post_json(url: str, body: Any, timeout: float = 60) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


class Conversation:
    """One learner talking to the running Rasa server over the REST channel."""

    def __init__(self, rasa_url: str, sender: str | None = None) -> None:
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = sender or f"test-{uuid.uuid4().hex[:8]}"
        self.last: list[dict[str, Any]] = []

    def say(self, message: str) -> str:
        """Sends `message`; returns the bot's reply texts joined by blank lines."""
        self.last = post_json(self.url, {"sender": self.sender, "message": message})
        return "\n\n".join(m.get("text", "") for m in self.last)

    def buttons(self) -> list[dict[str, str]]:
        return [b for m in self.last for b in m.get("buttons", [])]


def tracker_for(
    text: str = "",
    intent: str = "",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    """A tracker whose latest message is `text` with this intent and these entities, after `events`."""
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    return Tracker("learner", slots or {}, latest, events or [], False, None, {}, "action_listen")


def entity(kind: str, value: str, start: int = 0) -> dict[str, Any]:
    return {"entity": kind, "value": value, "start": start, "end": start + len(value)}


def run_action(action: Action, tracker: Tracker) -> tuple:
    """Runs an action as the action server would; returns (messages, events)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n\n".join(m.get("text") or "" for m in messages)


def start_launcher(cwd: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """Runs `make run`'s launcher in its own process group; returns it and its output until ready
    (or until it exits, if it fails first)."""
    launcher = subprocess.Popen(
        [sys.executable, "-m", "launcher.run"],
        cwd=cwd,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    output: list[str] = []
    assert launcher.stdout is not None
    for line in launcher.stdout:
        output.append(line)
        if "Press Ctrl-C to stop" in line:
            break
    return launcher, "".join(output)


def interrupt(launcher: subprocess.Popen) -> int:
    """Ctrl-C as a terminal sends it (SIGINT to the process group); returns the exit code."""
    if launcher.poll() is None:
        os.killpg(launcher.pid, signal.SIGINT)
    try:
        return launcher.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(launcher.pid, signal.SIGKILL)
        raise
