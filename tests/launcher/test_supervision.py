"""The supervisor: a server that dies is started again while the other keeps serving, each restart is
logged, and a server that cannot come back up is given up on with a clear error, not retried forever.

The first test kills the session's own action server and leaves it restarted and answering.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import time
from pathlib import Path

import pytest

from launcher.servers import GaveUp, RestartPolicy, Stack, StackConfig, answers
from tests.helpers import Conversation, free_port

RESTART_BOUND = 120  # seconds; a restart takes a few


def test_a_killed_action_server_is_restarted_while_the_rasa_server_keeps_serving(stack: Stack) -> None:
    actions, rasa = stack.servers["actions"], stack.servers["rasa"]
    assert actions.process is not None and rasa.process is not None
    restarts, rasa_pid, rasa_restarts = actions.restarts, rasa.process.pid, rasa.restarts

    os.kill(actions.process.pid, signal.SIGKILL)
    rasa_answered_during_outage = False
    deadline = time.monotonic() + RESTART_BOUND
    while not (actions.restarts > restarts and actions.serving):
        assert time.monotonic() < deadline, f"the action server was not back within {RESTART_BOUND} s"
        if not answers(f"{stack.action_url}/health", timeout=1):
            rasa_answered_during_outage |= answers(f"{stack.rasa_url}/", timeout=5)
        time.sleep(0.2)

    assert rasa_answered_during_outage
    assert (rasa.process.pid, rasa.restarts) == (rasa_pid, rasa_restarts)  # the Rasa server was left alone
    reply = Conversation(stack.rasa_url).say("what skills does a data scientist need?")
    assert reply.startswith("Skills a data scientist needs")  # an action's answer: the new server's
    log = (stack.config.run_dir / "actions.log").read_text()
    # Written before the restart: had the restarted server truncated its log, this line would be gone.
    assert re.search(r"the actions server stopped \(killed by SIGKILL\); restarting it in \d+ s", log)
    assert f"the actions server is back (restart {actions.restarts})" in log


def test_a_server_that_cannot_come_back_up_is_given_up_on(trained_model: Path, tmp_path: Path) -> None:
    """Its port is taken while it is down, so every restart fails; after `attempts` the supervisor
    raises instead of retrying forever (the launcher then stops with that error)."""
    policy = RestartPolicy(first_delay=0.1, attempts=2)
    config = StackConfig(model=trained_model, run_dir=tmp_path, action_port=free_port(), restarts=policy)
    server = Stack(config).action_server()
    server.start()
    try:
        assert server.process is not None
        os.kill(server.process.pid, signal.SIGKILL)
        with (
            taken(config.host, config.action_port),
            pytest.raises(GaveUp, match="the actions server could not come back up 2 times in a row"),
        ):
            deadline = time.monotonic() + RESTART_BOUND
            while time.monotonic() < deadline:
                server.check()
                time.sleep(0.1)
    finally:
        server.signal(signal.SIGKILL)
    assert server.restarts == 2
    log = (tmp_path / "actions.log").read_text()
    assert len(re.findall(r"restarting it in", log)) == 2
    assert "the actions server could not come back up; giving up" in log


def taken(host: str, port: int) -> socket.socket:
    """A socket listening on host:port, bound as soon as the killed server has let go of it."""
    squatter = socket.socket()
    squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    deadline = time.monotonic() + 30
    while True:
        try:
            squatter.bind((host, port))
            break
        except OSError:
            assert time.monotonic() < deadline, f"{host}:{port} was not released"
            time.sleep(0.05)
    squatter.listen()
    return squatter


def test_a_hung_server_is_not_taken_for_a_crashed_one(trained_model: Path, tmp_path: Path) -> None:
    """SIGSTOPped, the action server is still running: checked for many backoff delays over, it is
    left alone (the Rasa server bounds its wait instead), and answers again when continued."""
    policy = RestartPolicy(first_delay=0.1)
    config = StackConfig(model=trained_model, run_dir=tmp_path, action_port=free_port(), restarts=policy)
    server = Stack(config).action_server()
    server.start()
    try:
        assert server.process is not None
        pid = server.process.pid
        os.kill(pid, signal.SIGSTOP)
        for _ in range(30):  # 3 s: thirty times the first restart delay
            server.check()
            time.sleep(0.1)
        assert (server.process.pid, server.restarts) == (pid, 0)
        os.kill(pid, signal.SIGCONT)
        assert answers(server.health_url, timeout=30)
    finally:
        server.signal(signal.SIGKILL)
