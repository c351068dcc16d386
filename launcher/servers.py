"""Starts, supervises and stops the action server and the Rasa server as one stack.

Both `make run` and the test suite use this, so the tests exercise exactly what users run. Each
server runs in its own process group and is stopped with it, leaving no process behind. The Rasa
server's credentials and endpoints are written per stack from the committed files: ports and
file locations filled in, and a channel whose credentials name unset environment variables left out.

Scaling out is configuration of the same stack (README "Running it for many learners"): a stack runs
both servers, or only one of them (`StackConfig.serve`), the Rasa server then calling an action
server elsewhere; TRACKER_STORE_URL and REDIS_URL in its environment put conversations in PostgreSQL
and locks in Redis, shared by every replica.

Once both answer, a thread restarts a server whose process exits (a crash, an OOM kill) after a
backoff, while the other keeps serving, and gives up only when a server failed to come back up several
times in a row (`RestartPolicy`). A server that is running but not answering (hung, SIGSTOPped) is
left alone: it has not crashed, and the Rasa server bounds its own wait for the action server.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from launcher import settings

ENV_REFERENCE = re.compile(r"\$\{([^}]+)\}")
READY_TIMEOUT = 300.0
CHECK_SECONDS = 0.5
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
LOCK_STORE = "server.lock_store.AtomicRedisLockStore"
WEB_CHANNEL = "channels.web.WebChatInput"
REDIS_SCHEMES = ("redis", "rediss", "unix")

# The Rasa server with the API on: Rasa takes the API's secrets only as arguments, which `ps` shows
# to every local user, so they are passed as `env:NAME` and replaced from the environment in-process.
SECRETS_FROM_ENV = (
    "import os, runpy, sys; "
    "sys.argv = [os.environ[a[4:]] if a.startswith('env:') else a for a in sys.argv]; "
    "runpy.run_module('server', run_name='__main__', alter_sys=True)"
)


@dataclass(frozen=True)
class RestartPolicy:
    """When a server that exited is started again: after 1 s, doubling up to 30 s. A server that has
    served for a minute has come back up; after `attempts` restarts in a row that did not, the stack
    gives up (the launcher then stops with an error rather than retry forever)."""

    first_delay: float = 1.0
    max_delay: float = 30.0
    healthy_after: float = 60.0
    attempts: int = 5

    def delay(self, in_a_row: int) -> float:
        return min(self.first_delay * 2**in_a_row, self.max_delay)


@dataclass
class StackConfig:
    """Where a stack listens, what it serves and where it keeps its files."""

    model: Path
    run_dir: Path = settings.RUN_DIR
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    database_url: str | None = None
    tracker_db: Path = settings.ROOT / "build" / "tracker.db"
    env: dict[str, str] = field(default_factory=dict)
    debug: bool = False
    enable_api: bool = False
    restarts: RestartPolicy = field(default_factory=RestartPolicy)
    serve: str = "all"  # "all", or only "rasa" (calling action_server_url) or only "actions"
    action_server_url: str | None = None  # the action server a "rasa" stack calls

    @property
    def runs(self) -> tuple[str, ...]:
        """The servers this stack runs, in the order they start."""
        return ("actions", "rasa") if self.serve == "all" else (self.serve,)


def client_host(host: str) -> str:
    """Where a client on this machine reaches a server bound to `host`: loopback for a wildcard."""
    return "127.0.0.1" if host in WILDCARD_HOSTS else host


def local_url(host: str, port: int) -> str:
    address = client_host(host)
    return f"http://[{address}]:{port}" if ":" in address else f"http://{address}:{port}"


def free_port(host: str) -> int:
    """A port free on `host` now, for servers nobody needs to find at a known port."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def api_arguments(env: Mapping[str, str]) -> list[str]:
    """`--enable-api` with each secret set in `env`, named rather than written (SECRETS_FROM_ENV);
    refuses an API without one."""
    secrets = [
        part for name, flag in settings.API_SECRETS.items() if env.get(name) for part in (flag, f"env:{name}")
    ]
    if not secrets:
        names = " nor ".join(settings.API_SECRETS)
        raise ValueError(f"RASA_ENABLE_API is set but neither {names} is: the API would be open to anyone")
    return ["--enable-api", *secrets]


def missing_env(section: object, env: Mapping[str, str]) -> list[str]:
    """The environment variables a credentials section refers to (`${NAME}`) that are not set."""
    names = ENV_REFERENCE.findall(yaml.safe_dump(section))
    return sorted({n for n in names if not env.get(n)})


