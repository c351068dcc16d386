"""A crashed or hung action server: the learner gets a short apology, never silence, and the
conversation goes on where it was once the server is back. Nobody else waits for it."""

from __future__ import annotations

import os
import signal

from tests.faults.conftest import ACTION_TIMEOUT, FaultStack
from tests.faults.probes import health, pid, timed, wait_healthy
from tests.helpers import Conversation

APOLOGY = "I can't look that up right now"
BOUND = ACTION_TIMEOUT + 5  # the apology's delay may exceed the action timeout by Rasa's own work


def test_killed_action_server_gets_an_apology_then_is_restarted(faulty: FaultStack) -> None:
    chat, other = Conversation(faulty.url), Conversation(faulty.url)
    assert "Data engineer" in timed(chat, "what does a data engineer do?")[0]
    os.kill(pid(faulty, "actions"), signal.SIGKILL)

    reply, delay = timed(chat, "what skills do they need?")
    assert APOLOGY in reply and delay < BOUND
    assert "Hi!" in timed(other, "hello")[0]
    status, report = health(faulty.url)
    if status != 200:  # unless the supervisor was quicker than this request
        assert report["checks"]["action_server"]["ok"] is False

    wait_healthy(faulty.url, "the action server restarted and healthy")
    assert "Skills a data engineer needs" in timed(chat, "what skills do they need?")[0]


def test_hung_action_server_gets_an_apology_within_the_bound(faulty: FaultStack) -> None:
    chat, other = Conversation(faulty.url), Conversation(faulty.url)
    assert "Data analyst" in timed(chat, "what does a data analyst do?")[0]
    hung = pid(faulty, "actions")
    os.kill(hung, signal.SIGSTOP)
    try:
        reply, delay = timed(chat, "what skills do they need?")
        assert APOLOGY in reply and ACTION_TIMEOUT - 0.5 < delay < BOUND
        greeting, other_delay = timed(other, "hello")
        assert "Hi!" in greeting and other_delay < ACTION_TIMEOUT
        assert health(faulty.url)[1]["checks"]["action_server"]["ok"] is False
    finally:
        os.kill(hung, signal.SIGCONT)
    assert pid(faulty, "actions") == hung  # hung is not dead: not restarted
    assert "Skills a data analyst needs" in timed(chat, "what skills do they need?")[0]
