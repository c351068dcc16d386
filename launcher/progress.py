"""One line per setup step, so `make run` shows progress without the libraries' noise."""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType


class Step:
    """Prints `==> title ...` then `done: detail` (or `failed`), ticking every 15 s if asked."""

    TICK_SECONDS = 15

    def __init__(self, title: str, ticking: bool = False) -> None:
        self.title, self.ticking = title, ticking
        self.detail = ""
        self._stop = threading.Event()
        self._started = 0.0

    def done(self, detail: str) -> None:
        self.detail = detail

    def _tick(self) -> None:
        while not self._stop.wait(self.TICK_SECONDS):
            print(f"    ... {time.monotonic() - self._started:.0f} s", flush=True)

    def __enter__(self) -> Step:
        self._started = time.monotonic()
        print(f"==> {self.title}", flush=True)
        if self.ticking:
            threading.Thread(target=self._tick, daemon=True).start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if kind is None:
            print(f"    done: {self.detail}" if self.detail else "    done", flush=True)
        elif not issubclass(kind, KeyboardInterrupt):
            print(f"    failed: {error}", file=sys.stderr, flush=True)