def write_credentials(
    source: Path, target: Path, env: Mapping[str, str], exclude: Collection[str] = ()
) -> dict[str, list[str]]:
    """Copies the enabled channels to `target`; returns the left-out ones with what they lack
    (the channels in `exclude` with nothing: they are left out whatever is set)."""
    channels = yaml.safe_load(source.read_text()) or {}
    disabled = {name: missing_env(cfg, env) for name, cfg in channels.items()}
    disabled = {name: missing for name, missing in disabled.items() if missing or name in exclude}
    enabled = {name: cfg for name, cfg in channels.items() if name not in disabled}
    target.write_text(yaml.safe_dump(enabled, sort_keys=False))
    return disabled


def write_endpoints(source: Path, target: Path, config: StackConfig, env: Mapping[str, str]) -> None:
    """The Rasa server's endpoints: its action server, and where conversations and locks are kept.

    With TRACKER_STORE_URL or REDIS_URL in `env` (the Rasa server's environment) the tracker store is
    that database and the lock store that Redis, named as `${NAME}` for Rasa to read from its
    environment; otherwise the committed SQLite tracker store, in this stack's file.
    """
    endpoints = yaml.safe_load(source.read_text()) or {}
    endpoints["action_endpoint"] = {"url": f"{action_base_url(config)}/webhook"}
    if env.get(settings.TRACKER_STORE_URL):
        endpoints["tracker_store"] = {"type": "SQL", "url": f"${{{settings.TRACKER_STORE_URL}}}"}
    tracker = endpoints.get("tracker_store") or {}
    if tracker.get("type") == "SQL" and tracker.get("dialect") == "sqlite":
        config.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        tracker["db"] = str(config.tracker_db)
    if env.get(settings.REDIS_URL):
        endpoints["lock_store"] = {"type": LOCK_STORE, "url": f"${{{settings.REDIS_URL}}}"}
    target.write_text(yaml.safe_dump(endpoints, sort_keys=False))


def action_base_url(config: StackConfig) -> str:
    return config.action_server_url or local_url(config.host, config.action_port)


def sanic_workers(env: Mapping[str, str]) -> int:
    """The Rasa server's worker processes (SANIC_WORKERS, default 1), refused where Rasa would not
    run them: more than one need the Redis lock store, which serialises a conversation's messages
    across processes (Rasa itself would quietly run one)."""
    raw = env.get(settings.SANIC_WORKERS, "").strip() or "1"
    try:
        workers = int(raw)
    except ValueError:
        raise ValueError(f"SANIC_WORKERS={raw!r} is not a whole number") from None
    if workers < 1:
        raise ValueError(f"SANIC_WORKERS={workers}: at least one worker is needed")
    if workers > 1 and not env.get(settings.REDIS_URL):
        raise ValueError(
            f"SANIC_WORKERS={workers} needs REDIS_URL: worker processes share conversations through "
            "the Redis lock store"
        )
    return workers


def check_store_urls(env: Mapping[str, str]) -> None:
    """Refuses a TRACKER_STORE_URL or REDIS_URL the servers could not use, before Rasa loads a model
    to find out (`postgres://`, which some hosts hand out, is not a scheme SQLAlchemy knows)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    tracker = env.get(settings.TRACKER_STORE_URL)
    if tracker:
        try:
            usable = make_url(tracker).get_backend_name() != "postgres"
        except ArgumentError:
            usable = False
        if not usable:
            raise ValueError(
                "TRACKER_STORE_URL is not a database URL: write postgresql://user:password@host:5432/db"
            )
    redis_url = env.get(settings.REDIS_URL)
    if redis_url and redis_url.split("://", 1)[0] not in REDIS_SCHEMES:
        raise ValueError(
            "REDIS_URL is not a Redis URL: write redis://:password@host:6379/1 (rediss:// for TLS)"
        )


def answers(url: str, timeout: float = 5) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    """Polls `url` until it answers; fails early with the log's tail if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
            raise RuntimeError(f"{log.name} process exited ({process.returncode}):\n{tail}")
        if answers(url):
            return
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s; see {log}")


def describe_exit(code: int) -> str:
    if code >= 0:
        return f"exit {code}"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:  # a real-time signal has no name of its own
        return f"killed by signal {-code}"


