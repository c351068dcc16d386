"""Bad input on every channel, against the session's running servers: it never silences the bot.

REST, Socket.IO (the web chat's protocol) and Slack (signed events, replies to the fake Web API) each
get empty, blank, emoji-only, control-character, other-script, lone-surrogate and injection texts,
a 1 MB message, and requests or payloads that are not messages at all. Each must end in a reply or
a 4xx within a bounded wait, never a 5xx; nothing the learner gets shows a traceback; the knowledge
store is unchanged; a refused request leaves no conversation behind; and a 1 MB message is kept in
the tracker as `/message_too_long` with its length, not as a megabyte.

`test_latency_of_another_conversation_during_a_1_mb_message` measures, without asserting a figure,
how long a normal REST question takes while a 1 MB message is being uploaded on another connection;
it prints the figures (`-s`) and writes them to build/bad_input_latency.json.
"""

from __future__ import annotations

import asyncio
import hashlib
import http.client
import json
import queue
import sqlite3
import statistics
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
import socketio
import sqlalchemy
import yaml

from actions.settings import DEFAULT_DATABASE_URL
from launcher import settings
from launcher.servers import Stack
from tests.channels.conftest import SlackHarness
from tests.fakes.slack_requests import interaction_request, post, signed_headers
from tests.helpers import eventually

ROOT = settings.ROOT
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
TOO_LONG_REPLY = RESPONSES["utter_message_too_long"][0]["text"]
MB = 1_000_000
TIMEOUT = 60.0
"""Seconds any reply may take: generous for a shared two-core machine, but bounded."""
JSON = "application/json"
TRACEBACK_MARKS = ("Traceback", 'File "/', "Exception:", "Error:")
LATENCY_FILE = ROOT / "build" / "bad_input_latency.json"

BAD_TEXTS = {
    "empty": "",
    "whitespace": " \t \n  ",
    "emoji-only": "😀🎓🤖👩🏽‍💻",
    "control-characters": "\x00\x01\x07\x1b[31mwhat is deep learning\x7f\x9b",
    "bidi-and-zero-width": "\u202ewhat\u200b is\u200d deep\ufeff learning?",
    "lone-surrogate": "what is \ud800 deep learning?",
    "chinese": "深度学习是什么？",
    "arabic": "ما هو التعلم العميق؟",
    "russian": "что такое глубокое обучение?",
    "hindi": "डीप लर्निंग क्या है?",
    "sql-injection": "'; DROP TABLE roles; -- what does a data scientist do?",
    "sql-in-an-entity": "/ask_role_skills{\"role\": \"x' OR '1'='1\"}",
    "html-injection": "<script>alert(1)</script><img src=x onerror=alert(document.cookie)>",
    "template-injection": "{{7*7}} ${7*7} <%= 7*7 %> {% for x in y %}{{ config }}{% endfor %}",
    "format-strings": "%s%s%s%n {0} {__class__.__mro__} \\x00 \\u0000",
    "exactly-the-limit": ("what is deep learning? " * 50)[:1000],
    "one-over-the-limit": "a" * 1001,
}


def clean(text: str) -> None:
    """What a learner sees must never show an error's insides."""
    for mark in TRACEBACK_MARKS:
        assert mark not in text, f"{mark!r} in what the learner got: {text[:500]!r}"


def expect_reply(name: str, replies: list[str]) -> None:
    assert replies and any(r.strip() for r in replies), f"silence for {name}"
    for reply in replies:
        clean(reply)
    too_long = any(TOO_LONG_REPLY in r for r in replies)
    assert too_long == (name == "one-over-the-limit"), replies


# -- what the servers keep ---------------------------------------------------------------------


def store_digest(stack: Stack) -> str:
    """A digest of every row of the knowledge store the action server reads."""
    url = stack.servers["actions"].env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    engine = sqlalchemy.create_engine(url)
    try:
        tables = sqlalchemy.MetaData()
        tables.reflect(engine)
        digest = hashlib.sha256()
        with engine.connect() as connection:
            for table in tables.sorted_tables:
                rows = sorted(repr(tuple(row)) for row in connection.execute(sqlalchemy.select(table)))
                digest.update(repr((table.name, rows)).encode())
        return digest.hexdigest()
    finally:
        engine.dispose()


