"""The Rasa server dies mid-conversation: it is restarted, and the conversation goes on where it
was (the tracker is in the database, not in the process)."""

from __future__ import annotations

import os
import signal

from tests.faults.conftest import FaultStack
from tests.faults.probes import pid, timed, wait_healthy
from tests.helpers import Conversation


def test_killed_rasa_server_is_restarted_and_keeps_the_conversation(faulty: FaultStack) -> None:
    chat = Conversation(faulty.url)
    assert "Machine learning engineer" in timed(chat, "what does a machine learning engineer do?")[0]
    killed = pid(faulty, "rasa")
    os.kill(killed, signal.SIGKILL)
    wait_healthy(faulty.url, "the Rasa server restarted and healthy", timeout=240)
    assert pid(faulty, "rasa") != killed
    assert "£54,668" in timed(chat, "and what do they earn?")[0]
