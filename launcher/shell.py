"""`rasa shell` for `make shell`, made safe for piped input: `python -m launcher.shell [rasa shell args]`.

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

import sys
import warnings
from typing import Any, Dict, List, Optional, Type

from rasa.core.channels import console
from rasa.shared.utils.io import bcolors

from launcher import settings

_print_buttons = console.print_buttons
_ask_for_input = console._get_user_input


def _listed_buttons(
    message: Dict[str, Any], is_latest_message: bool = False, color: str = bcolors.OKBLUE
) -> None:
    """Prints the buttons as a list; no menu, so the next line stays the learner's message."""
    _print_buttons(message, False, color)


async def _input_until_the_end(previous_response: Optional[Dict[str, Any]]) -> Optional[str]:
    """The next line, or None (Rasa's console then stops) when the input has ended."""
    try:
        return await _ask_for_input(previous_response)
    except EOFError:
        return None


def read_from_pipe() -> None:
    """Switches Rasa's console to the piped-input behaviour described above."""
    console.print_buttons = _listed_buttons
    console._get_user_input = _input_until_the_end


def hide_deprecations() -> None:
    """Shows every warning as before except deprecations."""
    show = warnings.showwarning

    def show_unless_deprecated(message: Any, category: Type[Warning], *args: Any, **kwargs: Any) -> None:
        if not issubclass(category, DeprecationWarning):
            show(message, category, *args, **kwargs)

    warnings.showwarning = show_unless_deprecated


def main(argv: List[str]) -> None:
    from rasa.__main__ import main as rasa_main

    if not settings.debug():
        hide_deprecations()
    if not sys.stdin.isatty():
        read_from_pipe()
    sys.argv = ["rasa", "shell", *argv]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
