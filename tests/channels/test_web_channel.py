"""The web chat channel in-process: the files it serves, the origins it accepts, the enter_room fix,
the sessions it issues and the messages it hands on.

Fast (no model, no browser): the channel's blueprint runs in a real Sanic server on a free port, in a
thread of its own, with a stand-in for Rasa's message handler; real python-socketio clients talk to it.
One server serves the whole module: Sanic 21.12 cannot start a second app in one process unless its
global test mode is switched on.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from urllib.parse import urljoin

import pytest
import socketio
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Sanic

from channels.limits import DEFAULT_MAX_MESSAGE_CHARS, DEFAULT_REQUEST_MAX_SIZE
from channels.web import (
    ALLOWED_ORIGINS_ENV,
    REMOTE_IMPORT,
    WebChatInput,
    WebFiles,
    configured_origins,
    normalise_origin,
)
from tests.helpers import free_port

PARTNER = "https://partner.example"
LEARNER_SESSION = uuid.uuid4().hex


async def echo(message: UserMessage) -> None:
    """Stands in for Rasa: answers every message in the conversation it came from, naming it."""
    reply = f"echo: {message.text} ({message.sender_id})"
    await message.output_channel.send_text_message(message.sender_id, reply)


def channel(**credentials: Any) -> WebChatInput:
    found = WebChatInput.from_credentials({"session_persistence": True, **credentials})
    assert isinstance(found, WebChatInput)
    return found


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    """A Sanic server mounting the channel as `rasa run` does (PARTNER allowed); yields its port."""
    chat = channel(cors_allowed_origins=[PARTNER + "/"])
    app = Sanic(f"web_chat_test_{uuid.uuid4().hex}")
    app.blueprint(chat.blueprint(echo), url_prefix=urljoin("/webhooks/", chat.url_prefix()))
    chosen = free_port()
    loop = asyncio.new_event_loop()
    started: concurrent.futures.Future[None] = concurrent.futures.Future()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        try:
            server = loop.run_until_complete(
                app.create_server(host="127.0.0.1", port=chosen, return_asyncio_server=True, access_log=False)
            )
            assert server is not None
            loop.run_until_complete(server.startup())
        except BaseException as error:  # noqa: B902 - handed to the test thread
            started.set_exception(error)
            return
        started.set_result(None)
        loop.run_forever()
        server.close()
        loop.run_until_complete(server.wait_closed())
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()

    thread = threading.Thread(target=serve, name="web-chat-test-server", daemon=True)
    thread.start()
    started.result(timeout=60)
    yield chosen
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=30)


def get(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, method=method), timeout=30) as response:
            return response.status, _lower(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers.items()), error.read()


def _lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers}


class Browserless:
    """A Socket.IO client speaking the widget's protocol: session_request, then user_uttered."""

    def __init__(self, url: str, origin: str | None) -> None:
        self.url = url
        self.origin = origin
        self.client = socketio.Client(reconnection=False)
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.client.on("session_confirm", lambda data: self.events.put(("confirm", data)))
        self.client.on("bot_uttered", lambda data: self.events.put(("bot", data)))

    def __enter__(self) -> Browserless:
        headers = {"Origin": self.origin} if self.origin else {}
        # Polling, the widget's first transport: each polling request has its origin checked.
        self.client.connect(self.url, headers=headers, transports=["polling"], wait_timeout=10)
        return self

    def __exit__(self, *_: Any) -> None:
        # Without abort, the client waits for its pending long-poll to end (up to the ping interval).
        self.client.eio.disconnect(abort=True)

    def next(self, kind: str) -> Any:
        got, data = self.events.get(timeout=10)
        assert got == kind, f"expected {kind}, got {got}: {data}"
        return data

    def start_session(self, session_id: str | None = None) -> str:
        self.client.emit("session_request", {"session_id": session_id})
        return self.next("confirm")

    def say(self, text: str, session_id: str) -> Any:
        self.client.emit("user_uttered", {"message": text, "session_id": session_id})
        return self.next("bot")

    def send(self, *data: Any) -> Any:
        """Emits user_uttered with `data` as its arguments; returns the server's acknowledgement."""
        return self.client.call("user_uttered", data[0] if len(data) == 1 else data, timeout=10)


