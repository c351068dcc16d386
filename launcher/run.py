"""`make run` / `make shell`: prepare everything, start the action and Rasa servers, say where they are.

While they run, a server that stops is restarted (launcher.servers), each restart said on the terminal.
Ctrl-C (or SIGTERM) stops both servers. DEBUG=1 shows every log line instead of progress lines.
SERVE=rasa or SERVE=actions starts only that server, for replicas on several hosts (README).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType

from launcher import settings
from launcher.prepare import prepare
from launcher.progress import Step
from launcher.servers import WEB_CHANNEL, Stack, StackConfig, api_arguments, free_port, local_url

SLACK_CHANNEL = "channels.slack.SlackConnector"
REVIEW_CHANNEL = "review.channel.ReviewChannel"
STARTING = {
    "all": "Starting the action server and the Rasa server (about 20 seconds)",
    "rasa": "Starting the Rasa server (about 20 seconds)",
    "actions": "Starting the action server",
}


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def addresses(stack: Stack) -> list[str]:
    action_server = f"Action server: {stack.action_url.replace('127.0.0.1', 'localhost')}"
    if stack.config.serve == "actions":
        return [action_server]
    url = stack.rasa_url.replace("127.0.0.1", "localhost")
    if WEB_CHANNEL in stack.disabled_channels:
        web = "not served by several workers (SANIC_WORKERS): run replicas behind nginx (README)"
    else:
        web = f"{url}/chat/"
    lines = [
        f"Web chat:      {web}",
        f'REST:          POST {url}/webhooks/rest/webhook  (JSON) {{"sender": "me", "message": "hi"}}',
    ]
    if SLACK_CHANNEL in stack.disabled_channels:
        missing = ", ".join(stack.disabled_channels[SLACK_CHANNEL])
        lines.append(f"Slack:         not enabled (set {missing} to enable it)")
    else:
        lines.append(f"Slack:         {url}/webhooks/slack/webhook (Events and Interactivity request URL)")
    if REVIEW_CHANNEL in stack.disabled_channels:
        lines.append("Review page:   not enabled (set REVIEW_TOKEN to enable it)")
    else:
        lines.append(f"Review page:   {url}/review/?token=$REVIEW_TOKEN (open once; a cookie keeps you in)")
    lines.append(action_server)
    if stack.config.enable_api:
        lines.append(f"HTTP API:      {url}/ (with the token or JWT from the environment)")
    return lines


def is_rasa(url: str) -> bool:
    """Whether a Rasa server answers at `url` (its root says "Hello from Rasa")."""
    try:
        with urllib.request.urlopen(f"{url}/", timeout=5) as response:
            return response.read().startswith(b"Hello from Rasa")
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def chat(rasa_url: str, debug: bool) -> int:
    """Rasa's console (launcher.shell: safe for piped input) talking to the Rasa server at `rasa_url`."""
    command = [str(settings.VENV_BIN / "python"), "-m", "launcher.shell", rasa_url]
    sys.stdout.flush()  # what the launcher said, before the chat
    return subprocess.run(command, cwd=settings.ROOT, env=settings.child_env(debug)).returncode


def shell(debug: bool) -> int:
    """`make shell`: chats with the bot on RASA_PORT if one is running, else with servers of its own.

    Its own servers take free ports on HOST and a run folder of their own, so they clash with nothing,
    not even a `make run` still starting on RASA_PORT and ACTION_PORT.
    """
    host = settings.host()
    running = local_url(host, settings.rasa_port())
    if is_rasa(running):
        print(f"A bot is already running at {running}: chatting with it (its model and action server).")
        return chat(running, debug)
    model = prepare(debug=debug)
    settings.RUN_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shell-", dir=settings.RUN_DIR) as run_dir:
        stack = Stack(
            StackConfig(
                model=model,
                run_dir=Path(run_dir),
                host=host,
                rasa_port=free_port(host),
                action_port=free_port(host),
                tracker_db=settings.tracker_db(),
                debug=debug,
            )
        )
        title = (
            f"No bot is running at {running}: starting the shell's own action server and Rasa server "
            f"on {host}, ports {stack.config.action_port} and {stack.config.rasa_port} (about 20 seconds)"
        )
        try:
            with Step(title, ticking=True):
                stack.start()
            return chat(stack.rasa_url, debug)
        finally:
            stack.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shell", action="store_true", help="chat in the terminal (rasa shell)")
    args = parser.parse_args(argv)
    settings.quiet_this_process()
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # even when started with SIGINT ignored (nohup, &)
    debug = settings.debug()
    stack: Stack | None = None
    try:
        if args.shell:
            return shell(debug)
        enable_api = settings.enable_api()
        if enable_api:
            api_arguments(os.environ)  # refuses an API without a secret before minutes of preparing
        serve, action_server_url = settings.serve(), settings.action_server_url()
        stack = Stack(
            StackConfig(
                model=prepare(debug=debug),
                host=settings.host(),
                rasa_port=settings.rasa_port(),
                action_port=settings.action_port(),
                tracker_db=settings.tracker_db(),
                debug=debug,
                enable_api=enable_api,
                serve=serve,
                action_server_url=action_server_url,
            )
        )
        with Step(STARTING[serve], ticking=True):
            stack.start()
        print("\nThe assistant is ready. Talk to it at:")
        print("\n".join(f"  {line}" for line in addresses(stack)))
        print("Press Ctrl-C to stop; a server that stops is restarted.", flush=True)
        print(f"error: {stack.wait()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    except Exception as error:  # one line for the operator, the traceback in the launcher's log
        from launcher.errors import LAUNCHER_LOG, report_failure

        report_failure(error, "launcher.run", settings.LOG_DIR / LAUNCHER_LOG)
        return 1
    finally:
        if stack is not None:
            stack.stop()


if __name__ == "__main__":
    sys.exit(main())