@pytest.fixture
def store_unchanged(stack: Stack) -> Iterator[None]:
    before = store_digest(stack)
    yield
    assert store_digest(stack) == before, "the knowledge store changed"


def user_turns(stack: Stack, sender_id: str) -> list[tuple[dict[str, Any], int]]:
    """The sender's user events as the tracker store keeps them: (event, stored size in bytes)."""
    with sqlite3.connect(stack.config.tracker_db) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender_id,)
        ).fetchall()
    return [(json.loads(data), len(data.encode())) for (data,) in rows]


def event_count(stack: Stack, sender_id: str) -> int:
    with sqlite3.connect(stack.config.tracker_db) as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender_id,)).fetchone()[0]


def assert_kept_short(stack: Stack, sender_id: str, length: int) -> None:
    """The too-long message is in the tracker as the intent with its length, in a small row."""
    turns = eventually(lambda: user_turns(stack, sender_id))
    [(event, size)] = turns
    assert event["text"] == "/message_too_long"
    assert event["parse_data"]["intent"]["name"] == "message_too_long"
    assert event["metadata"]["message_too_long"]["length"] == length
    assert size < 10_000


def log_tail(stack: Stack, start: int) -> str:
    return (stack.config.run_dir / "rasa.log").read_bytes()[start:].decode("utf-8", "replace")


def log_size(stack: Stack) -> int:
    return (stack.config.run_dir / "rasa.log").stat().st_size


# -- REST ----------------------------------------------------------------------------------------


