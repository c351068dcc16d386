"""Every Slack request is authenticated before its body is read (slack_sdk's `SignatureVerifier`).

A bad `X-Slack-Signature`, or an `X-Slack-Request-Timestamp` more than five minutes from now (a
replay), is refused whatever the body holds: events, `url_verification`, interactive payloads.
"""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.signature import SignatureVerifier

MAX_REQUEST_AGE = 5 * 60
"""Seconds; Slack's recommendation against replayed requests (and SignatureVerifier's)."""


def signature_problem(verifier: SignatureVerifier, headers: Mapping[str, str], body: bytes) -> str | None:
    """Why a request is not from Slack (`None` when its signature and timestamp are good)."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not timestamp.isdigit():  # SignatureVerifier would raise on it
        return "missing or malformed X-Slack-Request-Timestamp"
    if abs(verifier.clock.now() - int(timestamp)) > MAX_REQUEST_AGE:
        return "X-Slack-Request-Timestamp is more than 5 minutes from now"
    try:
        valid = verifier.is_valid(body, timestamp, signature)
    except UnicodeDecodeError:  # it signs the body as text
        valid = False
    return None if valid else "X-Slack-Signature does not match"
