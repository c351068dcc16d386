"""Rasa's own checks on the project, and `make shell` fed a conversation on standard input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from launcher import settings
from launcher.servers import Stack
from tests.helpers import free_port

RASA = str(settings.VENV_BIN / "rasa")


def rasa(*args: str, stdin: str = "", timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [RASA, *args], cwd=settings.ROOT, env=settings.child_env(), input=stdin,
        capture_output=True, text=True, timeout=timeout,
    )


def test_rasa_data_validate_is_clean() -> None:
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_conversation_stories_pass(stack: Stack, trained_model: Path, tmp_path: Path) -> None:
    result = rasa(
        "test", "core", "--model", str(trained_model), "-s", "tests/stories",
        "--endpoints", str(stack.config.run_dir / "endpoints.yml"),
        "--fail-on-prediction-errors", "--out", str(tmp_path / "results"),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_make_shell_answers_from_the_store(trained_model: Path, tmp_path: Path) -> None:
    """`make shell`'s launcher with a conversation piped in, ending with /stop as rasa shell expects."""
    env = settings.child_env()
    env.update(
        RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()), TRACKER_DB=str(tmp_path / "t.db")
    )
    result = subprocess.run(
        [sys.executable, "-m", "launcher.run", "--shell"], cwd=settings.ROOT, env=env,
        input="what skills does a data scientist need?\nhow much does an ML engineer earn in the UK?\n/stop\n",
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Skills a data scientist needs" in result.stdout
    assert "£54,668" in result.stdout and "Glassdoor" in result.stdout