def raw_post(
    base_url: str, path: str, body: bytes, headers: Mapping[str, str], timeout: float = TIMEOUT
) -> tuple[int, bytes]:
    """POSTs exactly these headers (urllib would add a form Content-Type); returns (status, body)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=dict(headers))
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


REST_PATH = "/webhooks/rest/webhook"


def rest(stack: Stack, payload: Any, content_type: str | None = JSON) -> tuple[int, Any]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"Content-Type": content_type} if content_type else {}
    status, answer = raw_post(stack.rasa_url, REST_PATH, body, headers)
    clean(answer.decode("utf-8", "replace"))
    return status, json.loads(answer) if answer else None


def new_sender() -> str:
    return f"bad-input-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize("name", BAD_TEXTS)
def test_rest_answers_bad_text(stack: Stack, store_unchanged: None, name: str) -> None:
    sender = new_sender()
    status, messages = rest(stack, {"sender": sender, "message": BAD_TEXTS[name]})
    assert status == 200
    expect_reply(name, [m.get("text", "") for m in messages])
    [(event, _)] = user_turns(stack, sender)  # the turn is kept, storable
    if name == "lone-surrogate":
        assert event["text"] == "what is \ufffd deep learning?"


def test_rest_answers_a_1_mb_message_politely_and_keeps_it_short(stack: Stack) -> None:
    sender = new_sender()
    status, messages = rest(stack, {"sender": sender, "message": "a" * MB})
    assert status == 200 and [m["text"] for m in messages] == [TOO_LONG_REPLY]
    assert_kept_short(stack, sender, MB)


BAD_REQUESTS: dict[str, tuple[str | None, Any, int]] = {
    # name: (content type, body (bytes as sent, anything else as JSON), status)
    "not-json": (JSON, b"what is deep learning?", 400),
    "not-utf8": (JSON, b'{"sender": "%s", "message": "\xff\xfe"}', 400),
    "truncated-json": (JSON, b'{"sender": "%s", "message": "hi', 400),
    "deeply-nested": (JSON, b"[" * 100_000 + b"]" * 100_000, 400),
    "huge-number": (JSON, b'{"sender": "%s", "message": 1' + b"0" * 5000 + b"}", 400),
    "empty-body": (JSON, b"", 400),
    "json-array": (JSON, ["%s", "hi"], 400),
    "json-string": (JSON, "hi", 400),
    "json-null": (JSON, None, 400),
    "no-message": (JSON, {"sender": "%s"}, 400),
    "message-null": (JSON, {"sender": "%s", "message": None}, 400),
    "message-number": (JSON, {"sender": "%s", "message": 42}, 400),
    "message-list": (JSON, {"sender": "%s", "message": ["hi"]}, 400),
    "message-object": (JSON, {"sender": "%s", "message": {"text": "hi"}}, 400),
    "no-sender": (JSON, {"message": "hi"}, 400),
    "sender-empty": (JSON, {"sender": "", "message": "hi"}, 400),
    "sender-blank": (JSON, {"sender": "   ", "message": "hi"}, 400),
    "sender-number": (JSON, {"sender": 42, "message": "hi"}, 400),
    "sender-list": (JSON, {"sender": ["%s"], "message": "hi"}, 400),
    "sender-newline": (JSON, {"sender": "%s\nx", "message": "hi"}, 400),
    "sender-lone-surrogate": (JSON, {"sender": "%s\ud800", "message": "hi"}, 400),
    "sender-too-long": (JSON, {"sender": "%s" + "x" * 256, "message": "hi"}, 400),
    "metadata-string": (JSON, {"sender": "%s", "message": "hi", "metadata": "{}"}, 400),
    "metadata-list": (JSON, {"sender": "%s", "message": "hi", "metadata": [1]}, 400),
    "metadata-huge": (JSON, {"sender": "%s", "message": "hi", "metadata": {"x": "y" * 20_000}}, 400),
    "curl-default-form-type": ("application/x-www-form-urlencoded", {"sender": "%s", "message": "hi"}, 415),
    "text-plain": ("text/plain", {"sender": "%s", "message": "hi"}, 415),
    "multipart": ("multipart/form-data; boundary=x", {"sender": "%s", "message": "hi"}, 415),
    "no-content-type": (None, {"sender": "%s", "message": "hi"}, 415),
    "xml": ("application/xml", b"<message sender='%s'>hi</message>", 415),
}


def fill(template: Any, sender: str) -> Any:
    """The template with every `%s` in strings (and bytes) replaced by the sender."""
    if isinstance(template, bytes):
        return template.replace(b"%s", sender.encode())
    if isinstance(template, str):
        return template.replace("%s", sender)
    if isinstance(template, (list, tuple)):
        return type(template)(fill(t, sender) for t in template)
    if isinstance(template, dict):
        return {k: fill(v, sender) for k, v in template.items()}
    return template


@pytest.mark.parametrize("name", BAD_REQUESTS)
def test_rest_refuses_what_is_not_a_message_with_a_4xx_saying_why(stack: Stack, name: str) -> None:
    content_type, template, expected = BAD_REQUESTS[name]
    sender = new_sender()
    defaults = event_count(stack, "default")  # Rasa's own channel put a message without sender there
    status, answer = rest(stack, fill(template, sender), content_type)
    assert status == expected
    assert isinstance(answer, dict) and set(answer) == {"error"} and answer["error"]
    assert event_count(stack, sender) == 0
    assert event_count(stack, "default") == defaults


def test_rest_refuses_a_body_over_the_servers_cap_with_413_before_reading_it(stack: Stack) -> None:
    cap = int(stack.servers["rasa"].env["SANIC_REQUEST_MAX_SIZE"])
    sender = new_sender()
    start = json.dumps({"sender": sender, "message": "a"}).encode()[:-2]
    parts = urlsplit(stack.rasa_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        # Declares a body one byte over the cap and sends only its first 64 KiB: the answer comes
        # without the server waiting for (or buffering) the rest.
        connection.putrequest("POST", REST_PATH)
        connection.putheader("Content-Type", JSON)
        connection.putheader("Content-Length", str(cap + 1))
        connection.endheaders()
        connection.send(start + b"a" * (64 * 1024))
        answer = connection.getresponse()
        status, body = answer.status, answer.read()
    finally:
        connection.close()
    assert status == 413
    clean(body.decode("utf-8", "replace"))
    assert event_count(stack, sender) == 0
    assert rest(stack, {"sender": sender, "message": "hi"})[0] == 200  # and the server goes on


def test_rest_streams_as_rasa_shell_asks_and_checks_first(stack: Stack) -> None:
    sender = new_sender()
    path = REST_PATH + "?stream=true"
    body = json.dumps({"sender": sender, "message": "a" * MB}).encode()
    status, answer = raw_post(stack.rasa_url, path, body, {"Content-Type": JSON})
    assert status == 200
    assert [json.loads(line)["text"] for line in answer.splitlines() if line] == [TOO_LONG_REPLY]
    status, answer = raw_post(
        stack.rasa_url, path, json.dumps({"message": "hi"}).encode(), {"Content-Type": JSON}
    )
    assert status == 400 and "sender" in json.loads(answer)["error"]


def test_rest_answers_other_methods_with_405_not_an_error(stack: Stack) -> None:
    parts = urlsplit(stack.rasa_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        connection.request("GET", REST_PATH)
        answer = connection.getresponse()
        assert answer.status == 405
        clean(answer.read().decode("utf-8", "replace"))
    finally:
        connection.close()


# -- Socket.IO (the web chat) ------------------------------------------------------------------


class WebLearner:
    """A Socket.IO client speaking the widget's protocol over long-polling, from the page's origin."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = socketio.Client(reconnection=False)
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.client.on("session_confirm", lambda data: self.events.put(("confirm", data)))
        self.client.on("bot_uttered", lambda data: self.events.put(("bot", data)))
        self.session_id = ""

    def __enter__(self) -> WebLearner:
        self.client.connect(self.url, headers={"Origin": self.url}, transports=["polling"], wait_timeout=10)
        self.client.emit("session_request", {"session_id": None})
        kind, self.session_id = self.events.get(timeout=TIMEOUT)
        assert kind == "confirm"
        return self

    def __exit__(self, *_: Any) -> None:
        self.client.eio.disconnect(abort=True)

    def say(self, text: str) -> list[str]:
        """Sends `text`; returns the texts of the bot messages until none came for a second."""
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        return self.replies()

    def replies(self) -> list[str]:
        texts: list[str] = []
        timeout = TIMEOUT
        while True:
            try:
                kind, data = self.events.get(timeout=timeout)
            except queue.Empty:
                return texts
            assert kind == "bot", (kind, data)
            texts.append(json.dumps(data, ensure_ascii=False) if "text" not in data else data["text"])
            timeout = 1.0


