"""A loopback fake of Slack: its Web API for the bot to call, and signed requests for the bot to receive.

`FakeSlackApi` is an HTTP server on 127.0.0.1 answering the Web API methods the connector uses
(`chat.postMessage`, plus `chat.update`, `chat.postEphemeral` and `auth.test`) the way Slack does:
HTTP 200 with `{"ok": true, ...}` or `{"ok": false, "error": ...}`, JSON or form-encoded arguments,
the bot token as `Authorization: Bearer <token>` (or a `token` argument). It records every call,
refused ones included, so tests can assert what was (not) posted. Point the bot at it with
`SLACK_API_URL=api.url`. `rate_limit` makes it answer a channel's next calls of one method as Slack
does when a bot calls too fast: HTTP 429 with `Retry-After`.


The requests Slack sends the bot, signed, are built by tests/fakes/slack_requests.py.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.fakes.slack_requests import APP_ID, SlackEvents, new_ts

TOKEN = "xoxb-0000-fake-bot-token"
SIGNING_SECRET = "fake-signing-secret-0123456789abcdef"
TEAM_ID = "T0FAKE0001"
BOT_USER_ID = "U0BOT00001"
BOT_ID = "B0BOT00001"


@dataclass
class ApiCall:
    """One Web API request as the fake received and answered it."""

    method: str
    args: dict[str, Any]
    authorized: bool
    result: dict[str, Any]
    content_type: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.result.get("ok"))

    @property
    def text(self) -> str:
        """The message text, plus every text in its blocks (what the learner would read)."""
        parts = [str(self.args.get("text") or "")]
        for block in self.args.get("blocks") or []:
            parts.append(str((block.get("text") or {}).get("text") or ""))
            for element in block.get("elements") or []:
                value = element.get("text") or ""  # a button's is an object, a context line's a string
                parts.append(str(value.get("text") or "" if isinstance(value, dict) else value))
        return "\n".join(p for p in parts if p)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The Block Kit buttons of the message, in order."""
        return [
            e
            for b in self.args.get("blocks") or []
            if b.get("type") == "actions"
            for e in b.get("elements") or []
            if e.get("type") == "button"
        ]


