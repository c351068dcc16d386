"""The web chat: a page served by the bot itself at `/chat/`, talking to it over Socket.IO.

`WebChatInput` is Rasa's socketio channel (the protocol the rasa-webchat widget speaks) plus these
things, configured in credentials.yml as `channels.web.WebChatInput`:

- It serves the page from the bot's own origin: `web/index.html` at `/chat/`, the page's own small
  files from `web/` at `/chat/<name>` (only names directly in `web/`, only the types below), and the
  widget bundle from `web/node_modules/rasa-webchat/lib/index.js` at `/chat/vendor/rasa-webchat.js`.
  The bundle's CSS (injected from JavaScript at run time) `@import`s a Google font; that import is
  cut out of the copy we serve, so the page makes no request beyond this server (the widget falls
  back to the system font). node_modules itself is never touched, and nothing else in it is served.
- It awaits `enter_room` (rasa#13027). Since python-socketio 5.10 `AsyncServer.enter_room` is a
  coroutine; Rasa 3.6's `session_request` handler calls it without `await` when
  `session_persistence` is on, so the socket never joins its session's room and no reply arrives.
  The handler is re-registered on the same server with one that awaits it.
- It accepts Socket.IO connections only from allowed origins: the origin the request was made to
  (so the page works as localhost, 127.0.0.1 or any host name) plus the origins listed in
  `WEBCHAT_ALLOWED_ORIGINS` (comma-separated) or else the credentials key `cors_allowed_origins`.
  Rasa's default disables the check (any site could talk to the bot); `*` is refused.
- Session ids are the server's: a `session_request` whose `session_id` is not one this server could
  have issued (a uuid4 in hex, as the widget keeps it across reloads) gets a new one, so a socket
  joins only a conversation whose id it was given: not another channel's (a REST sender, a Slack
  user's), nor one it guessed. Messages go to the session the socket was confirmed for, whatever
  `session_id` they carry.
- Learners' messages (re-registered like `session_request`): one longer than `MAX_MESSAGE_CHARS` is
  answered with `utter_message_too_long` (channels/limits.py); engine.io takes packets up to
  `SANIC_REQUEST_MAX_SIZE` (default 2 MiB; Rasa leaves engine.io's 1 MB) and Sanic WebSocket frames
  as large, so such a message arrives instead of closing the connection. A payload that is not an
  object with a string `message`, or with unusable metadata, is not handed to Rasa: the sender gets
  `{"error": ...}` as the event's acknowledgement if it asked for one (the widget never sends such
  payloads).
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.limits import limit_message, max_message_chars, metadata_problem, request_max_size

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
PAGE_PATH = "/chat"
BUNDLE = Path("node_modules") / "rasa-webchat" / "lib" / "index.js"
ALLOWED_ORIGINS_ENV = "WEBCHAT_ALLOWED_ORIGINS"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
ASSET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
REMOTE_IMPORT = re.compile(rb"@import url\((?:https?:)?//[^)]*\);?")
"""A CSS `@import` of a remote stylesheet, as the widget's bundle embeds it (Google Fonts)."""

COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
PAGE_HEADERS = {
    # Defence in depth for our own page: it may load and connect to this server only. The widget
    # injects <style> elements and style attributes, hence 'unsafe-inline' for styles (not scripts).
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    ),
    "Referrer-Policy": "same-origin",
}
SESSION_ID = re.compile(r"[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")
"""A session id as this server issues them: `uuid.uuid4().hex`."""
DEFAULT_PORTS = {"http": 80, "https": 443}
WEBSOCKET_SCHEMES = {"ws": "http", "wss": "https"}


# -- allowed origins ---------------------------------------------------------------------------


def normalise_origin(text: str) -> str:
    """`scheme://host[:port]` as a browser sends it in `Origin` (lowercase, no default port)."""
    text = text.strip()
    if "*" in text:
        raise ValueError(
            f"web chat: {text!r}: wildcard origins are not allowed; list each site's origin, "
            "e.g. https://example.com"
        )
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        parts.scheme.lower() not in DEFAULT_PORTS
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username is not None
        or port == -1
    ):
        raise ValueError(
            f"web chat: {text!r} is not an origin; write scheme://host[:port], "
            "e.g. https://example.com or http://localhost:8000"
        )
    scheme = parts.scheme.lower()
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{scheme}://{host}" + (f":{port}" if port and port != DEFAULT_PORTS[scheme] else "")