@pytest.fixture
def web(stack: Stack) -> Iterator[WebLearner]:
    with WebLearner(stack.rasa_url) as learner:
        yield learner


@pytest.mark.parametrize("name", BAD_TEXTS)
def test_web_chat_answers_bad_text(stack: Stack, web: WebLearner, store_unchanged: None, name: str) -> None:
    expect_reply(name, web.say(BAD_TEXTS[name]))
    assert eventually(lambda: len(user_turns(stack, web.session_id)) == 1)


def test_web_chat_answers_a_1_mb_message_politely_over_long_polling(stack: Stack, web: WebLearner) -> None:
    assert web.say("a" * MB) == [TOO_LONG_REPLY]
    assert_kept_short(stack, web.session_id, MB)


async def websocket_exchange(base_url: str, text: str) -> tuple[str, list[str]]:
    """The widget's exchange after it upgraded to a WebSocket (engine.io 4 / socket.io 5 framing,
    spoken directly: python-socketio's own WebSocket client needs a newer aiohttp than Rasa's)."""
    url = base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, headers={"Origin": base_url}, max_msg_size=0) as ws,
    ):

        async def receive() -> str:
            while True:
                frame = await asyncio.wait_for(ws.receive(), TIMEOUT)
                assert frame.type == aiohttp.WSMsgType.TEXT, f"the server ended the connection: {frame}"
                if frame.data == "2":  # engine.io ping
                    await ws.send_str("3")
                    continue
                return frame.data

        assert (await receive()).startswith("0")  # engine.io open
        await ws.send_str("40")
        assert (await receive()).startswith("40")  # socket.io connect
        await ws.send_str("42" + json.dumps(["session_request", {"session_id": None}]))
        event, session_id = json.loads((await receive())[2:])
        assert event == "session_confirm"
        await ws.send_str("42" + json.dumps(["user_uttered", {"message": text, "session_id": session_id}]))
        event, reply = json.loads((await receive())[2:])
        assert event == "bot_uttered"
        return session_id, [reply["text"]]


