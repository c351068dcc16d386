"""The baseline: the stock bot `rasa init` creates, with its default config, trained and served in
the same run as ours.

The project is Rasa's own scaffold, copied the way `rasa init` copies it
(`rasa.cli.scaffold.create_initial_project`), without the training `rasa init --no-prompt` runs by
itself: the benchmark trains it once, timed, with `rasa train --force`. It is served by `rasa run`
with the scaffold's endpoints (no action server, conversations in memory) on a free loopback port,
supervised by the launcher's own `Server` like ours.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from launcher import settings
from launcher.servers import RestartPolicy, Server, free_port, local_url
from tools.bench.measure import Training, timed_training

HOST = "127.0.0.1"
MODEL_NAME = "stock"


def create(project: Path) -> None:
    """A fresh `rasa init` project in `project` (whatever was there is replaced)."""
    from rasa.cli.scaffold import create_initial_project

    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    create_initial_project(str(project))


def model(project: Path) -> Path:
    return project / "models" / f"{MODEL_NAME}.tar.gz"


def train(project: Path, cache: Path, log: Path) -> Training:
    """`rasa train --force` of the stock project with an empty cache of its own, timed."""
    shutil.rmtree(cache, ignore_errors=True)
    command = [
        str(settings.VENV_BIN / "rasa"),
        "train",
        "--force",
        "--out",
        str(project / "models"),
        "--fixed-model-name",
        MODEL_NAME,
    ]
    env = {**settings.child_env(), "RASA_CACHE_DIRECTORY": str(cache)}
    return timed_training(command, project, env, log)


def server(project: Path, log: Path) -> Server:
    """The stock bot's `rasa run` on a free loopback port (not started yet)."""
    port = free_port(HOST)
    command = [
        str(settings.VENV_BIN / "rasa"),
        "run",
        "--model",
        str(model(project)),
        "--endpoints",
        str(project / "endpoints.yml"),
        "--credentials",
        str(project / "credentials.yml"),
        "--interface",
        HOST,
        "--port",
        str(port),
        "--quiet",
    ]
    url = local_url(HOST, port)
    return Server("stock", command, settings.child_env(), f"{url}/", log, RestartPolicy(attempts=0))


def url_of(stock: Server) -> str:
    """The base URL a stock `Server` listens on (its health URL is the root)."""
    return stock.health_url.rstrip("/")
