"""The REST channel's checks and its answer to an internal error, without servers.

What the running server answers to each kind of bad request is in test_bad_input.py; here are the
parts it cannot show: the token (the session's stack runs without REST_TOKEN) and a failure inside
Rasa, which no request can provoke once the channel has checked it.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

import pytest
import yaml

from channels.rest import (
    REST_TOKEN_ENV,
    Refusal,
    RestChannel,
    RestMessage,
    authorization_problem,
    read_message,
)
from launcher import settings

JSON = "application/json"
TOKEN = "s3cret-rest-token"


def body(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


def test_a_good_request_is_read_and_other_fields_are_ignored() -> None:
    got = read_message(JSON + "; charset=utf-8", body(sender="me", message="hi", input_channel="slack"), 1000)
    assert got == RestMessage("me", "hi", {})
    got = read_message(JSON, body(sender="me", message="x" * 1001, metadata={"page": 1}), 1000)
    assert isinstance(got, RestMessage) and got.text == "/message_too_long"
    assert got.metadata["page"] == 1 and got.metadata["message_too_long"]["length"] == 1001


@pytest.mark.parametrize(
    "content_type", [None, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_another_content_type_is_415_naming_the_fix(content_type: Any) -> None:
    got = read_message(content_type, body(sender="me", message="hi"), 1000)
    assert isinstance(got, Refusal) and got.status == HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    assert "Content-Type: application/json" in got.error


def test_the_token_is_required_only_when_set() -> None:
    assert authorization_problem(None, None) is None
    assert authorization_problem(None, "Bearer whatever") is None
    assert authorization_problem(TOKEN, f"Bearer {TOKEN}") is None
    assert authorization_problem(TOKEN, f"bearer  {TOKEN} ") is None
    wrong = [
        None,
        "",
        TOKEN,
        f"Basic {TOKEN}",
        f"Bearer {TOKEN}x",
        "Bearer ",
        "Bearer s3cret-rest-tökèn",
        "Bearer \ud800",
    ]
    for header in wrong:
        refusal = authorization_problem(TOKEN, header)
        assert refusal is not None and refusal.status == HTTPStatus.UNAUTHORIZED, header
        assert refusal.response().headers["www-authenticate"] == "Bearer"
        assert TOKEN not in refusal.error


def test_the_channel_reads_the_token_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REST_TOKEN_ENV, raising=False)
    assert RestChannel.from_credentials(None).token is None  # type: ignore[attr-defined]
    monkeypatch.setenv(REST_TOKEN_ENV, TOKEN)
    assert RestChannel.from_credentials({}).token == TOKEN  # type: ignore[attr-defined]
    assert RestChannel.name() == "rest"


def test_the_committed_credentials_configure_this_channel_not_rasas() -> None:
    channels = yaml.safe_load((settings.ROOT / "credentials.yml").read_text())
    assert "channels.rest.RestChannel" in channels and "rest" not in channels