def test_web_chat_answers_a_1_mib_message_politely_over_the_websocket(stack: Stack) -> None:
    # 1 MiB: over engine.io's default 1 MB and Sanic's default 1 MiB WebSocket frame.
    session_id, replies = asyncio.run(websocket_exchange(stack.rasa_url, "a" * 2**20))
    assert replies == [TOO_LONG_REPLY]
    assert_kept_short(stack, session_id, 2**20)


WEB_PAYLOADS = {
    "not-an-object": ("what is deep learning?",),
    "a-list": (["what is deep learning?"],),
    "no-message": ({"session_id": "%s"},),
    "message-null": ({"message": None, "session_id": "%s"},),
    "message-number": ({"message": 42, "session_id": "%s"},),
    "message-object": ({"message": {"text": "hi"}, "session_id": "%s"},),
    "metadata-not-json": ({"message": "hi", "session_id": "%s", "metadata": "{nope"},),
    "metadata-list": ({"message": "hi", "session_id": "%s", "metadata": [1]},),
    "two-arguments": ({"message": "hi", "session_id": "%s"}, "extra"),
    "no-arguments": (),
}


@pytest.mark.parametrize("name", WEB_PAYLOADS)
def test_web_chat_refuses_a_payload_that_is_not_a_message_and_goes_on(
    stack: Stack, web: WebLearner, name: str
) -> None:
    start = log_size(stack)
    data = fill(WEB_PAYLOADS[name], web.session_id)
    answer = web.client.call("user_uttered", data[0] if len(data) == 1 else data, timeout=TIMEOUT)
    assert isinstance(answer, dict) and set(answer) == {"error"}
    assert event_count(stack, web.session_id) == 0
    expect_reply("a question after it", web.say("what is deep learning?"))
    assert "Traceback" not in log_tail(stack, start)


def test_web_chat_gives_a_new_session_for_one_it_did_not_issue(stack: Stack, web: WebLearner) -> None:
    slack_conversation = "U0BADINPUT_D0BADINPUT"
    web.client.emit("session_request", {"session_id": slack_conversation})
    kind, session_id = web.events.get(timeout=TIMEOUT)
    assert kind == "confirm" and session_id != slack_conversation and uuid.UUID(hex=session_id).version == 4
    expect_reply("a question", web.say("what is deep learning?"))
    assert event_count(stack, slack_conversation) == 0


# -- Slack -------------------------------------------------------------------------------------


def slack_replies(slack: SlackHarness, channel: str) -> list[str]:
    return [p.text for p in slack.api.wait_for(lambda: slack.api.posts(channel), TIMEOUT)]


def ids(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:9].upper()


@pytest.mark.parametrize("name", BAD_TEXTS)
def test_slack_answers_bad_text(slack: SlackHarness, store_unchanged: None, name: str) -> None:
    user, dm = ids("U"), ids("D")
    status, answer = slack.deliver(slack.api.direct_message(BAD_TEXTS[name], user, dm))
    assert status == 200
    clean(answer.decode())
    expect_reply(name, slack_replies(slack, dm))


def test_slack_answers_a_bare_mention_not_silence(slack: SlackHarness) -> None:
    user, channel = ids("U"), ids("C")
    assert slack.deliver(slack.api.app_mention(slack.api.mention(), user, channel))[0] == 200
    expect_reply("a bare mention", slack_replies(slack, channel))


def test_slack_answers_a_1_mb_message_politely_and_keeps_it_short(slack: SlackHarness) -> None:
    user, dm = ids("U"), ids("D")
    assert slack.deliver(slack.api.direct_message("a" * MB, user, dm))[0] == 200
    assert slack.api.wait_for_post(dm, TOO_LONG_REPLY, TIMEOUT)
    assert_kept_short(slack.stack, f"{user}_{dm}", MB)


def test_slack_retries_a_rate_limited_reply(slack: SlackHarness) -> None:
    user, dm = ids("U"), ids("D")
    slack.api.rate_limit(dm, times=1)
    assert slack.deliver(slack.api.direct_message("/greet", user, dm))[0] == 200
    slack.api.wait_for_post(dm, "deep learning careers assistant", TIMEOUT)
    calls = [c for c in slack.api.calls if c.args.get("channel") == dm]
    refused = [c for c in calls if c.result.get("error") == "ratelimited"]
    assert len(refused) == 1