def stamped(line: str) -> str:
    return f"{time.strftime('%Y-%m-%d %H:%M:%S')} launcher: {line}"


class GaveUp(RuntimeError):
    """A server failed to come back up `RestartPolicy.attempts` times in a row."""


class Server:
    """One server process, started again by `check` after it exits."""

    def __init__(
        self,
        name: str,
        command: list[str],
        env: dict[str, str],
        health_url: str,
        log: Path,
        policy: RestartPolicy,
        debug: bool = False,
    ) -> None:
        self.name, self.command, self.env, self.health_url, self.log = name, command, env, health_url, log
        self.policy, self.debug = policy, debug
        self.process: subprocess.Popen | None = None
        self.up_since: float | None = None  # when it last began answering; None until it does
        self.restart_at: float | None = None  # set while the backoff runs
        self.deadline = 0.0  # by when a restarted process must answer
        self.in_a_row = 0  # restarts since it last served for `healthy_after`
        self.restarts = 0

    @property
    def serving(self) -> bool:
        """Started (or restarted), answered, and still running."""
        return self.up_since is not None and self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Starts the server on a fresh log; returns once it answers."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.write_text("")
        self._spawn()
        assert self.process is not None
        wait_until_up(self.health_url, self.process, self.log, READY_TIMEOUT)
        self.up_since = time.monotonic()

    def _spawn(self) -> None:
        with self.log.open("a") as out:  # a restarted server appends to its log
            self.process = subprocess.Popen(
                self.command,
                cwd=settings.ROOT,
                env=self.env,
                stdout=None if self.debug else out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def check(self) -> None:
        """One supervision step: notices an exit, restarts after the backoff, notes when it is back.

        Raises GaveUp when the server failed to come back up `attempts` times in a row.
        """
        assert self.process is not None
        now = time.monotonic()
        if self.restart_at is not None:
            if now >= self.restart_at:
                self._restart(now)
        elif self.process.poll() is not None:
            self.signal(signal.SIGKILL)  # whatever it left in its group, which may hold its port
            self._schedule_restart(now, describe_exit(self.process.returncode))
        elif self.up_since is None:
            self._await_answer(now)
        elif now - self.up_since >= self.policy.healthy_after:
            self.in_a_row = 0

    def _schedule_restart(self, now: float, why: str) -> None:
        if self.up_since is not None and now - self.up_since >= self.policy.healthy_after:
            self.in_a_row = 0
        if self.in_a_row >= self.policy.attempts:
            self._log(f"the {self.name} server could not come back up; giving up")  # the launcher says why
            raise GaveUp(
                f"the {self.name} server could not come back up {self.policy.attempts} times in a row "
                f"(last: {why}); see {self.log}"
            )
        delay = self.policy.delay(self.in_a_row)
        self.in_a_row += 1
        self.up_since, self.restart_at = None, now + delay
        self._report(f"the {self.name} server stopped ({why}); restarting it in {delay:g} s")

    def _restart(self, now: float) -> None:
        self.restart_at, self.deadline = None, now + READY_TIMEOUT
        self.restarts += 1
        try:
            self._spawn()
        except OSError as error:
            self._schedule_restart(now, f"could not start: {error}")

    def _await_answer(self, now: float) -> None:
        if answers(self.health_url, timeout=2):
            self.up_since = now
            self._report(f"the {self.name} server is back (restart {self.restarts})")
        elif now >= self.deadline:
            self.signal(signal.SIGKILL)
            self._schedule_restart(now, f"no answer within {READY_TIMEOUT:.0f} s")

    def _report(self, line: str) -> None:
        """A line on the terminal and in the server's log, where an operator looks for either."""
        print(stamped(line), file=sys.stderr, flush=True)
        self._log(line)

    def _log(self, line: str) -> None:
        try:
            with self.log.open("a") as log:
                log.write(stamped(line) + "\n")
        except OSError as error:  # a full disk must not end the supervision
            print(f"(not written to {self.log}: {error})", file=sys.stderr, flush=True)

    def signal(self, sig: signal.Signals) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)

    def wait_stopped(self, deadline: float) -> None:
        """Waits for the process until `deadline`, kills it if need be, then what it left behind."""
        if self.process is None:
            return
        try:
            self.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.process.wait()
        self.signal(signal.SIGKILL)


