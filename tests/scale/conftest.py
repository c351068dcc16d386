"""The bot scaled out, as README "Running it for many learners" describes, on real servers.

Two Rasa replicas and one action server, started by the launcher's `Stack` with nothing but the
environment a deployment sets (TRACKER_STORE_URL, REDIS_URL, DATABASE_URL, SERVE and
ACTION_SERVER_URL), share a real PostgreSQL (conversations, and the knowledge store) and a real
Redis (locks), behind a real nginx running the shipped deploy/nginx/rasa.conf. The replicas start
together, once for this folder's tests, and everything stops after them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from actions.store.load import load
from launcher import settings
from launcher.servers import Stack, StackConfig
from tests.helpers import eventually, free_port
from tests.servers import NginxServer, PostgresServer, RedisServer

DEPLOY_NGINX = settings.ROOT / "deploy" / "nginx"
SHIPPED_SERVER = re.compile(r"^server rasa:5005 (?P<options>[^;]*);$", re.MULTILINE)
LOCK_DATABASE = 2
LOG_WAIT = 10.0  # seconds nginx may take to log a request it has answered
ACTION_TIMEOUT = "20"  # seconds: two Rasa servers share two cores here; an apology is not the point


@dataclass
class Scaled:
    """The running replicas, the load balancer in front and the database behind them."""

    first: Stack  # the action server and replica one (SERVE=all)
    second: Stack  # replica two only (SERVE=rasa), calling the first stack's action server
    nginx: NginxServer
    tracker_url: str

    @property
    def replicas(self) -> dict[str, Stack]:
        """Each replica by the address nginx logs for it."""
        return {f"127.0.0.1:{s.config.rasa_port}": s for s in (self.first, self.second)}

    def served_by(self, method: str | None, path: str, at_least: int = 0) -> list[str]:
        """The replica nginx passed each request for `path` (by `method`, or any) to, oldest first
        (the last one it tried); waits for `at_least` of them, as nginx logs a request just after
        answering it."""
        found: list[str] = []

        def enough() -> bool:
            found[:] = self._served_by(method, path)
            return len(found) >= at_least

        eventually(enough, LOG_WAIT)
        return found

    def _served_by(self, method: str | None, path: str) -> list[str]:
        served = []
        for line in self.nginx.access_log.read_text().splitlines():
            logged_method, uri, _status, upstream = line.split(" ", 3)
            if method in (None, logged_method) and uri.startswith(path):
                served.append(upstream.split(", ")[-1])
        return served

    def events(self, sender: str) -> list[tuple[str, str | None, str]]:
        """The conversation's rows in the tracker database: (type, action name, JSON data)."""
        engine = create_engine(self.tracker_url, future=True)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    text("SELECT type_name, action_name, data FROM events WHERE sender_id = :s ORDER BY id"),
                    {"s": sender},
                )
                return [tuple(row) for row in rows]
        finally:
            engine.dispose()


def nginx_servers(stacks: list[Stack]) -> str:
    """deploy/nginx/rasa-servers.conf with the shipped server options, one line per replica here."""
    shipped = (DEPLOY_NGINX / "rasa-servers.conf").read_text()
    match = SHIPPED_SERVER.search(shipped)
    assert match, "deploy/nginx/rasa-servers.conf should list `server rasa:5005 ...;`"
    return "".join(f"server 127.0.0.1:{s.config.rasa_port} {match['options']};\n" for s in stacks)


def replica(model: Path, run_dir: Path, env: dict[str, str], **config: object) -> Stack:
    run_dir.mkdir()
    return Stack(
        StackConfig(
            model=model, run_dir=run_dir, rasa_port=free_port(), action_port=free_port(), env=env, **config
        )
    )


@pytest.fixture(scope="package")
def scaled(
    trained_model: Path,
    postgres: PostgresServer,
    redis_server: RedisServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Scaled]:
    store_url, tracker_url = postgres.create_database(), postgres.create_database()
    load(url=store_url)
    env = {
        "DATABASE_URL": store_url,
        "TRACKER_STORE_URL": tracker_url,
        "REDIS_URL": redis_server.url(LOCK_DATABASE),
        "ACTION_TIMEOUT": ACTION_TIMEOUT,
    }
    base = tmp_path_factory.mktemp("scaled")
    first = replica(trained_model, base / "first", env)
    second = replica(trained_model, base / "second", env, serve="rasa", action_server_url=first.action_url)
    failures: list[BaseException] = []

    def start_second() -> None:
        try:
            second.start()
        except BaseException as error:  # noqa: BLE001 - raised again in the test thread below
            failures.append(error)

    starting = threading.Thread(target=start_second)
    starting.start()  # the two replicas load their models together
    try:
        first.start()
    finally:
        starting.join()
    try:
        if failures:
            raise failures[0]
        site = (DEPLOY_NGINX / "rasa.conf").read_text()
        with NginxServer(site, {"rasa-servers.conf": nginx_servers([first, second])}) as nginx:
            yield Scaled(first, second, nginx, tracker_url)
    finally:
        second.stop()
        first.stop()
