"""Rasa's console for `make shell`, made safe for piped input: `python -m launcher.shell RASA_URL`.

It is `rasa shell`'s client half (Rasa's console channel) talking to the Rasa server at RASA_URL over
the REST channel, a running bot's or one the launcher started for the shell (launcher.run), with
REST_TOKEN when it is set, as the REST channel (channels/rest.py) then requires.

Rasa's console asks a reply's buttons as a menu. Read from a pipe, that menu takes the learner's next
line as key presses, so the line is lost and a button is chosen instead, and the end of the input
then ends in an EOFError traceback. At a terminal the console is Rasa's own. From a pipe the buttons are
listed with their payloads (as Rasa lists an earlier message's buttons), every line is a message, and
the end of the input ends the chat like `/stop`.

Unless DEBUG is set, it also keeps the libraries' deprecation warnings out of the chat. Filters can't:
Sanic's import asks for every DeprecationWarning once and Rasa's start-up for every UserWarning once,
both ahead of the launcher's PYTHONWARNINGS=ignore, so they are dropped when shown instead.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import uuid
import warnings
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from rasa.core.channels import console
from rasa.shared.utils.io import bcolors

from channels.rest import REST_TOKEN_ENV
from launcher import settings

_print_buttons = console.print_buttons
_ask_for_input = console._get_user_input


def _listed_buttons(
    message: dict[str, Any], is_latest_message: bool = False, color: str = bcolors.OKBLUE
) -> None:
    """Prints the buttons as a list; no menu, so the next line stays the learner's message."""
    _print_buttons(message, False, color)


async def _input_until_the_end(previous_response: dict[str, Any] | None) -> str | None:
    """The next line, or None (Rasa's console then stops) when the input has ended."""
    try:
        return await _ask_for_input(previous_response)
    except EOFError:
        return None


def read_from_pipe() -> None:
    """Switches Rasa's console to the piped-input behaviour described above."""
    console.print_buttons = _listed_buttons
    console._get_user_input = _input_until_the_end


async def _stream_with_rest_token(
    server_url: str, auth_token: str, sender_id: str, message: str, request_timeout: int | None = None
) -> AsyncIterator[dict[str, Any]]:
    """Rasa's console request (streamed replies) carrying `Authorization: Bearer $REST_TOKEN`: Rasa's
    console sends only its `?token=`, which the REST channel does not read."""
    headers = {"Authorization": f"Bearer {os.environ[REST_TOKEN_ENV]}"}
    timeout = console._get_stream_reading_timeout(request_timeout)
    payload = {"sender": sender_id, "message": message}
    async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:
        url = f"{server_url}/webhooks/rest/webhook?stream=true"
        async with session.post(url, json=payload, raise_for_status=True) as replies:
            async for line in replies.content:
                if line.strip():
                    yield json.loads(line)


def hide_deprecations() -> None:
    """Shows every warning as before except deprecations."""
    show = warnings.showwarning

    def show_unless_deprecated(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if not issubclass(category, DeprecationWarning):
            show(message, category, *args, **kwargs)

    warnings.showwarning = show_unless_deprecated


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rasa_url", help="the Rasa server to talk to, e.g. http://127.0.0.1:5005")
    rasa_url = parser.parse_args(argv).rasa_url
    if not settings.debug():
        hide_deprecations()
    if not sys.stdin.isatty():
        read_from_pipe()
    if os.environ.get(REST_TOKEN_ENV):
        console._send_message_receive_stream = _stream_with_rest_token
    try:
        asyncio.run(console.record_messages(sender_id=f"shell-{uuid.uuid4().hex}", server_url=rasa_url))
    except aiohttp.ClientResponseError as error:
        hint = f" (set {REST_TOKEN_ENV} as the bot has it)" if error.status == 401 else ""
        print(f"error: the bot at {rasa_url} answered {error.status} {error.message}{hint}", file=sys.stderr)
        return 1
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        print(f"error: the bot at {rasa_url} did not answer ({error!r})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
