"""The REST channel at `/webhooks/rest/webhook`: Rasa's RestInput, with its requests checked first.

Configured in credentials.yml as `channels.rest.RestChannel` instead of Rasa's `rest:`. Rasa's own
channel answers a request it cannot use with 200 `[]` (or puts it in the shared conversation
"default"), and an internal error also with 200 `[]`, so a client cannot tell a fault from an empty
answer. Here:

- `REST_TOKEN` (optional): when set, a request must carry `Authorization: Bearer <token>`, else 401
  (compared in constant time). The web chat and Slack have their own checks and are not affected.
- The body must be a JSON object sent as `Content-Type: application/json` (415 otherwise). Requiring
  it also keeps other web sites out: a browser sends JSON across origins only after a CORS
  preflight, which this server does not grant.
- 400 with a JSON `{"error": ...}` saying what is wrong when the body is not valid UTF-8 JSON, not
  an object, `sender` is not a non-empty printable string of at most 255 characters (the tracker
  store's column), `message` is not a string, or `metadata` is given but not a small JSON object.
- A message over `MAX_MESSAGE_CHARS` becomes `/message_too_long` (channels/limits.py).
- An internal error while answering gets the apology from server/guards.py, as on every channel.
- `input_channel` in the body is ignored: a REST client cannot pass itself off as another channel.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from channels.limits import limit_message, max_message_chars, metadata_problem

logger = logging.getLogger(__name__)

REST_TOKEN_ENV = "REST_TOKEN"
JSON_TYPE = "application/json"
MAX_SENDER_CHARS = 255


@dataclass(frozen=True)
class Refusal:
    """Why a request is not answered: an HTTP status and what to tell the client."""

    status: HTTPStatus
    error: str

    def response(self) -> HTTPResponse:
        headers = {"WWW-Authenticate": "Bearer"} if self.status == HTTPStatus.UNAUTHORIZED else None
        return response.json({"error": self.error}, status=self.status, headers=headers)


@dataclass(frozen=True)
class RestMessage:
    """A learner's message as the request carried it, checked and limited."""

    sender: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def authorization_problem(token: str | None, authorization: str | None) -> Refusal | None:
    """A 401 unless `token` is unset or the `Authorization` header is `Bearer <token>`."""
    if not token:
        return None
    scheme, _, given = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8", "surrogatepass"), token.encode("utf-8", "surrogatepass")
    ):
        return Refusal(HTTPStatus.UNAUTHORIZED, "send the REST token as 'Authorization: Bearer <token>'")
    return None


def read_message(content_type: str | None, body: bytes, max_chars: int) -> RestMessage | Refusal:
    """The message in a request's body, or why it cannot be answered."""
    if (content_type or "").split(";")[0].strip().lower() != JSON_TYPE:
        return Refusal(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            f"send the body as JSON with 'Content-Type: {JSON_TYPE}' "
            f"(with curl: -H 'Content-Type: {JSON_TYPE}')",
        )
    try:
        payload = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return Refusal(HTTPStatus.BAD_REQUEST, "the body is not valid UTF-8 JSON")
    if not isinstance(payload, dict):
        return Refusal(
            HTTPStatus.BAD_REQUEST, 'the body must be a JSON object: {"sender": ..., "message": ...}'
        )
    sender = payload.get("sender")
    if not (
        isinstance(sender, str)
        and sender.strip()
        and len(sender) <= MAX_SENDER_CHARS
        and sender.isprintable()
    ):
        return Refusal(
            HTTPStatus.BAD_REQUEST,
            f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} printable characters "
            "that names the conversation",
        )
    message = payload.get("message")
    if not isinstance(message, str):
        return Refusal(HTTPStatus.BAD_REQUEST, "'message' must be a string")
    metadata = payload.get("metadata")
    if metadata is not None:
        problem = metadata_problem(metadata)
        if problem:
            return Refusal(HTTPStatus.BAD_REQUEST, problem)
    text, metadata = limit_message(message, metadata, max_chars)
    return RestMessage(sender, text, metadata)


class RestChannel(RestInput):
    """Rasa's REST channel with authentication, request checks and the length limit."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(token=os.environ.get(REST_TOKEN_ENV) or None)

    def __init__(self, token: str | None = None, max_chars: int | None = None) -> None:
        self.token = token
        self.max_chars = max_message_chars() if max_chars is None else max_chars

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> ResponseStream | HTTPResponse:
            checked = authorization_problem(self.token, request.headers.get("authorization")) or read_message(
                request.headers.get("content-type"), request.body or b"", self.max_chars
            )
            if isinstance(checked, Refusal):
                logger.info("REST: refused a request with %d: %s", checked.status, checked.error)
                return checked.response()
            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(
                    self.stream_response(
                        on_new_message, checked.text, checked.sender, self.name(), checked.metadata
                    ),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            message = UserMessage(
                checked.text, collector, checked.sender, input_channel=self.name(), metadata=checked.metadata
            )
            await on_new_message(message)
            return response.json(collector.messages)

        return webhook
