"""`make shell` (launcher.shell) fed a conversation on standard input, as an operator scripts it: with
no bot running, against servers of its own; beside a running bot, against that bot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from launcher import settings
from launcher.servers import Stack
from tests.helpers import free_port


def make_shell(env: dict[str, str], conversation: list[str]) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "launcher.run", "--shell"],
        cwd=settings.ROOT,
        env=env,
        input="\n".join(conversation) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result


def test_piped_shell_answers_every_line_and_ends_with_the_input(trained_model: Path, tmp_path: Path) -> None:
    """A reply with buttons doesn't swallow the next line, and the input may end without /stop. With
    REST_TOKEN set, its own Rasa server requires the token, and the shell sends it."""
    env = settings.child_env()
    rasa_port = free_port()
    env.update(
        RASA_PORT=str(rasa_port),
        ACTION_PORT=str(free_port()),
        TRACKER_DB=str(tmp_path / "t.db"),
        REST_TOKEN="shell-test-token",
    )
    conversation = [
        "what roles are there in deep learning?",  # answered with a button per role
        "what skills does a data scientist need?",
        "how much does an ML engineer earn in the UK?",
    ]
    result = make_shell(env, conversation)
    output = result.stdout + result.stderr
    assert f"No bot is running at http://127.0.0.1:{rasa_port}: starting the shell's own" in output
    assert "The roles I can tell you about" in result.stdout
    assert "Buttons:" in result.stdout and '/ask_role{"role": "data-scientist"}' in result.stdout
    assert "Skills a data scientist needs" in result.stdout
    assert "£54,668" in result.stdout and "Glassdoor" in result.stdout
    assert "Traceback" not in output and "EOFError" not in output
    assert "DeprecationWarning" not in output  # library noise stays out of the chat unless DEBUG


def test_shell_beside_a_running_bot_talks_to_it_and_leaves_it_running(stack: Stack) -> None:
    """Pointed at the session's stack as RASA_PORT and ACTION_PORT, as `make shell` beside `make run`."""
    servers = {name: (server.process.pid, server.restarts) for name, server in stack.servers.items()}
    env = settings.child_env()
    env.update(RASA_PORT=str(stack.config.rasa_port), ACTION_PORT=str(stack.config.action_port))
    questions = ["what skills does a data scientist need?", "what does an ML engineer earn in the UK?"]
    result = make_shell(env, questions)
    assert f"A bot is already running at {stack.rasa_url}: chatting with it" in result.stdout
    assert "starting the shell's own" not in result.stdout + result.stderr
    assert "Skills a data scientist needs" in result.stdout
    assert "£54,668" in result.stdout
    assert {name: (s.process.pid, s.restarts) for name, s in stack.servers.items()} == servers
    assert all(server.serving for server in stack.servers.values())
