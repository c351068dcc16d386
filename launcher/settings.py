"""The launcher's settings, all from the environment with embedded defaults."""

from __future__ import annotations

import os
from pathlib import Path

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

RASA_SERVER_ENV = {
    # Sanic answers a larger body with 413 before reading it (its own default is 100 MB). 2 MiB lets
    # a 1 MB message through to the channel, which replies politely; an operator's value wins. The
    # Rasa server's only: the action server is sent whole conversations, which grow past that.
    "SANIC_REQUEST_MAX_SIZE": str(2 * 1024 * 1024),
}

# Scale-out (README "Running it for many learners"): unset, conversations stay in the SQLite file
# TRACKER_DB and one process keeps its own locks. The Rasa server reads both URLs from its own
# environment (endpoints.yml's `${NAME}`), so no password is written to a file.
TRACKER_STORE_URL = "TRACKER_STORE_URL"  # a SQLAlchemy URL: postgresql://user:password@host:5432/db
REDIS_URL = "REDIS_URL"  # the lock store: redis://:password@host:6379/1 (rediss:// for TLS)
SANIC_WORKERS = "SANIC_WORKERS"  # Rasa server processes per replica (Rasa's own variable)
SERVE_CHOICES = ("all", "rasa", "actions")  # SERVE: which servers this launcher runs

# Rasa's HTTP API (models, trackers, training) is off unless RASA_ENABLE_API=1, and then only with one
# of these secrets, named to Rasa by the flag it takes: never an API anyone reaching the port can use.
API_SECRETS = {"RASA_API_TOKEN": "--auth-token", "RASA_JWT_SECRET": "--jwt-secret"}


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes")


def debug() -> bool:
    return _flag("DEBUG")


def enable_api() -> bool:
    """Whether the operator asked for Rasa's HTTP API (RASA_ENABLE_API=1); see API_SECRETS."""
    return _flag("RASA_ENABLE_API")


def host() -> str:
    """The interface both servers listen on: HOST, else localhost only."""
    return os.environ.get("HOST", "127.0.0.1")


def rasa_port() -> int:
    return int(os.environ.get("RASA_PORT", "5005"))


def action_port() -> int:
    return int(os.environ.get("ACTION_PORT", "5055"))


def serve() -> str:
    """Which servers `make run` starts: SERVE=all (both, the default), rasa or actions."""
    value = os.environ.get("SERVE", "").strip().lower() or "all"
    if value not in SERVE_CHOICES:
        raise ValueError(f"SERVE={value!r}: choose one of {', '.join(SERVE_CHOICES)}")
    return value


def action_server_url() -> str | None:
    """ACTION_SERVER_URL: the action server a Rasa-only launcher (SERVE=rasa) calls, e.g.
    http://actions:5055; required then, refused otherwise (the stack calls its own)."""
    url = os.environ.get("ACTION_SERVER_URL", "").strip().rstrip("/") or None
    wanted = serve() == "rasa"
    if wanted and not url:
        raise ValueError("SERVE=rasa needs ACTION_SERVER_URL, the action server's address (http://host:5055)")
    if url and not wanted:
        raise ValueError("ACTION_SERVER_URL is only for SERVE=rasa: with SERVE=all the launcher runs its own")
    return url


def tracker_db() -> Path:
    """The SQLite file conversations are kept in: TRACKER_DB, else build/tracker.db."""
    return Path(os.environ.get("TRACKER_DB") or ROOT / "build" / "tracker.db")


def quiet_this_process() -> None:
    """Keeps TensorFlow (imported by spaCy's thinc) quiet in the launcher itself, unless DEBUG."""
    if not debug():
        for name, value in QUIET_ENV.items():
            os.environ.setdefault(name, value)


def child_env(debug: bool = False) -> dict[str, str]:
    """The environment for rasa processes: no telemetry, quiet unless debugging, venv first on PATH."""
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT)
    if not debug:
        env.update(QUIET_ENV)
    return env
