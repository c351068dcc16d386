"""Session-wide fixtures: one store, one trained model and one running stack for the whole run.

Training takes minutes and a Rasa server over a gigabyte, so the model is trained (or reused when
nothing changed, exactly as `make run` does) once per session, and one action server plus one Rasa
server serve every conversation test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from actions.store.load import load
from launcher import settings
from launcher.prepare import prepare
from launcher.servers import Stack, StackConfig
from tests.browser import BROWSER_ARGS, CHROMIUM
from tests.fakes.slack_api import FakeSlackApi
from tests.helpers import REVIEW_TOKEN, free_port
from tests.servers import PostgresServer, RedisServer

ROOT = settings.ROOT
INTEGRATION_FIXTURES = {"trained_model", "stack", "postgres"}
"""Fixtures that train a model or start real servers; `slack`, `faulty` and the like use them."""
INTEGRATION_FILES = {"test_rasa_cli.py", "test_content_update.py"}
"""Test files running Rasa's CLI or the launcher (training when the checkout changed) on the project."""


def _is_integration(item: pytest.Item) -> bool:
    """Whether a test needs the trained model, real servers, Rasa's CLI or the launcher: a fixture above
    (directly or through another fixture), a store URL parametrized as `postgresql`, or a file above."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    return (
        bool(INTEGRATION_FIXTURES.intersection(getattr(item, "fixturenames", ())))
        or "postgresql" in params.values()
        or item.path.name in INTEGRATION_FILES
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks the tests that need the trained model or real servers `integration`, which
    `make test-fast` leaves out, so no test has to say it."""
    for item in items:
        if _is_integration(item):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLite store loaded from data/knowledge, set as DATABASE_URL for in-process actions."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'knowledge.db'}"
    load(url=url)
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    yield url
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL 15 server on a loopback port, started on first use and stopped at the end
    of the run; `postgres.create_database()` gives each test its own database's URL."""
    with PostgresServer() as server:
        yield server


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real Redis 7 server on a loopback port with a password, for the run; each user takes its
    own database number or key names."""
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model `make run` would serve, trained here only if data or config changed."""
    return prepare()


@pytest.fixture(scope="session")
def slack_api() -> Iterator[FakeSlackApi]:
    """Slack's Web API faked on a loopback port; the stack's Slack channel posts to it."""
    with FakeSlackApi() as api:
        yield api


@pytest.fixture(scope="session")
def stack(
    trained_model: Path, tmp_path_factory: pytest.TempPathFactory, slack_api: FakeSlackApi
) -> Iterator[Stack]:
    """The action server and the Rasa server, running for the whole session on free ports.

    Slack is enabled against the fake API, so the Slack tests talk to this same stack; so is the
    review page (REVIEW_TOKEN).
    """
    run_dir = tmp_path_factory.mktemp("stack")
    running = Stack(
        StackConfig(
            model=trained_model,
            run_dir=run_dir,
            rasa_port=free_port(),
            action_port=free_port(),
            tracker_db=run_dir / "tracker.db",
            env={**slack_api.env(), "REVIEW_TOKEN": REVIEW_TOKEN},
        )
    )
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The system's Chromium (never a downloaded one), for one test module."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()
