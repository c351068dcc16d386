"""`make review-bench` runs end to end (on a small store here: the figures come from the 100,000
events it seeds by default, and no test asserts a timing)."""

from __future__ import annotations

import subprocess
import sys

from launcher import settings
from tools.review_bench import routes


def test_the_bench_seeds_serves_and_times_every_route() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tools.review_bench", "--events", "3000", "--repeat", "1"],
        cwd=settings.ROOT,
        env=settings.child_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "seeded 3,000 events in " in done.stdout
    timed = [line.split()[0] for line in done.stdout.splitlines() if line.startswith("/review/")]
    assert [route.split("/conversation/")[0] for route in timed] == [
        route.split("/conversation/")[0] for route in routes(1)
    ]
