"""What the review shows of learners: sender ids as keyed pseudonyms, text with its control characters
made visible (an ANSI escape shows as <ESC>[31m, not as colour or nothing), CSV cells that no
spreadsheet runs as a formula. HTML escaping itself is the templates' (Jinja2 autoescape)."""

from __future__ import annotations

import hashlib
import hmac
import re

INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
"""Controls (tab and newline excepted), zero-width characters and bidirectional overrides: what could
hide or disguise part of a message."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def derived_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose, derived from a secret, so one secret never serves two purposes."""
    return hmac.new(secret.encode("utf-8", "surrogatepass"), purpose.encode(), hashlib.sha256).digest()


class Pseudonyms:
    """Sender ids shown as `learner-<12 hex>`: the same learner always gets the same name, and without
    the key no name leads back to the sender id (a Slack user id, a web session id)."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, sender_id: str) -> str:
        digest = hmac.new(self._key, sender_id.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return "learner-" + digest.hexdigest()[:12]


NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL"}
"""Stand-ins in plain ASCII, which every font draws; other characters show as <U+XXXX>."""


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"<{NAMES.get(code, f'U+{code:04X}')}>"


def visible(text: str) -> str:
    """`text` with every invisible or disguising character replaced by a visible stand-in."""
    return INVISIBLE.sub(_shown, text)


def csv_cell(text: str) -> str:
    """A learner's text for a CSV cell: visible, and starting with `'` where a spreadsheet would
    otherwise read it as a formula (=, +, -, @)."""
    text = visible(text)
    return "'" + text if text.startswith(FORMULA_START) else text