# -- the enter_room fix (rasa#13027) -----------------------------------------------------------


async def connected_socket(server: socketio.AsyncServer) -> str:
    """Registers a client as connected in the server's manager, as a real connection would."""
    server.manager.initialize()
    return await server.manager.connect(f"eio-{uuid.uuid4().hex}", "/")


def session_request_handler(chat: SocketIOInput) -> tuple[socketio.AsyncServer, Callable]:
    chat.blueprint(echo)
    assert chat.sio is not None
    return chat.sio, chat.sio.handlers["/"]["session_request"]


def test_enter_room_is_a_coroutine_in_this_python_socketio() -> None:
    assert asyncio.iscoroutinefunction(socketio.AsyncServer.enter_room)


@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
def test_rasas_own_session_request_leaves_the_socket_out_of_its_room() -> None:
    """The bug the channel works around; if this fails, Rasa fixed it and the override can go."""

    async def scenario() -> list[str]:
        server, handler = session_request_handler(SocketIOInput(session_persistence=True))
        server.emit = _recorder([])  # type: ignore[method-assign]
        sid = await connected_socket(server)
        await handler(sid, {"session_id": LEARNER_SESSION})
        return list(server.rooms(sid))

    assert LEARNER_SESSION not in asyncio.run(scenario())


def test_session_request_awaits_enter_room_and_confirms_the_session() -> None:
    async def scenario() -> tuple[list[str], list[tuple[Any, ...]]]:
        server, handler = session_request_handler(channel())
        emitted: list[tuple[Any, ...]] = []
        server.emit = _recorder(emitted)  # type: ignore[method-assign]
        sid = await connected_socket(server)
        await handler(sid, {"session_id": LEARNER_SESSION})
        return list(server.rooms(sid)), emitted

    rooms, emitted = asyncio.run(scenario())
    assert LEARNER_SESSION in rooms
    assert emitted == [("session_confirm", LEARNER_SESSION)]


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"session_id": None},
        {"session_id": ""},
        "junk",
        {"session_id": 42},
        {"session_id": "learner-1"},  # chosen by the client
        {"session_id": "U0123ABCD_D0456EFGH"},  # another channel's conversation (a Slack DM)
        {"session_id": LEARNER_SESSION.upper()},
        {"session_id": uuid.uuid1().hex},  # not a random id
        {"session_id": LEARNER_SESSION + "0"},
        {"session_id": LEARNER_SESSION + "\n"},
    ],
)
def test_a_socket_without_a_session_we_issued_gets_a_new_one_and_joins_it(data: Any) -> None:
    async def scenario() -> tuple[list[str], list[tuple[Any, ...]]]:
        server, handler = session_request_handler(channel())
        emitted: list[tuple[Any, ...]] = []
        server.emit = _recorder(emitted)  # type: ignore[method-assign]
        sid = await connected_socket(server)
        await handler(sid, data)
        return list(server.rooms(sid)), emitted

    rooms, emitted = asyncio.run(scenario())
    [(event, session_id)] = emitted
    assert event == "session_confirm" and uuid.UUID(hex=session_id).version == 4
    assert session_id.lower() != LEARNER_SESSION.lower()
    assert session_id in rooms


def test_replies_reach_the_browser_and_follow_the_session_to_a_new_socket(port: int) -> None:
    url = f"http://127.0.0.1:{port}"
    with Browserless(url, url) as first:
        session_id = first.start_session()
        assert first.say("hello", session_id) == {"text": f"echo: hello ({session_id})"}
    # A reload: a new socket asks for the same session and gets that conversation's replies.
    with Browserless(url, url) as second:
        assert second.start_session(session_id) == session_id
        assert second.say("still there?", session_id) == {"text": f"echo: still there? ({session_id})"}


