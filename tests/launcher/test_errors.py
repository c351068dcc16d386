"""A failed command says so in one line, and its traceback is always in a log file (on the terminal
too with DEBUG=1), never lost. The failure is real: the knowledge store's server does not answer."""

from __future__ import annotations

import re
import signal
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from evaluation import run as evaluation_run
from evaluation import seeds
from launcher import errors, prepare, run, settings
from tests.helpers import free_port

PASSWORD = "hunter2-not-in-any-log"
SECRETS = {"SLACK_BOT_TOKEN": "xoxb-not-in-any-log", "SLACK_SIGNING_SECRET": "signing-secret-not-in-any-log"}

COMMANDS = {  # each command's main, and the log that keeps its traceback
    "launcher.run": (lambda: run.main([]), "launcher.log"),
    "launcher.prepare": (prepare.main, "launcher.log"),
    "evaluation.run": (lambda: evaluation_run.main([]), "eval.log"),
    "evaluation.seeds": (lambda: seeds.main([str(settings.ROOT / "config.yml"), "--seeds", "1"]), "eval.log"),
}


@pytest.fixture
def unreachable_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A DATABASE_URL (with a password) that nothing answers, Slack's secrets set, logs and the prepare
    lock in tmp_path; the process state the commands change (signal handlers, environment, warning
    filters) restored."""
    monkeypatch.setenv("DATABASE_URL", f"postgresql://bot:{PASSWORD}@127.0.0.1:{free_port()}/knowledge")
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DEBUG", raising=False)
    for name in settings.QUIET_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(settings, "LOG_DIR", tmp_path / "logs")
    monkeypatch.setattr(prepare, "ROOT", tmp_path)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    with warnings.catch_warnings():
        yield tmp_path / "logs"
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_failure_is_one_line_and_its_traceback_is_in_the_log(
    command: str, unreachable_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main, log_name = COMMANDS[command]
    assert main() == 1
    out, err = capsys.readouterr()
    log_file = unreachable_store / log_name
    assert re.search(
        rf"^error: OperationalError: .*Connection refused.* \(traceback in {re.escape(str(log_file))}\)$",
        err,
        re.M,
    ), err
    assert "Traceback" not in err
    log = log_file.read_text()
    assert f"{command} ERROR {command} failed: OperationalError" in log
    assert "Traceback (most recent call last)" in log and "in load_store" in log
    assert [s for s in (PASSWORD, *SECRETS.values()) if s in out + err + log] == []  # nor the environment


def test_with_debug_the_traceback_is_on_the_terminal_too(
    unreachable_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEBUG", "1")
    assert prepare.main() == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "in load_store" in err
    assert "(traceback in " in err
    assert "Traceback (most recent call last)" in (unreachable_store / "launcher.log").read_text()


def test_a_log_that_cannot_be_written_leaves_the_traceback_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "logs").write_text("a file where the log directory should be")
    try:
        raise KeyError("words")
    except KeyError as error:
        errors.report_failure(error, "launcher.prepare", tmp_path / "logs" / "launcher.log")
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert re.search(
        r"^error: KeyError: 'words' \(traceback above: .*launcher.log cannot be written", err, re.M
    ), err


def test_a_servers_last_log_lines_follow_the_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise RuntimeError("rasa.log process exited (1):\nline one\nline two")
    except RuntimeError as error:
        errors.report_failure(error, "launcher.run", tmp_path / "launcher.log")
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"error: rasa.log process exited (1): (traceback in {tmp_path / 'launcher.log'})",
        "line one",
        "line two",
    ]


def test_summary_keeps_the_type_unless_the_message_is_ours() -> None:
    assert errors.summary(RuntimeError("training failed (exit 1)")) == "training failed (exit 1)"
    assert errors.summary(KeyError("words")) == "KeyError: 'words'"
    assert errors.summary(AssertionError()) == "AssertionError"
