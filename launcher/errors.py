"""Failures of the operator's commands (`make run`, `make prepare`, `make eval`, `make unanswered`).

The operator reads one line, but the cause of an unexpected failure is in the traceback: so the
traceback always goes to a log file (and to the terminal too with DEBUG=1), and the line says where.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from launcher import settings

LAUNCHER_LOG = "launcher.log"
"""The launcher's own log in settings.LOG_DIR, beside train.log (the servers' logs are in RUN_DIR)."""
FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"


def _shown(path: Path) -> str:
    """`path` as the operator types it: relative to the checkout when inside it."""
    try:
        return str(path.relative_to(settings.ROOT))
    except ValueError:
        return str(path)


def summary(error: BaseException) -> str:
    """The error's message, led by its type unless it is our own RuntimeError with a message (a
    bare KeyError's message, say, is only the key)."""
    message = str(error).strip()
    if type(error) is RuntimeError and message:
        return message
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def report_failure(error: BaseException, command: str, log_file: Path) -> None:
    """Logs `error` with its traceback to `log_file` (and stderr with DEBUG=1); prints one line.

    `command` names the logger, so the log says which command failed. Logging's own handlers, not
    the root logger: Rasa and other libraries configure the root logger, and must neither hide these
    lines nor print them twice. A log file that cannot be written sends the traceback to stderr."""
    logger = logging.getLogger(command)
    logger.propagate = False
    logger.setLevel(logging.ERROR)
    handlers: list[logging.Handler] = []
    where = f"traceback in {_shown(log_file)}"
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    except OSError as unwritable:
        where = f"traceback above: {_shown(log_file)} cannot be written ({unwritable.strerror or unwritable})"
    if settings.debug() or not handlers:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
    try:
        logger.error("%s failed: %s", command, summary(error), exc_info=error)
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
            handler.close()
    first, *rest = summary(error).splitlines()  # e.g. a server's last log lines after the first
    print("\n".join([f"error: {first} ({where})", *rest]), file=sys.stderr, flush=True)
