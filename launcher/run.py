"""`make run` / `make shell`: prepare everything, start the action and Rasa servers, say where they are.

Ctrl-C (or SIGTERM) stops both servers. DEBUG=1 shows every log line instead of progress lines.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from types import FrameType
from typing import List, Optional

from launcher import settings
from launcher.prepare import prepare
from launcher.progress import Step
from launcher.servers import Stack, StackConfig

SLACK_CHANNEL = "channels.slack.SlackConnector"


def _interrupt(_signum: int, _frame: Optional[FrameType]) -> None:
    raise KeyboardInterrupt


def addresses(stack: Stack) -> List[str]:
    url = stack.rasa_url.replace("127.0.0.1", "localhost")
    lines = [
        f"Web chat:      {url}/chat/",
        f"REST:          POST {url}/webhooks/rest/webhook  {{\"sender\": \"me\", \"message\": \"hi\"}}",
    ]
    if SLACK_CHANNEL in stack.disabled_channels:
        missing = ", ".join(stack.disabled_channels[SLACK_CHANNEL])
        lines.append(f"Slack:         not enabled (set {missing} to enable it)")
    else:
        lines.append(f"Slack:         {url}/webhooks/slack/webhook (Events and Interactivity request URL)")
    lines.append(f"Action server: {stack.action_url.replace('127.0.0.1', 'localhost')}")
    return lines


def run_shell(stack: Stack) -> int:
    """`rasa shell` (launcher.shell: safe for piped input) against the stack's model, with the action
    server already running."""
    command = [
        str(settings.VENV_BIN / "python"), "-m", "launcher.shell", *stack.rasa_arguments(),
        "--port", str(stack.config.rasa_port),
    ]
    return subprocess.run(command, cwd=settings.ROOT, env=stack.env()).returncode


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shell", action="store_true", help="chat in the terminal (rasa shell)")
    args = parser.parse_args(argv)
    settings.quiet_this_process()
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # even when started with SIGINT ignored (nohup, &)
    debug = settings.debug()
    stack: Optional[Stack] = None
    try:
        model = prepare(debug=debug)
        stack = Stack(
            StackConfig(
                model=model, host=settings.host(), rasa_port=settings.rasa_port(),
                action_port=settings.action_port(), tracker_db=settings.tracker_db(), debug=debug,
            )
        )
        if args.shell:
            with Step("Starting the action server") as step:
                stack.start_actions()
                step.done(stack.action_url)
            return run_shell(stack)
        with Step("Starting the action server and the Rasa server (about a minute)", ticking=True):
            stack.start()
        print("\nThe assistant is ready. Talk to it at:")
        print("\n".join(f"  {line}" for line in addresses(stack)))
        print("Press Ctrl-C to stop.", flush=True)
        stopped = stack.wait()
        print(f"error: the {stopped} server stopped; see {settings.RUN_DIR}/{stopped}.log", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    except Exception as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if stack is not None:
            stack.stop()


if __name__ == "__main__":
    sys.exit(main())