MALFORMED_SLACK = {
    "not-json": (b"what is deep learning?", JSON),
    "json-array": (b'[{"type": "event_callback"}]', JSON),
    "event-not-an-object": (b'{"type": "event_callback", "event": "hi"}', JSON),
    "form-without-payload": (b"text=hi", "application/x-www-form-urlencoded"),
    "form-payload-not-json": (b"payload=%7Bnope", "application/x-www-form-urlencoded"),
}


@pytest.mark.parametrize("name", MALFORMED_SLACK)
def test_slack_answers_a_signed_request_it_cannot_read_with_400_and_logs_why(
    slack: SlackHarness, name: str
) -> None:
    body, content_type = MALFORMED_SLACK[name]
    start = log_size(slack.stack)
    status, answer = post(slack.webhook, body, signed_headers(body, slack.api.signing_secret, content_type))
    assert status == 400
    clean(answer.decode())
    logged = eventually(lambda: log_tail(slack.stack, start))
    assert "Could not read a signed Slack request" in logged and "Traceback" in logged
    assert slack.api.signing_secret not in logged and slack.api.token not in logged


def test_slack_ignores_a_click_on_something_that_is_not_a_button(slack: SlackHarness) -> None:
    click = {"type": "block_actions", "actions": "not a list"}
    body, headers = interaction_request(click, slack.api.signing_secret)
    status, answer = post(slack.webhook, body, headers)
    assert 200 <= status < 500
    clean(answer.decode())


# -- latency of another conversation -----------------------------------------------------------


QUESTION = "what skills does a data scientist need?"


def timed_question(stack: Stack) -> float:
    started = time.perf_counter()
    status, messages = rest(stack, {"sender": new_sender(), "message": QUESTION})
    assert status == 200 and messages
    return time.perf_counter() - started


def slow_upload(stack: Stack, body: bytes, seconds: float, result: dict[str, Any]) -> None:
    """Sends `body` to the REST webhook spread over `seconds`, as a slow client would."""
    parts = urlsplit(stack.rasa_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        connection.putrequest("POST", REST_PATH)
        connection.putheader("Content-Type", JSON)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        chunks = 50
        size = -(-len(body) // chunks)
        for start in range(0, len(body), size):
            connection.send(body[start : start + size])
            time.sleep(seconds / chunks)
        result["sent_at"] = time.perf_counter()
        answer = connection.getresponse()
        result["status"], result["body"] = answer.status, json.loads(answer.read())
    finally:
        connection.close()


def test_latency_of_another_conversation_during_a_1_mb_message(stack: Stack) -> None:
    timed_question(stack)  # warm up
    baseline = [timed_question(stack) for _ in range(5)]
    body = json.dumps({"sender": new_sender(), "message": "a" * MB}).encode()
    figures: dict[str, Any] = {"baseline_s": baseline}
    for label, seconds in [("during_slow_upload_s", 3.0), ("during_fast_upload_s", 0.0)]:
        result: dict[str, Any] = {}
        uploader = threading.Thread(target=slow_upload, args=(stack, body, seconds, result))
        uploader.start()
        time.sleep(0.05)
        during = [timed_question(stack)]
        while uploader.is_alive() and len(during) < 5:
            during.append(timed_question(stack))
        uploader.join(TIMEOUT)
        assert result["status"] == 200 and [m["text"] for m in result["body"]] == [TOO_LONG_REPLY]
        figures[label] = during
    summary = {
        key: {"median": round(statistics.median(values), 3), "max": round(max(values), 3), "n": len(values)}
        for key, values in figures.items()
        if values
    }
    LATENCY_FILE.parent.mkdir(exist_ok=True)
    record = {"question": QUESTION, "message_bytes": len(body), **summary}
    LATENCY_FILE.write_text(json.dumps(record, indent=2) + "\n")
    print(f"\nREST question latency (s) while a 1 MB message is sent on another connection: {summary}")
