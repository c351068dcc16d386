"""The launcher's settings, all from the environment with embedded defaults."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
LOG_DIR = ROOT / "build" / "logs"
RUN_DIR = ROOT / "build" / "run"

QUIET_ENV = {
    # Rasa's and TensorFlow's start-up noise; DEBUG=1 shows everything.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "PYTHONWARNINGS": "ignore",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "LOG_LEVEL_LIBRARIES": "ERROR",
}


def debug() -> bool:
    return os.environ.get("DEBUG", "").lower() in ("1", "true", "yes")


def host() -> str:
    """The interface the servers listen on: HOST, else localhost only."""
    return os.environ.get("HOST", "127.0.0.1")


def rasa_port() -> int:
    return int(os.environ.get("RASA_PORT", "5005"))


def action_port() -> int:
    return int(os.environ.get("ACTION_PORT", "5055"))


def tracker_db() -> Path:
    """The SQLite file conversations are kept in: TRACKER_DB, else build/tracker.db."""
    return Path(os.environ.get("TRACKER_DB") or ROOT / "build" / "tracker.db")


def quiet_this_process() -> None:
    """Keeps TensorFlow (imported by spaCy's thinc) quiet in the launcher itself, unless DEBUG."""
    if not debug():
        for name, value in QUIET_ENV.items():
            os.environ.setdefault(name, value)


def child_env(debug: bool = False) -> Dict[str, str]:
    """The environment for rasa processes: no telemetry, quiet unless debugging, venv first on PATH."""
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT)
    if not debug:
        env.update(QUIET_ENV)
    return env