@dataclass
class FakeSlackApi(SlackEvents):
    """Slack's Web API on a loopback port, recording every call."""

    token: str = TOKEN
    signing_secret: str = SIGNING_SECRET
    team_id: str = TEAM_ID
    bot_user_id: str = BOT_USER_ID
    bot_id: str = BOT_ID
    calls: list[ApiCall] = field(default_factory=list)
    rate_limited: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    """(method, channel) -> (calls still to refuse, their Retry-After seconds)."""

    def __post_init__(self) -> None:
        self._changed = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FakeSlackApi:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                fake._handle(self, self.rfile.read(length))

            def do_GET(self) -> None:  # noqa: N802
                fake._handle(self, b"")

            def log_message(self, *_: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-slack-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def __enter__(self) -> FakeSlackApi:
        return self.start()

    def __exit__(self, *_: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The Web API base URL, as SLACK_API_URL."""
        assert self._server is not None, "the fake Slack API is not running"
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def env(self) -> dict[str, str]:
        """The environment that points the bot's Slack channel at this fake."""
        return {
            "SLACK_BOT_TOKEN": self.token,
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_API_URL": self.url,
        }

    # -- the Web API -----------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        parsed = urlparse(handler.path)
        method = parsed.path.rsplit("/", 1)[-1] if parsed.path.startswith("/api/") else ""
        content_type = (handler.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        args: dict[str, Any] = _form(parsed.query)
        try:
            if content_type == "application/json" and body:
                args.update(json.loads(body))
            elif body:
                args.update(_form(body.decode("utf-8")))
        except ValueError:
            result = {"ok": False, "error": "invalid_json"}
            authorized = False
        else:
            authorization = handler.headers.get("Authorization") or ""
            given = (
                authorization[len("Bearer ") :]
                if authorization.startswith("Bearer ")
                else args.pop("token", None)
            )
            authorized = given == self.token
            if not given:
                result = {"ok": False, "error": "not_authed"}
            elif not authorized:
                result = {"ok": False, "error": "invalid_auth"}
            else:
                result = self._answer(method, args)
        status, headers = 200 if method else 404, {}
        with self._changed:
            key = (method, str(args.get("channel")))
            refuse, retry_after = self.rate_limited.get(key, (0, 0))
            if authorized and refuse > 0:
                self.rate_limited[key] = (refuse - 1, retry_after)
                status, headers = 429, {"Retry-After": str(retry_after)}
                result = {"ok": False, "error": "ratelimited"}
            self.calls.append(ApiCall(method, args, authorized, result, content_type))
            self._changed.notify_all()
        payload = json.dumps(result).encode()
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake-workspace.slack.com/",
                "team": "Fake workspace",
                "user": "dl-careers-bot",
                "team_id": self.team_id,
                "user_id": self.bot_user_id,
                "bot_id": self.bot_id,
                "is_enterprise_install": False,
            }
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            channel = args.get("channel")
            if not channel:
                return {"ok": False, "error": "channel_not_found"}
            if not (args.get("text") or args.get("blocks") or args.get("attachments")):
                return {"ok": False, "error": "no_text"}
            if method == "chat.postEphemeral":
                return {"ok": True, "message_ts": new_ts()}
            if method == "chat.update" and not args.get("ts"):
                return {"ok": False, "error": "message_not_found"}
            ts = args.get("ts") if method == "chat.update" else new_ts()
            message = {
                "type": "message",
                "user": self.bot_user_id,
                "bot_id": self.bot_id,
                "app_id": APP_ID,
                "team": self.team_id,
                "ts": ts,
                "text": args.get("text", ""),
            }
            for key in ("blocks", "attachments", "thread_ts"):
                if args.get(key):
                    message[key] = args[key]
            answer = {"ok": True, "channel": channel, "ts": ts, "message": message}
            if method == "chat.update":
                answer["text"] = args.get("text", "")
            return answer
        return {"ok": False, "error": "unknown_method"}

    def rate_limit(
        self, channel: str, times: int = 1, method: str = "chat.postMessage", retry_after: int = 1
    ) -> None:
        """Answers the next `times` calls of `method` to `channel` with 429 and `Retry-After`, like Slack."""
        with self._changed:
            self.rate_limited[(method, channel)] = (times, retry_after)

    # -- what tests look at ----------------------------------------------------------------------

    def posts(self, channel: str | None = None) -> list[ApiCall]:
        """The accepted chat.postMessage calls (to `channel` if given), oldest first."""
        with self._changed:
            return [
                c
                for c in self.calls
                if c.method == "chat.postMessage"
                and c.ok
                and (channel is None or c.args.get("channel") == channel)
            ]

    def updates(self, channel: str, ts: str) -> list[ApiCall]:
        """The accepted chat.update calls to the message `ts` in `channel`, oldest first."""
        with self._changed:
            return [
                c
                for c in self.calls
                if c.method == "chat.update"
                and c.ok
                and c.args.get("channel") == channel
                and c.args.get("ts") == ts
            ]

    def wait_for(self, condition: Callable[[], Any], timeout: float = 90.0) -> Any:
        """Blocks until `condition()` is truthy (re-checked on every call) or fails after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                result = condition()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"no matching Slack API call within {timeout:.0f} s; calls: "
                        + json.dumps([[c.method, c.args] for c in self.calls])[:4000]
                    )
                self._changed.wait(remaining)

    def wait_for_post(self, channel: str, containing: str = "", timeout: float = 90.0) -> ApiCall:
        """The first chat.postMessage to `channel` whose text contains `containing`."""

        def found() -> ApiCall | None:
            return next((c for c in self.posts(channel) if containing in c.text), None)

        return self.wait_for(found, timeout)


def _form(query: str) -> dict[str, Any]:
    """Form/query arguments as Slack reads them: JSON-valued fields (blocks, ...) decoded."""
    args: dict[str, Any] = {}
    for key, values in parse_qs(query, keep_blank_values=True).items():
        value: Any = values[-1]
        if key in ("blocks", "attachments", "metadata") and value[:1] in ("[", "{"):
            value = json.loads(value)
        args[key] = value
    return args
