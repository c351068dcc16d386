"""Starts and stops the action server and the Rasa server as one stack.

Both `make run` and the test suite use this, so the tests exercise exactly what users run. Each
server runs in its own process group and is stopped with it, leaving no process behind. The Rasa
server's credentials and endpoints are written per stack from the committed files: ports and
file locations filled in, and a channel whose credentials name unset environment variables left out.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

import yaml

from launcher import settings

ENV_REFERENCE = re.compile(r"\$\{([^}]+)\}")
READY_TIMEOUT = 300.0


@dataclass
class StackConfig:
    """Where a stack listens, what it serves and where it keeps its files."""

    model: Path
    run_dir: Path = settings.RUN_DIR
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    database_url: Optional[str] = None
    tracker_db: Path = settings.ROOT / "build" / "tracker.db"
    env: Dict[str, str] = field(default_factory=dict)
    debug: bool = False


def missing_env(section: object, env: Mapping[str, str]) -> List[str]:
    """The environment variables a credentials section refers to (`${NAME}`) that are not set."""
    names = ENV_REFERENCE.findall(yaml.safe_dump(section))
    return sorted({n for n in names if not env.get(n)})


def write_credentials(source: Path, target: Path, env: Mapping[str, str]) -> Dict[str, List[str]]:
    """Copies the enabled channels to `target`; returns the left-out ones with what they lack."""
    channels = yaml.safe_load(source.read_text()) or {}
    disabled = {name: missing_env(cfg, env) for name, cfg in channels.items()}
    disabled = {name: missing for name, missing in disabled.items() if missing}
    enabled = {name: cfg for name, cfg in channels.items() if name not in disabled}
    target.write_text(yaml.safe_dump(enabled, sort_keys=False))
    return disabled


def write_endpoints(source: Path, target: Path, config: StackConfig) -> None:
    endpoints = yaml.safe_load(source.read_text()) or {}
    endpoints["action_endpoint"] = {"url": f"http://127.0.0.1:{config.action_port}/webhook"}
    tracker = endpoints.get("tracker_store") or {}
    if tracker.get("type") == "SQL" and tracker.get("dialect") == "sqlite":
        config.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        tracker["db"] = str(config.tracker_db)
    target.write_text(yaml.safe_dump(endpoints, sort_keys=False))


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    """Polls `url` until it answers; fails early with the log's tail if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
            raise RuntimeError(f"{log.name} process exited ({process.returncode}):\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s; see {log}")


class Stack:
    """The action server and the Rasa server for one model."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.processes: List[Tuple[str, subprocess.Popen]] = []
        self.disabled_channels: Dict[str, List[str]] = {}

    @property
    def rasa_url(self) -> str:
        return f"http://{self.config.host}:{self.config.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.config.action_port}"

    def env(self) -> Dict[str, str]:
        env = settings.child_env(self.config.debug)
        env.update(self.config.env)
        if self.config.database_url:
            env["DATABASE_URL"] = self.config.database_url
        return env

    def _spawn(self, name: str, command: List[str], env: Dict[str, str]) -> Tuple[subprocess.Popen, Path]:
        log = self.config.run_dir / f"{name}.log"
        out = None if self.config.debug else log.open("w")
        process = subprocess.Popen(
            command, cwd=settings.ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        self.processes.append((name, process))
        return process, log

    def start_actions(self) -> None:
        self.config.run_dir.mkdir(parents=True, exist_ok=True)
        command = [
            str(settings.VENV_BIN / "rasa"), "run", "actions", "--actions", "actions",
            "--port", str(self.config.action_port), *self._verbosity(),
        ]
        process, log = self._spawn("actions", command, self.env())
        wait_until_up(f"{self.action_url}/health", process, log, READY_TIMEOUT)

    def rasa_arguments(self) -> List[str]:
        """Writes this stack's credentials and endpoints; returns the arguments naming them."""
        run_dir = self.config.run_dir
        run_dir.mkdir(parents=True, exist_ok=True)
        env = self.env()
        self.disabled_channels = write_credentials(
            settings.ROOT / "credentials.yml", run_dir / "credentials.yml", env
        )
        write_endpoints(settings.ROOT / "endpoints.yml", run_dir / "endpoints.yml", self.config)
        return [
            "--model", str(self.config.model),
            "--credentials", str(run_dir / "credentials.yml"),
            "--endpoints", str(run_dir / "endpoints.yml"),
            *self._verbosity(),
        ]

    def start_rasa(self) -> None:
        command = [
            str(settings.VENV_BIN / "rasa"), "run", *self.rasa_arguments(),
            "--interface", self.config.host, "--port", str(self.config.rasa_port),
        ]
        process, log = self._spawn("rasa", command, self.env())
        wait_until_up(f"{self.rasa_url}/", process, log, READY_TIMEOUT)

    def _verbosity(self) -> List[str]:
        return ["--debug"] if self.config.debug else ["--quiet"]

    def start(self) -> None:
        """Starts both servers and returns once both answer; stops what started if one fails."""
        try:
            self.start_actions()
            self.start_rasa()
        except BaseException:
            self.stop()
            raise

    def wait(self) -> str:
        """Blocks until one of the servers exits; returns its name."""
        while True:
            for name, process in self.processes:
                if process.poll() is not None:
                    return name
            time.sleep(0.5)

    def stop(self) -> None:
        """Stops every process group this stack started: SIGTERM, then SIGKILL after 15 s."""
        for _, process in self.processes:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _, process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
            _signal_group(process, signal.SIGKILL)  # anything the server left in its group
        self.processes.clear()


def _signal_group(process: subprocess.Popen, sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
