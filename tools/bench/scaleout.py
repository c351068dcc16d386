"""Our Rasa server as 1 and as 2 processes (SANIC_WORKERS) on PostgreSQL + Redis, as README
"Running it for many learners" runs it: conversations in PostgreSQL, locks in Redis.

PostgreSQL and Redis are the throwaway loopback servers the scale-out tests start (tests/servers.py);
without their Debian packages this part is skipped and the report says so.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import Any

from launcher import settings
from launcher.prepare import prepare
from launcher.servers import Stack
from tools.bench.load import measure_levels
from tools.bench.measure import cpu_seconds, tree_rss

LEVELS = (10, 50)


def bench_scaleout(
    args: argparse.Namespace, questions: list[str], make_stack: Callable[..., Stack]
) -> dict[str, Any]:
    """Throughput and latency at LEVELS conversations with 1 and with 2 Rasa processes."""
    from tests.servers import PostgresServer, RedisServer

    postgres, redis = PostgresServer(), RedisServer()
    try:
        postgres.start()
        redis.start()
    except RuntimeError as error:  # a server not installed: the rest of the report still stands
        redis.stop()
        postgres.stop()
        return {"skipped": str(error).splitlines()[0]}
    found: dict[str, Any] = {}
    try:
        model = prepare()
        for workers in (1, 2):
            env = {
                settings.TRACKER_STORE_URL: postgres.create_database(f"bench_{workers}"),
                settings.REDIS_URL: redis.url(),
                settings.SANIC_WORKERS: str(workers),
            }
            stack = make_stack(model, env, f"scaleout-{workers}")
            try:
                stack.start()
                rasa = stack.servers["rasa"].process
                assert rasa is not None
                levels, _ = asyncio.run(
                    measure_levels(
                        stack.rasa_url,
                        questions,
                        LEVELS,
                        args.turns,
                        args.seconds,
                        0,
                        lambda pid=rasa.pid: {"rasa": cpu_seconds(pid)},
                    )
                )
                found[str(workers)] = {
                    "levels": [level.summary() for level in levels],
                    "rss_gb": round(tree_rss(rasa.pid) / 1e9, 2),
                }
            finally:
                stack.stop()
    finally:
        redis.stop()
        postgres.stop()
    return found
