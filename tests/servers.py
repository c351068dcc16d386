"""Real servers that tests start for themselves (not the bot's own, see launcher/servers.py).

`PostgresServer` runs a throwaway PostgreSQL 15 cluster: its data directory and Unix socket in a
temporary directory, TCP on a free loopback port only, a random superuser password. PostgreSQL
refuses to run as root, so when the tests run as root the cluster belongs to the `postgres` system
user that Debian's package creates. `RedisServer` and `NginxServer` (Debian's redis-server and
nginx, which run as root too) likewise listen on a free loopback port with their files in a
temporary directory. Each is stopped, and its files removed, at the end.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from tests.helpers import eventually, free_port, refused

POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
POSTGRES_PACKAGES = "postgresql-15 (or Debian's `postgresql`, which pulls it in)"
SUPERUSER = "postgres"
DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
REDIS_SERVER = Path(os.environ.get("REDIS_SERVER", "/usr/bin/redis-server"))
NGINX = Path(os.environ.get("NGINX", "/usr/sbin/nginx"))
LISTEN = re.compile(r"^\s*listen\s+[^;]+;", re.MULTILINE)


class PostgresServer:
    """A PostgreSQL server for one test session: `start()`, `create_database()`, `stop()`."""

    def __init__(self, bin_dir: Path = POSTGRES_BIN) -> None:
        self.bin_dir = bin_dir
        self.port = 0
        self.password = secrets.token_urlsafe(24)
        self.base: Path | None = None

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.stop()

    @property
    def data_dir(self) -> Path:
        assert self.base is not None, "the server has not been started"
        return self.base / "data"

    def start(self) -> None:
        """Creates the cluster and starts it; raises with the server's log if it does not come up."""
        missing = [name for name in ("initdb", "pg_ctl") if not (self.bin_dir / name).is_file()]
        if missing:
            raise RuntimeError(
                f"PostgreSQL binaries {', '.join(missing)} not found in {self.bin_dir}: install the"
                f" Debian package {POSTGRES_PACKAGES}, or set POSTGRES_BIN to their directory"
            )
        self.base = Path(tempfile.mkdtemp(prefix="test-postgres-"))
        owner = _owner()
        os.chown(self.base, owner.get("user", -1), owner.get("group", -1))
        (self.base / "password").write_text(self.password)
        self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            "--auth=scram-sha-256",
            f"--pwfile={self.base / 'password'}",
            "--encoding=UTF8",
            "--no-locale",
        )
        (self.base / "password").unlink()
        self.port = free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.base}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        try:
            self._run(
                "pg_ctl",
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.base / "server.log"),
                "-o",
                options,
            )
        except RuntimeError as error:
            log = (self.base / "server.log").read_text(errors="replace")
            raise RuntimeError(f"{error}\nserver log:\n{log}") from None

    def stop(self) -> None:
        """Stops the server (fast: open connections are ended) and removes its files."""
        if self.base is None:
            return
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "-m", "fast", "-w", "-D", str(self.data_dir))
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL (psycopg2) for one database on this server, as the superuser."""
        return URL.create(
            "postgresql+psycopg2",
            username=SUPERUSER,
            password=self.password,
            host="127.0.0.1",
            port=self.port,
            database=database,
        ).render_as_string(hide_password=False)

    def create_database(self, name: str | None = None) -> str:
        """Creates a new, empty database (a unique name unless one is given); returns its URL."""
        name = name or f"test_{uuid.uuid4().hex[:12]}"
        if not DATABASE_NAME.fullmatch(name):
            raise ValueError(f"database name {name!r} should match {DATABASE_NAME.pattern}")
        engine = create_engine(self.url(), future=True, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return self.url(name)

    def _run(self, program: str, *args: str) -> None:
        command: list[str] = [str(self.bin_dir / program), *args]
        done = subprocess.run(command, cwd=self.base, capture_output=True, text=True, **_owner())
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr or done.stdout}")


def _owner() -> dict[str, Any]:
    """subprocess arguments that run PostgreSQL's programs as a user they accept: as `postgres`
    when the tests run as root (initdb and pg_ctl refuse root), else as the current user."""
    if os.geteuid() != 0:
        return {}
    try:
        account = pwd.getpwnam(SUPERUSER)
    except KeyError:
        raise RuntimeError(
            "running as root, and there is no `postgres` user to run PostgreSQL as: install the"
            f" Debian package {POSTGRES_PACKAGES} (it creates the user)"
        ) from None
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


class RedisServer:
    """A Redis server for one test session: loopback only, a random password, no persistence."""

    def __init__(self, binary: Path = REDIS_SERVER) -> None:
        self.binary = binary
        self.port = 0
        self.password = secrets.token_urlsafe(24)
        self.base: Path | None = None
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.stop()

    def start(self) -> None:
        """Starts the server; raises with its log if it does not answer a PING."""
        if not self.binary.is_file():
            raise RuntimeError(f"No redis-server at {self.binary}: install the Debian package redis-server")
        self.base = Path(tempfile.mkdtemp(prefix="test-redis-"))
        self.port = free_port()
        config = self.base / "redis.conf"  # the password in a file, not on a command line `ps` shows
        config.write_text(
            f"bind 127.0.0.1\nport {self.port}\nrequirepass {self.password}\ndir {self.base}\n"
            'save ""\nappendonly no\nprotected-mode yes\nlogfile ""\n'
        )
        log = (self.base / "server.log").open("w")
        self.process = subprocess.Popen(
            [str(self.binary), str(config)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        if not eventually(self._answers, timeout=30):
            self.stop()
            raise RuntimeError("redis-server did not answer within 30 s")

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url(), socket_timeout=2).ping())
        except redis.RedisError:
            return False

    def url(self, database: int = 0) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Stops the server and removes its files."""
        if self.process is not None:
            stop_process(self.process)
            self.process = None
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None


