"""`make run`'s launcher end to end: progress, addresses, a REST answer, and Ctrl-C leaves nothing.

It runs with no Slack secrets in its environment, so it also proves the server starts without Slack;
and as an operator may run it: on another interface (HOST) with Rasa's HTTP API on behind a token.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from launcher import settings
from tests.helpers import Conversation, free_port, interrupt, refused, start_launcher

HOST = "127.0.0.3"  # loopback on Linux, but not where the servers listen by default
TOKEN = "t0ps3cret-api-token"


def processes_mentioning(marker: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if marker in cmdline and int(pid) != os.getpid():
            found.append(int(pid))
    return found


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def command_lines() -> str:
    lines = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return "\n".join(lines)


def test_run_serves_rest_and_ctrl_c_stops_everything(trained_model: Path, tmp_path: Path) -> None:
    rasa_port, action_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REVIEW_"))}
    env.update(
        RASA_PORT=str(rasa_port),
        ACTION_PORT=str(action_port),
        TRACKER_DB=str(tmp_path / "t.db"),
        HOST=HOST,
        RASA_ENABLE_API="1",
        RASA_API_TOKEN=TOKEN,
    )
    launcher, text = start_launcher(settings.ROOT, env)
    try:
        assert "The assistant is ready" in text, text
        assert f"Web chat:      http://{HOST}:{rasa_port}/chat/" in text
        assert f"POST http://{HOST}:{rasa_port}/webhooks/rest/webhook" in text
        assert f"Action server: http://{HOST}:{action_port}" in text
        assert "not enabled (set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET to enable it)" in text
        assert "Review page:   not enabled (set REVIEW_TOKEN to enable it)" in text
        assert "==> Training" not in text  # the session's model is reused, not retrained
        assert "Traceback" not in text and "WARNING" not in text

        # An action's answer: the Rasa server calls the action server on HOST too.
        reply = Conversation(f"http://{HOST}:{rasa_port}").say("what skills does a data scientist need?")
        assert reply.startswith("Skills a data scientist needs")
        assert refused("127.0.0.1", rasa_port) and refused("127.0.0.1", action_port)
        assert status(f"http://{HOST}:{rasa_port}/status") == 401
        assert status(f"http://{HOST}:{rasa_port}/status?token={TOKEN}") == 200
        # Without REVIEW_TOKEN there is no review page at all, not even one refusing.
        assert status(f"http://{HOST}:{rasa_port}/review/") == 404
        assert status(f"http://{HOST}:{rasa_port}/review/?token=") == 404
        assert processes_mentioning(f"--port {action_port}")
        assert "--auth-token env:RASA_API_TOKEN" in command_lines() and TOKEN not in command_lines()
    finally:
        exit_code = interrupt(launcher)
    assert exit_code == 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (
        processes_mentioning(f"--port {rasa_port}") or processes_mentioning(f"--port {action_port}")
    ):
        time.sleep(0.5)
    assert processes_mentioning(f"--port {rasa_port}") == []
    assert processes_mentioning(f"--port {action_port}") == []


def test_run_refuses_the_api_without_a_secret_before_starting_anything() -> None:
    env = {k: v for k, v in os.environ.items() if k not in settings.API_SECRETS}
    env.update(RASA_ENABLE_API="1", RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()))
    result = subprocess.run(
        [sys.executable, "-m", "launcher.run"],
        cwd=settings.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "RASA_ENABLE_API is set but neither RASA_API_TOKEN nor RASA_JWT_SECRET is" in result.stderr
    assert "==>" not in result.stdout  # refused before preparing or starting anything
