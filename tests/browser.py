"""The system's Chromium driven by Playwright, shared by the web chat, review page and scale-out
tests: where it is, how it is launched, a log of what a page asked for (only loopback is allowed) and
the chat widget as a learner uses it. The `browser` fixture itself is in tests/conftest.py."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Page, Request, Response, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from launcher import settings

ARTIFACTS = settings.ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REPLY_TIMEOUT_MS = 90_000
"""Generous: the first answers of a fresh server, on a shared two-core machine, can be slow."""

BOT = ".rw-messages-container .rw-message:not(.rw-typing-indication) .rw-response"
LEARNER = ".rw-messages-container .rw-client"
QUICK_REPLY = ".rw-replies .rw-reply"
MESSAGE_BOX = "textarea.rw-new-message"
SESSION_KEY = "chat_session"  # where rasa-webchat keeps the conversation in the browser's storage


def greeting() -> dict[str, Any]:
    """The greeting response as domain.yml holds it (its text and buttons)."""
    domain = yaml.safe_load((settings.ROOT / "domain.yml").read_text())
    return domain["responses"]["utter_greet"][0]


@dataclass
class Failure:
    url: str
    error: str
    during_navigation: bool


@dataclass
class NetworkLog:
    """What a page asked for: aborted non-loopback requests, failures, error responses, errors."""

    blocked: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    navigating: bool = False

    def watch(self, page: Page) -> None:
        page.route("**/*", self._route)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("websocket", lambda ws: self.websockets.append(ws.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def _failed(self, request: Request) -> None:
        self.failed.append(Failure(request.url, request.failure or "", self.navigating))

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.error_responses.append(f"{response.status} {response.url}")

    def assert_clean(self) -> None:
        assert not self.blocked, f"requests to other machines were attempted: {self.blocked}"
        # A reload cuts the old page's pending Socket.IO long-poll short; that is no failure.
        failed = [
            f
            for f in self.failed
            if not (f.during_navigation and "/socket.io/" in f.url and "ERR_ABORTED" in f.error)
        ]
        assert not failed, f"requests failed: {failed}"
        assert not self.error_responses, f"error responses: {self.error_responses}"
        assert all(urlsplit(u).hostname in LOOPBACK for u in self.websockets), self.websockets
        assert not self.errors, f"the page logged errors: {self.errors}"


class Chat:
    """The chat page in one browser context, as a learner uses it."""

    def __init__(self, page: Page, log: NetworkLog) -> None:
        self.page = page
        self.log = log

    def bot_messages(self) -> list[str]:
        return self.page.locator(BOT).all_inner_texts()

    def learner_messages(self) -> list[str]:
        return self.page.locator(LEARNER).all_inner_texts()

    def quick_replies(self) -> list[str]:
        return [t.strip() for t in self.page.locator(QUICK_REPLY).all_inner_texts()]

    def wait_for_greeting(self) -> None:
        titles = [b["title"] for b in greeting()["buttons"]]
        self.wait_until(
            "([selector, count]) => document.querySelectorAll(selector).length === count",
            [QUICK_REPLY, len(titles)],
            f"the greeting's {len(titles)} topic buttons",
        )

    def send(self, text: str) -> None:
        box = self.page.locator(MESSAGE_BOX)
        box.fill(text)
        box.press("Enter")

    def ask(self, text: str, expected: list[str]) -> str:
        """Sends `text`; waits for bot messages after it containing every expected word."""
        before = self.page.locator(BOT).count()
        self.send(text)
        return self.wait_for_reply(before, expected, f"an answer to {text!r}")

    def wait_for_reply(self, before: int, expected: list[str], what: str) -> str:
        self.wait_until(
            """([selector, before, words]) => {
                const said = [...document.querySelectorAll(selector)].slice(before)
                    .map((m) => m.innerText.toLowerCase()).join("\\n");
                return words.every((w) => said.includes(w));
            }""",
            [BOT, before, [w.lower() for w in expected]],
            f"{what} mentioning {expected}",
        )
        return "\n".join(self.bot_messages()[before:])

    def wait_until(self, condition: str, arg: Any, what: str) -> None:
        try:
            self.page.wait_for_function(condition, arg=arg, timeout=REPLY_TIMEOUT_MS)
        except PlaywrightTimeout:
            raise AssertionError(f"waited in vain for {what}; the bot said: {self.bot_messages()}") from None

    def session_id(self) -> str | None:
        stored = self.page.evaluate(
            "(key) => window.sessionStorage.getItem(key) || window.localStorage.getItem(key)",
            SESSION_KEY,
        )
        return json.loads(stored).get("session_id") if stored else None

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
