"""The closed-loop REST load generator: N conversations at once, each sending its next message as
soon as the previous one is answered, over the REST channel on loopback.

Closed loop, because that is how learners behave (nobody types before the answer arrives) and it
cannot overload the server beyond N requests in flight. Every level is bounded both in time and in
requests, and every request in time, so a slow or stuck server ends the level instead of the run.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import aiohttp

Send = Callable[[str, str], Awaitable[bool]]
"""Sends one message (sender id, text) and says whether the server answered it (an error, a timeout
or a refused connection is a failure; an empty list of replies is an answer: the stock bot gives one
when its policies predict listening)."""

REQUEST_TIMEOUT = 30.0
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile `q` (0-100] of `values`: a value that was measured, never an
    interpolation between two, so p99 of 10 latencies is the slowest one."""
    if not values:
        raise ValueError("no values")
    if not 0 < q <= 100:
        raise ValueError(f"percentile {q} is not in (0, 100]")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Level:
    """What one load level measured: answered messages, their latencies (seconds), failures."""

    conversations: int
    elapsed: float
    latencies: tuple[float, ...]
    failures: int
    cpu_seconds: Mapping[str, float] = field(default_factory=dict)
    """CPU seconds each measured server's process tree used over the level, by server name."""

    @property
    def throughput(self) -> float:
        """Messages answered a second over the level."""
        return len(self.latencies) / self.elapsed if self.elapsed > 0 else 0.0

    def p(self, q: float) -> float:
        return percentile(self.latencies, q) if self.latencies else math.nan

    def summary(self) -> dict[str, float]:
        return {
            "conversations": self.conversations,
            "messages": len(self.latencies),
            "failures": self.failures,
            "seconds": round(self.elapsed, 2),
            "throughput": round(self.throughput, 2),
            "p50_ms": round(self.p(50) * 1000, 1),
            "p95_ms": round(self.p(95) * 1000, 1),
            "p99_ms": round(self.p(99) * 1000, 1),
            "cpu_ms_per_message": {
                name: round(seconds * 1000 / len(self.latencies), 1) if self.latencies else math.nan
                for name, seconds in self.cpu_seconds.items()
            },
        }


@dataclass
class Budget:
    """How many requests may still start, and until when."""

    requests: int
    deadline: float
    started: int = field(default=0)

    def take(self) -> bool:
        """Whether one more request may start now (and counts it if so)."""
        if self.started >= self.requests or time.monotonic() >= self.deadline:
            return False
        self.started += 1
        return True


async def closed_loop(
    send: Send,
    questions: Sequence[str],
    conversations: int,
    turns: int,
    seconds: float,
    max_requests: int,
    prefix: str = "",
) -> Level:
    """Runs `conversations` closed loops for `seconds` or `max_requests` messages, whichever ends
    first. Each loop talks in conversations of `turns` messages, then starts a new one, so the
    level measures conversations of that length however long it runs."""
    prefix = prefix or uuid.uuid4().hex[:8]
    budget = Budget(max_requests, time.monotonic() + seconds)
    latencies: list[float] = []
    failures = 0
    start = time.monotonic()

    async def loop(worker: int) -> None:
        nonlocal failures
        asked = itertools.cycle(questions[worker % len(questions) :] + questions[: worker % len(questions)])
        for number in itertools.count():
            sender = f"bench-{prefix}-{conversations}-{worker}-{number}"
            for _ in range(turns):
                if not budget.take():
                    return
                began = time.monotonic()
                if await send(sender, next(asked)):
                    latencies.append(time.monotonic() - began)
                else:
                    failures += 1

    await asyncio.gather(*(loop(w) for w in range(conversations)))
    return Level(conversations, time.monotonic() - start, tuple(latencies), failures)


async def one_conversation(send: Send, questions: Sequence[str], turns: int) -> list[float | None]:
    """One conversation of `turns` messages, one at a time: each turn's latency (None if it failed)."""
    sender = f"bench-long-{uuid.uuid4().hex[:8]}"
    asked = itertools.cycle(questions)
    found: list[float | None] = []
    for _ in range(turns):
        began = time.monotonic()
        ok = await send(sender, next(asked))
        found.append(time.monotonic() - began if ok else None)
    return found


def rest_sender(session: aiohttp.ClientSession, base_url: str) -> Send:
    """Sends to the REST channel at `base_url`, which must be on this machine: the generator never
    loads anything but a local server."""
    host = urlsplit(base_url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"{base_url} is not on loopback: the benchmark only loads local servers")
    url = f"{base_url}/webhooks/rest/webhook"
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)

    async def send(sender: str, text: str) -> bool:
        try:
            async with session.post(url, json={"sender": sender, "message": text}, timeout=timeout) as r:
                return r.status == 200 and isinstance(await r.json(), list)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return False

    return send


async def measure_levels(
    base_url: str,
    questions: Sequence[str],
    levels: Sequence[int],
    turns: int,
    seconds: float,
    long_turns: int,
    cpu: Callable[[], Mapping[str, float]] | None = None,
) -> tuple[list[Level], list[float | None]]:
    """Warms the server up, runs each level, then one conversation of `long_turns` messages.
    With `cpu` (each server's CPU seconds so far), each level also says how much CPU it took."""
    connector = aiohttp.TCPConnector(limit=max(levels) + 5)
    async with aiohttp.ClientSession(connector=connector) as session:
        send = rest_sender(session, base_url)
        await closed_loop(send, questions, 2, turns, 10.0, 20, prefix="warmup")
        found = []
        for conversations in levels:
            cap = int(conversations * seconds * 50) + 100  # far above any rate this machine reaches
            before = cpu() if cpu else {}
            level = await closed_loop(send, questions, conversations, turns, seconds, cap)
            if cpu:
                after = cpu()
                level = replace(level, cpu_seconds={name: after[name] - before[name] for name in before})
            found.append(level)
        long = await one_conversation(send, questions, long_turns) if long_turns else []
    return found, long
