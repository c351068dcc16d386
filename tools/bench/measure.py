"""Training time and peak memory, and the resident memory of running servers, read from /proc.

Memory is the whole process tree's: `rasa train` and the servers may fork workers (Sanic's, TensorFlow's
helpers), and a figure for the parent alone would hide them. /proc is read directly (Linux only, like
the rest of the launcher) so the benchmark needs no package the bot does not.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
SAMPLE_SECONDS = 0.25


def children(pid: int, proc: Path = PROC) -> list[int]:
    """The direct children of `pid` (every thread's), [] if it is gone."""
    found: list[int] = []
    try:
        for task in (proc / str(pid) / "task").iterdir():
            text = (task / "children").read_text()
            found.extend(int(child) for child in text.split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return []
    return found


def tree(pid: int, proc: Path = PROC) -> list[int]:
    """`pid` and all its descendants."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children(current, proc))
    return found


def rss_bytes(pid: int, proc: Path = PROC) -> int:
    """One process's resident set (VmRSS), 0 if it is gone."""
    try:
        for line in (proc / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


def tree_rss(pid: int, proc: Path = PROC) -> int:
    """The resident memory of `pid` and its descendants together."""
    return sum(rss_bytes(p, proc) for p in tree(pid, proc))


def cpu_seconds(pid: int, proc: Path = PROC) -> float:
    """User + system CPU time `pid` and its descendants have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in tree(pid, proc):
        try:
            fields = (proc / str(p) / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
    return total / ticks


class PeakMemory:
    """Samples a process tree's resident memory in a thread until stopped; keeps the highest."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(SAMPLE_SECONDS)


@dataclass(frozen=True)
class Training:
    seconds: float
    peak_bytes: int
    components: dict[str, int]
    """Seconds each component took (component_seconds)."""


def timed_training(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> Training:
    """Runs a training command, timing it and sampling its tree's memory; raises if it fails."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        began = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        with PeakMemory(process.pid) as memory:
            code = process.wait()
        seconds = time.monotonic() - began
    if code != 0:
        raise RuntimeError(f"{' '.join(command[:3])} failed (exit {code}); see {log}")
    return Training(seconds, memory.peak, component_seconds(log.read_text(errors="replace")))


TRAINING_STEP = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) INFO\s+rasa\.engine\.training\.hooks\s+- "
    r"(Starting to train|Finished training) component '([^']+)'"
)


def component_seconds(log: str) -> dict[str, int]:
    """How long each component took to train, from `rasa train`'s log (whole seconds, as it logs),
    in the order they trained."""
    started: dict[str, dt.datetime] = {}
    found: dict[str, int] = {}
    for line in log.splitlines():
        match = TRAINING_STEP.match(line)
        if not match:
            continue
        when, step, name = dt.datetime.fromisoformat(match.group(1)), match.group(2), match.group(3)
        if step.startswith("Starting"):
            started[name] = when
        elif name in started:
            found[name] = found.get(name, 0) + int((when - started.pop(name)).total_seconds())
    return found