def parse_origins(value: None | str | Iterable[Any]) -> tuple[str, ...]:
    """Origins from a comma-separated string or a list, normalised, without duplicates."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    origins = [normalise_origin(item) for item in items if item.strip()]
    return tuple(dict.fromkeys(origins))


def configured_origins(credentials_value: Any, env: Mapping[str, str]) -> tuple[str, ...]:
    """The extra allowed origins: the environment variable when set, else the credentials key."""
    from_env = env.get(ALLOWED_ORIGINS_ENV, "").strip()
    return parse_origins(from_env) if from_env else parse_origins(credentials_value)


def _first(header: str | None) -> str | None:
    return header.split(",")[0].strip() if header else None


def origins_of_request(environ: Mapping[str, Any]) -> set[str]:
    """The origin(s) this request was addressed to: what a page served by this server sends."""
    hosts = {h for h in (environ.get("HTTP_HOST"), _first(environ.get("HTTP_X_FORWARDED_HOST"))) if h}
    schemes = {environ.get("wsgi.url_scheme") or "http"}
    request = environ.get("sanic.request")
    if request is not None:  # sees TLS terminated by Sanic itself; "ws"/"wss" for websockets
        scheme = str(getattr(request, "scheme", "") or "").lower()
        schemes.add(WEBSOCKET_SCHEMES.get(scheme, scheme))
    found = set()
    for scheme in schemes & set(DEFAULT_PORTS):
        for host in hosts:
            try:
                found.add(normalise_origin(f"{scheme}://{host}"))
            except ValueError:
                continue
    return found


class OriginPolicy:
    """engine.io's `cors_allowed_origins` callable: same origin, plus the configured ones."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.extra = frozenset(extra)

    def __call__(self, origin: str | None, environ: Mapping[str, Any] | None = None) -> bool:
        if not origin:
            return False
        try:
            wanted = normalise_origin(origin)
        except ValueError:
            return False
        return wanted in self.extra or wanted in origins_of_request(environ or {})


# -- the page and its files --------------------------------------------------------------------


class WebFiles:
    """Reads what the page needs from `web/`; the widget bundle is cached and patched once."""

    def __init__(self, root: Path = WEB_DIR) -> None:
        self.root = root.resolve()
        self._bundle: tuple[tuple[int, int], bytes] | None = None

    def asset(self, name: str) -> Path | None:
        """`web/<name>` if it is a servable file directly in web/ (never below, never outside)."""
        if not ASSET_NAME.fullmatch(name) or Path(name).suffix not in CONTENT_TYPES:
            return None
        path = (self.root / name).resolve()
        return path if path.parent == self.root and path.is_file() else None

    @property
    def bundle_path(self) -> Path:
        return self.root / BUNDLE

    def bundle(self) -> bytes | None:
        """The widget's JavaScript without remote `@import`s; None when npm packages are missing."""
        path = self.bundle_path
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._bundle is None or self._bundle[0] != stamp:
            patched, removed = REMOTE_IMPORT.subn(b"", path.read_bytes())
            logger.debug(f"web chat: removed {removed} remote @import(s) from {path}")
            self._bundle = (stamp, patched)
        return self._bundle[1]


def _file_response(body: bytes, suffix: str, extra: dict[str, str] | None = None) -> HTTPResponse:
    headers = {**COMMON_HEADERS, **(extra or {})}
    return response.raw(body, content_type=CONTENT_TYPES[suffix], headers=headers)


# -- the channel -------------------------------------------------------------------------------