def test_a_socket_is_in_one_session_at_a_time(port: int) -> None:
    url = f"http://127.0.0.1:{port}"
    with Browserless(url, url) as first:
        mine = first.start_session()
    with Browserless(url, url) as second:
        other = second.start_session()
        assert second.start_session(mine) == mine
        # Replies go to the session confirmed last, whatever session_id the message names.
        assert second.say("whose?", other) == {"text": f"echo: whose? ({mine})"}


@pytest.mark.parametrize(
    "payload",
    [
        ("not an object",),
        (["a", "list"],),
        ({"session_id": LEARNER_SESSION},),  # no message
        ({"message": None},),
        ({"message": 42},),
        ({"message": {"text": "hi"}},),
        ({"message": "hi", "metadata": "{not json"},),
        ({"message": "hi", "metadata": [1, 2]},),
        ({"message": "hi", "metadata": {"big": "x" * 20_000}},),
        ({"message": "hi"}, "a second argument"),
    ],
)
def test_a_payload_that_is_not_a_message_is_refused_and_the_socket_still_works(
    port: int, payload: tuple[Any, ...]
) -> None:
    url = f"http://127.0.0.1:{port}"
    with Browserless(url, url) as client:
        session_id = client.start_session()
        answer = client.send(*payload)
        assert set(answer) == {"error"} and answer["error"]
        assert client.events.empty()  # nothing was handed to Rasa
        assert client.say("still there?", session_id) == {"text": f"echo: still there? ({session_id})"}


def test_a_message_before_any_session_is_refused(port: int) -> None:
    url = f"http://127.0.0.1:{port}"
    with Browserless(url, url) as client:
        assert "session_request" in client.send({"message": "hi", "session_id": LEARNER_SESSION})["error"]


def test_a_long_message_reaches_the_channel_and_is_replaced_before_rasa(port: int) -> None:
    url = f"http://127.0.0.1:{port}"
    with Browserless(url, url) as client:
        session_id = client.start_session()
        limit = "x" * DEFAULT_MAX_MESSAGE_CHARS
        assert client.say(limit, session_id) == {"text": f"echo: {limit} ({session_id})"}
        # Over engine.io's own 1 MB packet limit: it arrives (one long-polling POST) instead of
        # ending the connection.
        huge = "y" * (DEFAULT_REQUEST_MAX_SIZE // 2)
        assert client.say(huge, session_id) == {"text": f"echo: /message_too_long ({session_id})"}


def _recorder(into: list[tuple[Any, ...]]) -> Callable[..., Awaitable[None]]:
    async def emit(event: str, data: Any = None, **_: Any) -> None:
        into.append((event, data))

    return emit


# -- allowed origins ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin, allowed",
    [
        ("http://127.0.0.1:{port}", True),  # the page, opened as 127.0.0.1
        ("http://localhost:{port}", True),  # the page, opened as localhost
        (PARTNER, True),  # configured
        ("http://partner.example", False),  # another scheme is another origin
        ("http://localhost:8000", False),  # another port is another origin
        ("http://evil.example", False),
        ("null", False),
    ],
)
def test_sockets_are_accepted_from_the_same_origin_and_configured_origins_only(
    port: int, origin: str, allowed: bool
) -> None:
    host = "localhost" if origin.startswith("http://localhost:{") else "127.0.0.1"
    client = Browserless(f"http://{host}:{port}", origin.format(port=port))
    if not allowed:
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.__enter__()
        return
    with client:
        session_id = client.start_session()
        assert client.say("hi", session_id) == {"text": f"echo: hi ({session_id})"}


