"""Size limits every channel applies to what a learner sends, so no input silences the bot.

- A message longer than `MAX_MESSAGE_CHARS` characters (default 1,000) is not handed to the NLU:
  the channel sends Rasa `/message_too_long` instead, which the rule for that intent answers with
  `utter_message_too_long` (domain.yml). The turn stays in the tracker, with the original length and
  a short printable preview in the message's metadata, never the megabyte itself.
- An HTTP body over `SANIC_REQUEST_MAX_SIZE` bytes is refused by Sanic with 413 before any channel
  sees it (Sanic reads `SANIC_*` variables into its config; the launcher sets 2 MiB for the Rasa
  server, Sanic's own default being 100 MB). The Socket.IO channel reads the same variable, with the
  same default, for engine.io's packet limit, so a message between the two limits reaches the
  channel and gets the polite reply instead of a dropped connection.
- Client metadata is stored with every message, so it is capped too (`MAX_METADATA_CHARS`).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from rasa.shared.exceptions import InvalidConfigException

MAX_MESSAGE_CHARS_ENV = "MAX_MESSAGE_CHARS"
DEFAULT_MAX_MESSAGE_CHARS = 1000
REQUEST_MAX_SIZE_ENV = "SANIC_REQUEST_MAX_SIZE"
DEFAULT_REQUEST_MAX_SIZE = 2 * 1024 * 1024
"""2 MiB: room for a 1 MB message and its JSON around it; Sanic's own default is 100 MB."""
MAX_METADATA_CHARS = 10_000

TOO_LONG_MESSAGE = "/message_too_long"
TOO_LONG_METADATA_KEY = "message_too_long"
PREVIEW_CHARS = 100
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""Half of a UTF-16 pair, as JSON's `\\ud800` escape yields: not text, and not encodable as UTF-8."""


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise InvalidConfigException(f"{name} must be a positive whole number, not {value!r}.")
    return number


def max_message_chars(env: Mapping[str, str] = os.environ) -> int:
    """The longest message (in characters) handed to the NLU: `MAX_MESSAGE_CHARS`, else 1,000."""
    return _positive_int(env, MAX_MESSAGE_CHARS_ENV, DEFAULT_MAX_MESSAGE_CHARS)


def request_max_size(env: Mapping[str, str] = os.environ) -> int:
    """The largest HTTP body or Socket.IO packet accepted, in bytes: `SANIC_REQUEST_MAX_SIZE`, else 2 MiB."""
    return _positive_int(env, REQUEST_MAX_SIZE_ENV, DEFAULT_REQUEST_MAX_SIZE)


def clean_text(text: str) -> str:
    """The text with lone surrogates replaced by U+FFFD, so it can be stored and logged as UTF-8."""
    return LONE_SURROGATE.sub("\ufffd", text)


def preview(text: str, length: int = PREVIEW_CHARS) -> str:
    """The start of a text, printable: control and format characters become spaces."""
    head = clean_text(text[: length * 2])
    printable = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in head)
    return re.sub(r"\s+", " ", printable).strip()[:length]


def limit_message(
    text: str, metadata: dict[str, Any] | None = None, max_chars: int | None = None
) -> tuple[str, dict[str, Any]]:
    """What a channel hands Rasa for a learner's `text`: the text itself (cleaned) when it is short
    enough, else `/message_too_long` with the original length and a preview added to `metadata`."""
    limit = max_message_chars() if max_chars is None else max_chars
    metadata = dict(metadata or {})
    if len(text) <= limit:
        return clean_text(text), metadata
    metadata[TOO_LONG_METADATA_KEY] = {"length": len(text), "limit": limit, "preview": preview(text)}
    return TOO_LONG_MESSAGE, metadata


def metadata_problem(metadata: Any) -> str | None:
    """Why client-sent metadata cannot be stored with a message (`None` when it can)."""
    if not isinstance(metadata, dict):
        return "metadata must be a JSON object"
    if len(json.dumps(metadata)) > MAX_METADATA_CHARS:
        return f"metadata must be at most {MAX_METADATA_CHARS} characters of JSON"
    return None
