"""The load generator's arithmetic and its bounds, against a fake server (no timing asserted)."""

from __future__ import annotations

import asyncio
import math

import pytest

from tools.bench.load import Level, closed_loop, one_conversation, percentile, rest_sender


def test_percentiles_are_measured_values_by_nearest_rank() -> None:
    values = [0.5, 0.1, 0.4, 0.2, 0.3]
    assert percentile(values, 50) == 0.3
    assert percentile(values, 95) == 0.5
    assert percentile(values, 20) == 0.1
    assert percentile(values, 21) == 0.2
    assert percentile(list(range(1, 101)), 95) == 95
    assert percentile(list(range(1, 101)), 99) == 99
    assert percentile([7.0], 99) == 7.0


@pytest.mark.parametrize("q", [0, -1, 101])
def test_a_percentile_outside_0_to_100_is_refused(q: float) -> None:
    with pytest.raises(ValueError):
        percentile([1.0], q)


def test_no_values_have_no_percentile() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)


def test_a_level_summarises_throughput_latency_and_cpu() -> None:
    level = Level(10, 2.0, tuple([0.1] * 9 + [1.0]), failures=2, cpu_seconds={"rasa": 0.5, "actions": 0.1})
    summary = level.summary()
    assert summary["throughput"] == 5.0
    assert summary["p50_ms"] == 100.0 and summary["p99_ms"] == 1000.0
    assert summary["cpu_ms_per_message"] == {"rasa": 50.0, "actions": 10.0}
    assert summary["failures"] == 2 and summary["messages"] == 10
    assert math.isnan(Level(1, 1.0, (), 0).p(50))


class FakeServer:
    """Answers every message after `delay` s, counting what is in flight at once per conversation."""

    def __init__(self, delay: float = 0.0, fail_every: int = 0) -> None:
        self.delay, self.fail_every = delay, fail_every
        self.sent: list[tuple[str, str]] = []
        self.in_flight: dict[str, int] = {}
        self.most_in_flight = 0

    async def send(self, sender: str, text: str) -> bool:
        self.sent.append((sender, text))
        self.in_flight[sender] = self.in_flight.get(sender, 0) + 1
        self.most_in_flight = max(self.most_in_flight, sum(self.in_flight.values()))
        assert self.in_flight[sender] == 1, "a conversation sent before its last message was answered"
        await asyncio.sleep(self.delay)
        self.in_flight[sender] -= 1
        return not (self.fail_every and len(self.sent) % self.fail_every == 0)


def test_the_loop_stops_at_its_request_budget_in_conversations_of_n_turns() -> None:
    server = FakeServer()
    level = asyncio.run(closed_loop(server.send, ["a", "b", "c"], 4, 10, 60.0, 95))
    assert len(server.sent) == 95 and len(level.latencies) == 95 and level.failures == 0
    per_conversation: dict[str, int] = {}
    for sender, _ in server.sent:
        per_conversation[sender] = per_conversation.get(sender, 0) + 1
    assert max(per_conversation.values()) == 10
    assert len({sender.rsplit("-", 2)[1] for sender in per_conversation}) == 4  # four loops
    assert level.conversations == 4


def test_the_loop_keeps_at_most_one_message_in_flight_per_conversation() -> None:
    server = FakeServer(delay=0.001)
    asyncio.run(closed_loop(server.send, ["q"], 5, 3, 60.0, 60))
    assert server.most_in_flight == 5


def test_the_loop_stops_at_its_deadline_even_with_budget_left() -> None:
    server = FakeServer(delay=0.01)
    level = asyncio.run(closed_loop(server.send, ["q"], 2, 10, 0.2, 1_000_000))
    assert 0 < len(server.sent) < 1_000_000
    assert len(server.sent) == len(level.latencies)


def test_failed_answers_are_counted_not_timed() -> None:
    server = FakeServer(fail_every=4)
    level = asyncio.run(closed_loop(server.send, ["q"], 1, 10, 60.0, 20))
    assert level.failures == 5 and len(level.latencies) == 15


def test_one_conversation_asks_in_turn_and_marks_failed_turns() -> None:
    server = FakeServer(fail_every=3)
    found = asyncio.run(one_conversation(server.send, ["a", "b"], 7))
    assert [text for _, text in server.sent] == ["a", "b", "a", "b", "a", "b", "a"]
    assert len({sender for sender, _ in server.sent}) == 1
    assert [x is None for x in found] == [False, False, True, False, False, True, False]


def test_the_generator_only_loads_servers_on_this_machine() -> None:
    with pytest.raises(ValueError, match="loopback"):
        rest_sender(None, "http://example.com:5005")  # type: ignore[arg-type]
    assert rest_sender(None, "http://127.0.0.1:5005")  # type: ignore[arg-type]