class Stack:
    """The action server and the Rasa server for one model (or one of them, `StackConfig.serve`),
    supervised once started."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.servers: dict[str, Server] = {}
        self.disabled_channels: dict[str, list[str]] = {}
        self.failure = ""
        self._stopping = threading.Event()
        self._gave_up = threading.Event()
        self._supervisor: threading.Thread | None = None

    @property
    def rasa_url(self) -> str:
        return local_url(self.config.host, self.config.rasa_port)

    @property
    def action_url(self) -> str:
        return action_base_url(self.config)

    def env(self) -> dict[str, str]:
        env = settings.child_env(self.config.debug)
        env.update(self.config.env)
        if self.config.database_url:
            env["DATABASE_URL"] = self.config.database_url
        return env

    def action_server(self) -> Server:
        env = self.env()
        env["SANIC_HOST"] = self.config.host  # rasa_sdk's interface (its default is every one)
        command = [
            str(settings.VENV_BIN / "rasa"),
            "run",
            "actions",
            "--actions",
            "actions",
            "--port",
            str(self.config.action_port),
            *self._verbosity(),
        ]
        return self._server("actions", command, env, f"{self.action_url}/health")

    def rasa_server(self) -> Server:
        """The Rasa server (`python -m server run`: Rasa's CLI with this project's guards)."""
        env = self.env()
        for name, value in settings.RASA_SERVER_ENV.items():
            env.setdefault(name, value)
        check_store_urls(env)
        api = api_arguments(env) if self.config.enable_api else []
        program = ["-c", SECRETS_FROM_ENV] if self.config.enable_api else ["-m", "server"]
        command = [
            str(settings.VENV_BIN / "python"),
            *program,
            "run",
            *self._rasa_arguments(env),
            *api,
            "--interface",
            self.config.host,
            "--port",
            str(self.config.rasa_port),
        ]
        return self._server("rasa", command, env, f"{self.rasa_url}/")

    def _server(self, name: str, command: list[str], env: dict[str, str], health_url: str) -> Server:
        log = self.config.run_dir / f"{name}.log"
        return Server(name, command, env, health_url, log, self.config.restarts, self.config.debug)

    def _rasa_arguments(self, env: dict[str, str]) -> list[str]:
        """Writes this stack's credentials and endpoints; returns the arguments naming them."""
        run_dir = self.config.run_dir
        run_dir.mkdir(parents=True, exist_ok=True)
        # Socket.IO keeps each browser's session in one process: several workers behind one port
        # would break the web chat, which scales by replicas behind a sticky load balancer instead.
        exclude = [WEB_CHANNEL] if sanic_workers(env) > 1 else []
        self.disabled_channels = write_credentials(
            settings.ROOT / "credentials.yml", run_dir / "credentials.yml", env, exclude
        )
        write_endpoints(settings.ROOT / "endpoints.yml", run_dir / "endpoints.yml", self.config, env)
        return [
            "--model",
            str(self.config.model),
            "--credentials",
            str(run_dir / "credentials.yml"),
            "--endpoints",
            str(run_dir / "endpoints.yml"),
            *self._verbosity(),
        ]

    def _verbosity(self) -> list[str]:
        return ["--debug"] if self.config.debug else ["--quiet"]

    def start(self) -> None:
        """Starts its servers, returns once they answer and supervises them from then on; stops
        what started if one fails."""
        makers = {"actions": self.action_server, "rasa": self.rasa_server}
        try:
            for name in self.config.runs:
                server = makers[name]()
                self.servers[server.name] = server
                server.start()
        except BaseException:
            self.stop()
            raise
        self._supervisor = threading.Thread(target=self._supervise, name="stack-supervisor", daemon=True)
        self._supervisor.start()

    def _supervise(self) -> None:
        while not self._stopping.wait(CHECK_SECONDS):
            try:
                for server in self.servers.values():
                    server.check()
            except Exception as error:  # GaveUp, or anything else ending supervision: say so, loudly
                self.failure = str(error) or repr(error)
                self._gave_up.set()
                return

    def wait(self) -> str:
        """Blocks until the supervision gives up on a server; returns why."""
        while not self._gave_up.wait(1.0):
            pass
        return self.failure

    def stop(self) -> None:
        """Ends the supervision, then stops every process group this stack started: SIGTERM, then
        SIGKILL after 15 s."""
        self._stopping.set()
        if self._supervisor is not None:
            self._supervisor.join()
        for server in self.servers.values():
            server.signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for server in self.servers.values():
            server.wait_stopped(deadline)
        self.servers.clear()
