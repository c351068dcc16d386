"""`make bench` on a machine without PostgreSQL or Redis installed: the scale-out part says it was
skipped and why, stops whatever it started, and the rest of the report stands."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import tests.servers
from tools.bench.scaleout import bench_scaleout


def test_a_server_not_installed_skips_the_part_and_stops_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stopped: list[str] = []

    class Postgres(tests.servers.PostgresServer):
        def stop(self) -> None:
            super().stop()
            stopped.append("postgres")

    redis = tests.servers.RedisServer

    def no_redis() -> tests.servers.RedisServer:
        return redis(binary=tmp_path / "redis-server")

    monkeypatch.setattr(tests.servers, "PostgresServer", Postgres)
    monkeypatch.setattr(tests.servers, "RedisServer", no_redis)

    def no_stack(*_: object) -> None:
        raise AssertionError("no stack starts without the servers")

    found = bench_scaleout(argparse.Namespace(turns=10, seconds=1), [], no_stack)
    assert "skipped" in found and (
        "redis-server" in found["skipped"] or "postgres" in found["skipped"].lower()
    )
    assert stopped == ["postgres"]