class WebChatBlueprint(SocketBlueprint):
    """Rasa's Socket.IO blueprint, which also lets the app's WebSocket frames be as large as the
    packets engine.io accepts: Sanic's own frame limit (1 MiB) would otherwise close the connection
    on a message the widget sends after upgrading, where long-polling would have carried it."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        packet_limit = self.ctx.sio.eio.max_http_buffer_size
        app.config.WEBSOCKET_MAX_SIZE = max(app.config.WEBSOCKET_MAX_SIZE, packet_limit)
        super().register(app, options)


class WebChatInput(SocketIOInput):
    """Rasa's socketio channel with the page, the `enter_room` fix, an origin check, server-issued
    session ids and checked, limited messages."""

    @classmethod
    def name(cls) -> str:
        return "web"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        assert isinstance(channel, cls)
        channel.allowed_origins = configured_origins(credentials.get("cors_allowed_origins"), os.environ)
        return channel

    def __init__(
        self, *args: Any, allowed_origins: Iterable[str] = (), web_dir: Path = WEB_DIR, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_origins: tuple[str, ...] = parse_origins(list(allowed_origins))
        self.files = WebFiles(web_dir)
        self.max_chars = max_message_chars()

    def url_prefix(self) -> str:
        # Absolute, so Rasa's urljoin("/webhooks/", ...) keeps it as it is.
        return PAGE_PATH

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Rasa's blueprint() makes the AsyncServer (self.sio) and registers its handlers on it
        # (connect with the optional JWT check, disconnect, session_request, user messages). We keep
        # that server and those handlers, replace session_request and the user message handler, set
        # the origin check and packet size, and serve it from our own blueprint: Rasa's only HTTP
        # route there is a health check at the prefix root, where our page goes.
        super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        sio.on("session_request", namespace=self.namespace)(self.session_request)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_user_message(sid: str, *args: Any) -> dict[str, str] | None:
            return await self.user_message(on_new_message, sid, *args)

        # Rasa builds the server with cors_allowed_origins=[] (no origin check at all); engine.io
        # reads these attributes on every request.
        sio.eio.cors_allowed_origins = OriginPolicy(self.allowed_origins)
        sio.eio.max_http_buffer_size = request_max_size()

        blueprint = WebChatBlueprint(sio, self.socketio_path, "web_chat", url_prefix=PAGE_PATH)

        # Sanic tags each handler with its blueprint's name, so handlers are functions, not methods.
        @blueprint.route("", methods=["GET", "HEAD"], strict_slashes=True)
        async def page_without_slash(_: Request) -> HTTPResponse:
            return response.redirect(f"{PAGE_PATH}/", status=301)

        @blueprint.route("/", methods=["GET", "HEAD"], strict_slashes=True)
        async def page(request: Request) -> HTTPResponse:
            return self.page(request)

        @blueprint.route("/vendor/rasa-webchat.js", methods=["GET", "HEAD"])
        async def vendor_bundle(request: Request) -> HTTPResponse:
            return self.vendor_bundle(request)

        @blueprint.route("/<name:str>", methods=["GET", "HEAD"])
        async def page_file(request: Request, name: str) -> HTTPResponse:
            return self.page_file(request, name)

        if self.files.bundle() is None:
            logger.warning(
                f"web chat: {self.files.bundle_path} is missing; run `make setup` (npm ci in web/)"
            )
        logger.info(
            f"web chat: page at {PAGE_PATH}/, socket.io at {self.socketio_path}, allowed origins: "
            f"same origin{''.join(', ' + o for o in self.allowed_origins)}"
        )
        return blueprint

    async def session_request(self, sid: str, data: Any = None, *_: Any) -> None:
        """Confirms the browser's session (a new one if it has none we issued) and joins its room.

        With `session_persistence` the replies for session S go to room S (the session id is the
        conversation's sender id), so the socket must be in that room before the first message. The
        room is also how `user_message` knows the socket's session; a socket is in one at a time.
        """
        sio = self.sio
        assert sio is not None
        session_id = data.get("session_id") if isinstance(data, dict) else None
        if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
            session_id = uuid.uuid4().hex
        if self.session_persistence:
            for room in self.session_rooms(sid):
                await _settled(sio.leave_room(sid, room, namespace=self.namespace))
            await _settled(sio.enter_room(sid, session_id, namespace=self.namespace))
        await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
        logger.debug(f"web chat: socket {sid} joined session {session_id}")

    def session_rooms(self, sid: str) -> list[str]:
        """The session rooms the socket is in (every socket is also in a room named by its sid)."""
        assert self.sio is not None
        return [room for room in self.sio.rooms(sid, namespace=self.namespace) if room != sid]

    async def user_message(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]], sid: str, *args: Any
    ) -> dict[str, str] | None:
        """Hands a learner's message to Rasa, limited; returns an error (the acknowledgement) for a
        payload that is not a message, so nothing a client sends ends in an unhandled exception."""
        sio = self.sio
        assert sio is not None
        data = args[0] if len(args) == 1 else None
        if not isinstance(data, dict) or not isinstance(data.get("message"), str):
            return self._refuse(sid, "send an object with the message text as a string in 'message'")
        metadata = data.get(self.metadata_key)
        if isinstance(metadata, str):  # Rasa's channel takes metadata as a JSON string too
            try:
                metadata = json.loads(metadata)
            except (ValueError, RecursionError):
                return self._refuse(sid, f"'{self.metadata_key}' is not valid JSON")
        problem = None if metadata is None else metadata_problem(metadata)
        if problem:
            return self._refuse(sid, problem)
        sessions = self.session_rooms(sid) if self.session_persistence else [sid]
        if not sessions:
            return self._refuse(sid, "send session_request first")
        text, metadata = limit_message(data["message"], metadata, self.max_chars)
        output = SocketIOOutput(sio, self.bot_message_evt)
        message = UserMessage(text, output, sessions[0], input_channel=self.name(), metadata=metadata)
        await on_new_message(message)
        return None

    @staticmethod
    def _refuse(sid: str, problem: str) -> dict[str, str]:
        logger.info(f"web chat: ignored a message from socket {sid}: {problem}")
        return {"error": problem}

    def page(self, _: Request) -> HTTPResponse:
        path = self.files.asset("index.html")
        if path is None:
            raise NotFound("The chat page (web/index.html) is missing.")
        return _file_response(path.read_bytes(), ".html", PAGE_HEADERS)

    def page_file(self, _: Request, name: str) -> HTTPResponse:
        path = self.files.asset(name)
        if path is None:
            raise NotFound(f"No such file: {name}")
        extra = PAGE_HEADERS if path.suffix == ".html" else None
        return _file_response(path.read_bytes(), path.suffix, extra)

    def vendor_bundle(self, _: Request) -> HTTPResponse:
        body = self.files.bundle()
        if body is None:
            return response.text(
                "The chat widget is not installed: run `make setup` (npm ci in web/).",
                status=503,
                headers=COMMON_HEADERS,
            )
        return _file_response(body, ".js")


async def _settled(result: Any) -> None:
    """Awaits what python-socketio returns from enter_room/leave_room: a coroutine since 5.10."""
    if inspect.isawaitable(result):
        await result