def test_allowed_origins_come_from_the_environment_first_then_credentials() -> None:
    credentials = ["https://a.example"]
    assert configured_origins(credentials, {}) == ("https://a.example",)
    env = {ALLOWED_ORIGINS_ENV: "https://b.example, http://localhost:8000/"}
    assert configured_origins(credentials, env) == ("https://b.example", "http://localhost:8000")
    assert configured_origins(None, {ALLOWED_ORIGINS_ENV: " "}) == ()


def test_channel_reads_allowed_origins_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOWED_ORIGINS_ENV, "https://b.example")
    assert channel(cors_allowed_origins=["https://a.example"]).allowed_origins == ("https://b.example",)


@pytest.mark.parametrize(
    "bad",
    [
        "*",
        "https://*.example.com",
        "example.com",
        "ftp://example.com",
        "https://example.com/chat",
        "https://user@example.com",
        "http://example.com:99999",
    ],
)
def test_wildcards_and_non_origins_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="web chat"):
        channel(cors_allowed_origins=[bad])


def test_origins_are_compared_as_browsers_send_them() -> None:
    assert normalise_origin("HTTPS://Example.COM:443/") == "https://example.com"
    assert normalise_origin("http://localhost:80") == "http://localhost"
    assert normalise_origin("http://[::1]:5005") == "http://[::1]:5005"


# -- the page and its files --------------------------------------------------------------------


def test_the_widget_bundle_is_served_without_its_remote_font_import() -> None:
    files = WebFiles()
    original = files.bundle_path.read_bytes()
    assert REMOTE_IMPORT.search(original), "rasa-webchat no longer imports a remote font: simplify"
    served = files.bundle()
    assert served is not None
    assert b"fonts.googleapis.com" not in served
    assert not REMOTE_IMPORT.search(served)


def test_serves_the_page_its_files_and_nothing_else(port: int) -> None:
    expected = {
        "/chat/": (200, "text/html"),
        "/chat/index.html": (200, "text/html"),
        "/chat/chat.js": (200, "text/javascript"),
        "/chat/chat.css": (200, "text/css"),
        "/chat/avatar.svg": (200, "image/svg+xml"),
        "/chat/vendor/rasa-webchat.js": (200, "text/javascript"),
        "/chat/package.json": (404, None),
        "/chat/package-lock.json": (404, None),
        "/chat/node_modules/rasa-webchat/lib/index.js": (404, None),
        "/chat/vendor/index.js": (404, None),
        "/chat/..%2Fcredentials.yml": (404, None),
        "/chat/%2e%2e/credentials.yml": (404, None),
        "/chat/.%2e/channels/web.py": (404, None),
        "/chat/missing.js": (404, None),
    }
    for path, (status, content_type) in expected.items():
        got_status, headers, body = get(f"http://127.0.0.1:{port}{path}")
        assert got_status == status, path
        if content_type:
            assert headers["content-type"].startswith(content_type), path
            assert headers["x-content-type-options"] == "nosniff", path
        else:
            assert b"SlackConnector" not in body and b"WebChatInput" not in body, path
    status, headers, _ = get(f"http://127.0.0.1:{port}/chat")
    assert (status, headers["location"]) == (301, "/chat/")
    _, headers, _ = get(f"http://127.0.0.1:{port}/chat/")
    assert "default-src 'self'" in headers["content-security-policy"]
    status, headers, body = get(f"http://127.0.0.1:{port}/chat/", method="HEAD")
    assert (status, body) == (200, b"") and headers["content-type"].startswith("text/html")


def test_page_uses_its_own_origin_and_local_files_only() -> None:
    files = WebFiles()
    index = files.asset("index.html")
    script = files.asset("chat.js")
    assert index is not None and script is not None
    page, code = index.read_text(), script.read_text()
    assert "://" not in page and "://" not in code  # no absolute URL: everything from this server
    assert 'src="vendor/rasa-webchat.js"' in page
    assert "socketUrl: window.location.origin" in code
    assert 'initPayload: "/greet"' in code
