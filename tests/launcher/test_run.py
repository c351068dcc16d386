"""`make run`'s launcher end to end: progress, addresses, a REST answer, and Ctrl-C leaves nothing.

It runs with no Slack secrets in its environment, so it also proves the server starts without Slack.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import List

from launcher import settings
from tests.helpers import Conversation, free_port, interrupt, start_launcher


def processes_mentioning(marker: str) -> List[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if marker in cmdline and int(pid) != os.getpid():
            found.append(int(pid))
    return found


def test_run_serves_rest_and_ctrl_c_stops_everything(trained_model: Path, tmp_path: Path) -> None:
    rasa_port, action_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port), TRACKER_DB=str(tmp_path / "t.db"))
    launcher, text = start_launcher(settings.ROOT, env)
    try:
        assert "The assistant is ready" in text, text
        assert f"Web chat:      http://localhost:{rasa_port}/chat/" in text
        assert f"POST http://localhost:{rasa_port}/webhooks/rest/webhook" in text
        assert "not enabled (set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET to enable it)" in text
        assert "==> Training" not in text  # the session's model is reused, not retrained
        assert "Traceback" not in text and "WARNING" not in text

        reply = Conversation(f"http://127.0.0.1:{rasa_port}").say("what skills does a data scientist need?")
        assert reply.startswith("Skills a data scientist needs")
        assert processes_mentioning(f"--port {action_port}")
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
