"""Rasa's own checks on the project, and `rasa shell` fed a conversation on standard input."""

from __future__ import annotations

import subprocess
from pathlib import Path

from launcher import settings
from launcher.servers import Stack

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


def test_rasa_shell_answers_from_the_store(stack: Stack, tmp_path: Path) -> None:
    from tests.helpers import free_port

    arguments = stack.rasa_arguments()
    result = rasa(
        "shell", *arguments, "--port", str(free_port()),
        stdin="what skills does a data scientist need?\nhow much does an ML engineer earn in the UK?\n/stop\n",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Skills a data scientist needs" in result.stdout
    assert "£54,668" in result.stdout and "Glassdoor" in result.stdout
