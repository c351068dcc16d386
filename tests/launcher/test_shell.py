"""`make shell` (launcher.shell) fed a conversation on standard input, as an operator scripts it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from launcher import settings
from tests.helpers import free_port


def test_piped_shell_answers_every_line_and_ends_with_the_input(trained_model: Path, tmp_path: Path) -> None:
    """A reply with buttons doesn't swallow the next line, and the input may end without /stop."""
    env = settings.child_env()
    env.update(
        RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()), TRACKER_DB=str(tmp_path / "t.db")
    )
    conversation = [
        "what roles are there in deep learning?",  # answered with a button per role
        "what skills does a data scientist need?",
        "how much does an ML engineer earn in the UK?",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "launcher.run", "--shell"], cwd=settings.ROOT, env=env,
        input="\n".join(conversation) + "\n", capture_output=True, text=True, timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "The roles I can tell you about" in result.stdout
    assert "Buttons:" in result.stdout and '/ask_role{"role": "data-scientist"}' in result.stdout
    assert "Skills a data scientist needs" in result.stdout
    assert "£54,668" in result.stdout and "Glassdoor" in result.stdout
    assert "Traceback" not in output and "EOFError" not in output
    assert "DeprecationWarning" not in output  # library noise stays out of the chat unless DEBUG
