"""Who may see the review: whoever holds REVIEW_TOKEN.

A request is let in with `Authorization: Bearer <token>`, or with the session cookie a browser gets by
opening a link carrying `?token=<token>` once (it is then sent on without the token in its address).
The cookie holds an expiry signed with a key derived from the token, so changing the token ends every
session. Every comparison takes constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable

from review.privacy import derived_key

SESSION_COOKIE = "review_session"
SESSION_SECONDS = 8 * 3600


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


class Gate:
    """Checks tokens and session cookies for one REVIEW_TOKEN."""

    def __init__(self, token: str, clock: Callable[[], float] = time.time) -> None:
        if not token:
            raise ValueError("the review page needs a token")
        self._token = _bytes(token)
        self._session_key = derived_key(token, "review session")
        self._clock = clock

    def token_matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(_bytes(given), self._token)

    def bearer(self, authorization: str | None) -> bool:
        """Whether an `Authorization` header carries the token."""
        scheme, _, given = (authorization or "").strip().partition(" ")
        return scheme.lower() == "bearer" and self.token_matches(given.strip())

    def new_session(self) -> str:
        """A session cookie's value: its expiry and that expiry's signature."""
        expires = str(int(self._clock()) + SESSION_SECONDS)
        return f"{expires}.{self._sign(expires)}"

    def session(self, value: str | None) -> bool:
        """Whether a session cookie's value is one this gate issued and has not expired."""
        expires, _, signature = (value or "").partition(".")
        if not (expires.isascii() and expires.isdigit()):
            return False
        signed = hmac.compare_digest(_bytes(signature), _bytes(self._sign(expires)))
        return signed and int(expires) > self._clock()

    def _sign(self, expires: str) -> str:
        return hmac.new(self._session_key, expires.encode(), hashlib.sha256).hexdigest()
