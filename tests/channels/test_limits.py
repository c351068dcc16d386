"""The limits every channel applies (channels/limits.py), without servers."""

from __future__ import annotations

import pytest
from rasa.shared.exceptions import InvalidConfigException

from channels.limits import (
    DEFAULT_MAX_MESSAGE_CHARS,
    DEFAULT_REQUEST_MAX_SIZE,
    MAX_METADATA_CHARS,
    TOO_LONG_MESSAGE,
    limit_message,
    max_message_chars,
    metadata_problem,
    request_max_size,
)


def test_a_message_up_to_the_limit_is_handed_on_as_it_is() -> None:
    text = "é" * 10
    assert limit_message(text, {"a": 1}, max_chars=10) == (text, {"a": 1})
    assert limit_message("", None, max_chars=10) == ("", {})


def test_a_longer_message_becomes_the_intent_with_its_length_and_a_printable_preview() -> None:
    text = "\x00\x1b[31mhello\u202e\n\tworld\ud800 " + "x" * 1_000_000
    sent, metadata = limit_message(text, {"slack": {"channel": "D1"}}, max_chars=1000)
    assert sent == TOO_LONG_MESSAGE
    assert metadata["slack"] == {"channel": "D1"}  # the channel's own metadata is kept
    recorded = metadata["message_too_long"]
    assert recorded["length"] == len(text) and recorded["limit"] == 1000
    preview = recorded["preview"]
    assert preview.startswith("[31mhello world\ufffd xxx") and len(preview) == 100
    assert preview.isprintable()


def test_lone_surrogates_are_replaced_so_the_text_can_be_stored() -> None:
    text, _ = limit_message("what is \ud800 deep learning?", max_chars=100)
    assert text == "what is \ufffd deep learning?"
    text.encode("utf-8")  # would raise with the surrogate


def test_the_limits_come_from_the_environment_with_defaults() -> None:
    assert max_message_chars({}) == DEFAULT_MAX_MESSAGE_CHARS == 1000
    assert max_message_chars({"MAX_MESSAGE_CHARS": " 250 "}) == 250
    assert request_max_size({}) == DEFAULT_REQUEST_MAX_SIZE == 2 * 1024 * 1024
    assert request_max_size({"SANIC_REQUEST_MAX_SIZE": "4096"}) == 4096


@pytest.mark.parametrize("value", ["0", "-5", "ten", "1.5"])
def test_a_limit_that_is_not_a_positive_number_stops_the_start(value: str) -> None:
    with pytest.raises(InvalidConfigException, match="MAX_MESSAGE_CHARS"):
        max_message_chars({"MAX_MESSAGE_CHARS": value})


def test_metadata_must_be_a_small_object() -> None:
    assert metadata_problem({"page": "/chat/"}) is None
    assert metadata_problem("{}") and metadata_problem([1]) and metadata_problem(None)
    assert "at most" in str(metadata_problem({"big": "x" * MAX_METADATA_CHARS}))
