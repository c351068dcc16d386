"""Real servers that tests start for themselves (not the bot's own, see launcher/servers.py).

`PostgresServer` runs a throwaway PostgreSQL 15 cluster: its data directory and Unix socket in a
temporary directory, TCP on a free loopback port only, a random superuser password. PostgreSQL
refuses to run as root, so when the tests run as root the cluster belongs to the `postgres` system
user that Debian's package creates.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from tests.helpers import free_port

POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
POSTGRES_PACKAGES = "postgresql-15 (or Debian's `postgresql`, which pulls it in)"
SUPERUSER = "postgres"
DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


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