class NginxServer:
    """nginx serving one site config on a free loopback port, its files in a temporary directory.

    `site` is an http-level config (as deploy/nginx/rasa.conf); its `listen` line is replaced by the
    test port and the `includes` (name → text) are written beside it for it to include.
    """

    def __init__(self, site: str, includes: dict[str, str], binary: Path = NGINX) -> None:
        self.site, self.includes, self.binary = site, includes, binary
        self.port = 0
        self.base: Path | None = None
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> NginxServer:
        self.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        assert self.base is not None, "the server has not been started"
        return self.base / "access.log"

    def start(self) -> None:
        if not self.binary.is_file():
            raise RuntimeError(f"No nginx at {self.binary}: install the Debian package nginx")
        self.base = Path(tempfile.mkdtemp(prefix="test-nginx-"))
        self.base.chmod(0o755)  # nginx's workers run as nobody when the tests run as root
        self.port = free_port()
        site, replaced = LISTEN.subn(f"listen 127.0.0.1:{self.port};", self.site)
        if replaced != 1:
            raise ValueError("the site config should have one `listen` line")
        for name, content in {**self.includes, "site.conf": site}.items():
            (self.base / name).write_text(content)
        (self.base / "nginx.conf").write_text(
            "daemon off;\nworker_processes 1;\n"
            f"pid {self.base / 'nginx.pid'};\nerror_log {self.base / 'error.log'} info;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "  log_format upstreamed '$request_method $uri $status $upstream_addr';\n"
            f"  access_log {self.access_log} upstreamed;\n"
            f"  client_body_temp_path {self.base / 'body'};\n  proxy_temp_path {self.base / 'proxy'};\n"
            f"  fastcgi_temp_path {self.base / 'fastcgi'};\n  uwsgi_temp_path {self.base / 'uwsgi'};\n"
            f"  scgi_temp_path {self.base / 'scgi'};\n"
            "  include site.conf;\n"
            "}\n"
        )
        command = [str(self.binary), "-p", str(self.base), "-c", str(self.base / "nginx.conf")]
        command += ["-e", str(self.base / "error.log")]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True
        )
        process = self.process
        listening = eventually(lambda: process.poll() is not None or not refused("127.0.0.1", self.port), 30)
        if process.poll() is not None or not listening:
            log = (self.base / "error.log").read_text(errors="replace")
            self.stop()
            raise RuntimeError(f"nginx did not start (exit {process.returncode}):\n{log}")

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, signal.SIGQUIT)  # nginx's graceful shutdown
            self.process = None
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None


def stop_process(process: subprocess.Popen, sig: signal.Signals = signal.SIGTERM) -> None:
    """Stops a server started in its own session: `sig`, then SIGKILL to its group after 15 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
