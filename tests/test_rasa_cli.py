"""Rasa's own checks on the project: its data validation and the conversation stories."""

from __future__ import annotations

import subprocess
from pathlib import Path

from launcher import settings
from launcher.servers import Stack

RASA = str(settings.VENV_BIN / "rasa")


def rasa(*args: str, stdin: str = "", timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [RASA, *args],
        cwd=settings.ROOT,
        env=settings.child_env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_rasa_data_validate_is_clean() -> None:
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_conversation_stories_pass(stack: Stack, trained_model: Path, tmp_path: Path) -> None:
    result = rasa(
        "test",
        "core",
        "--model",
        str(trained_model),
        "-s",
        "tests/stories",
        "--endpoints",
        str(stack.config.run_dir / "endpoints.yml"),
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path / "results"),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
