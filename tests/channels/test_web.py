"""The web chat in a real browser: the page the bot serves at /chat/, its widget, the real bot behind it.

The system's Chromium (never a downloaded one) opens the page from the session's running stack (real
model, Rasa server and action server). Every request the page makes goes through `page.route`:
loopback requests go ahead, anything else is aborted and recorded, and each test asserts that nothing
was, that no request failed and that nothing was logged as an error. Each test has a browser context
of its own (fresh storage); the persistence test reloads within its context. Tests wait for DOM
conditions only. Screenshots go to test-artifacts/ (git-ignored).

Expected answers are read from where the bot reads them: the greeting's buttons from domain.yml, the
definition from data/knowledge/topics.yml, a role's skills from the store (actions.store.queries).
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, Route, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from actions.store.queries import knowledge
from launcher import settings
from launcher.servers import Stack

ROOT = settings.ROOT
ARTIFACTS = ROOT / "test-artifacts"
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

DATA_SCIENTIST_SKILLS = "what skills does a data scientist need?"
FOLLOW_UP = "and what do they earn?"


# -- what the bot should say, from its own sources ---------------------------------------------


def greeting() -> dict[str, Any]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return domain["responses"]["utter_greet"][0]


def definition_words() -> list[str]:
    """Distinctive words of topics.yml's answer to ask_definition (what deep learning is)."""
    topics = yaml.safe_load((ROOT / "data" / "knowledge" / "topics.yml").read_text())["topics"]
    answer = next(t["answer"] for t in topics if t["intent"] == "ask_definition")
    words = dict.fromkeys(w.lower() for w in re.findall(r"[A-Za-z]{6,}", answer))
    return list(words)[:6]


@dataclass(frozen=True)
class RoleFacts:
    title: str
    essential: list[str]


@pytest.fixture(scope="module")
def data_scientist(store_url: str) -> RoleFacts:
    with knowledge(store_url) as kb:
        role = kb.find_role("data scientist")
        assert role is not None, "data/knowledge/roles.yml has no data scientist"
        essential = [n.skill.name for n in kb.role_skills(role.key) if n.importance == "essential"]
    assert essential, "the data scientist has no essential skills in the store"
    return RoleFacts(role.title, essential)


# -- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


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


def page_url(stack: Stack, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{stack.config.rasa_port}/chat/"


@pytest.fixture
def open_chat(browser: Browser, stack: Stack) -> Iterator[Callable[..., Chat]]:
    """Opens the page in a new browser context (fresh storage) as `host`, in a viewport."""
    contexts: list[BrowserContext] = []

    def opener(host: str = "127.0.0.1", viewport: dict[str, int] | None = None) -> Chat:
        phone = viewport == PHONE
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=1,
        )
        contexts.append(context)
        page = context.new_page()
        log = NetworkLog()
        log.watch(page)
        page.goto(page_url(stack, host))
        return Chat(page, log)

    yield opener
    for context in contexts:
        context.close()


# -- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
@pytest.mark.parametrize(
    "name, viewport",
    [pytest.param("desktop", DESKTOP, id="desktop"), pytest.param("phone", PHONE, id="phone")],
)
def test_page_loads_from_this_machine_only_and_greets(
    open_chat: Callable[..., Chat], host: str, name: str, viewport: dict[str, int]
) -> None:
    chat = open_chat(host, viewport)
    page = chat.page
    assert page.locator("h1").inner_text() == "Deep learning careers assistant"
    assert "career" in page.locator(".intro p").inner_text()
    chat.wait_for_greeting()  # the socket connected from this origin and the bot answered
    # Readable on this screen: nothing wider than the viewport, the message box on screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    box = page.locator(MESSAGE_BOX).bounding_box()
    assert box is not None and box["y"] + box["height"] <= viewport["height"]
    assert box["width"] >= viewport["width"] * 0.6
    chat.screenshot(f"web-{name}-{host}")
    chat.log.assert_clean()


def test_greeting_offers_the_topic_buttons(open_chat: Callable[..., Chat]) -> None:
    chat = open_chat()
    chat.wait_for_greeting()
    expected = greeting()
    assert chat.quick_replies() == [b["title"] for b in expected["buttons"]]
    opening = " ".join(expected["text"].split()[:6]).lower()
    assert opening in " ".join(chat.bot_messages()).lower()
    chat.log.assert_clean()


def test_clicking_a_topic_button_answers_it(open_chat: Callable[..., Chat]) -> None:
    chat = open_chat()
    chat.wait_for_greeting()
    title = next(b["title"] for b in greeting()["buttons"] if b["payload"] == "/ask_definition")
    before = chat.page.locator(BOT).count()
    chat.page.locator(QUICK_REPLY, has_text=title).click()
    chat.wait_for_reply(before, definition_words(), f"the answer to the {title!r} button")
    assert chat.learner_messages() == [title]
    chat.screenshot("web-button-answer")
    chat.log.assert_clean()


def test_usable_with_the_keyboard_alone(open_chat: Callable[..., Chat]) -> None:
    chat = open_chat()
    chat.wait_for_greeting()
    page = chat.page
    titles = chat.quick_replies()
    focused = ""
    for _ in range(2 * len(titles) + 4):  # Tab through the page to a topic button
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.matches('.rw-reply') ? document.activeElement.innerText : ''"
        )
        if focused:
            break
    assert focused.strip() in titles, "no topic button can be reached with Tab"
    before = page.locator(BOT).count()
    page.keyboard.press("Enter")
    chat.wait_until(
        "([selector, before]) => document.querySelectorAll(selector).length > before",
        [BOT, before],
        f"an answer to the {focused!r} button pressed with Enter",
    )
    assert chat.learner_messages() == [focused.strip()]
    assert page.evaluate("document.activeElement.matches('textarea.rw-new-message')")
    before = page.locator(BOT).count()
    page.keyboard.type("what is deep learning?")
    page.keyboard.press("Enter")
    chat.wait_for_reply(before, definition_words(), "an answer typed with the keyboard")
    chat.log.assert_clean()


def test_typed_question_gets_the_definition(open_chat: Callable[..., Chat]) -> None:
    chat = open_chat()
    chat.wait_for_greeting()
    chat.ask("what is deep learning?", definition_words())
    chat.screenshot("web-definition")
    chat.log.assert_clean()


def test_role_skills_come_from_the_store(open_chat: Callable[..., Chat], data_scientist: RoleFacts) -> None:
    chat = open_chat(viewport=PHONE)
    chat.wait_for_greeting()
    chat.ask(DATA_SCIENTIST_SKILLS, data_scientist.essential)
    chat.screenshot("web-phone-role-skills")
    chat.log.assert_clean()


def test_conversation_survives_a_reload_and_keeps_its_context(
    open_chat: Callable[..., Chat], data_scientist: RoleFacts
) -> None:
    chat = open_chat()
    chat.wait_for_greeting()
    chat.ask(DATA_SCIENTIST_SKILLS, data_scientist.essential)
    said, asked, session = chat.bot_messages(), chat.learner_messages(), chat.session_id()
    assert session
    chat.log.assert_clean()

    chat.log.navigating = True
    chat.page.reload()
    chat.log.navigating = False
    # The earlier conversation is shown again, from the browser's storage, without a new greeting.
    chat.wait_until(
        "([selector, count]) => document.querySelectorAll(selector).length >= count",
        [BOT, len(said)],
        "the earlier messages after the reload",
    )
    assert chat.learner_messages() == asked
    assert chat.bot_messages() == said
    assert chat.session_id() == session

    # The same conversation continues on the server: "they" is still the data scientist.
    reply = chat.ask(FOLLOW_UP, [data_scientist.title])
    assert len(chat.bot_messages()) > len(said), reply
    chat.screenshot("web-after-reload")
    chat.log.assert_clean()


@pytest.mark.parametrize("origin, status", [("same", 200), ("http://evil.example", 400)])
def test_socket_io_accepts_this_origin_and_refuses_others(stack: Stack, origin: str, status: int) -> None:
    """The running server's engine.io handshake, as a browser on that origin would make it."""
    origin = stack.rasa_url if origin == "same" else origin
    request = urllib.request.Request(
        f"{stack.rasa_url}/socket.io/?EIO=4&transport=polling", headers={"Origin": origin}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            got = response.status
            allowed = response.headers.get("Access-Control-Allow-Origin")
    except urllib.error.HTTPError as error:
        got, allowed = error.code, error.headers.get("Access-Control-Allow-Origin")
    assert got == status
    assert allowed == (origin if status == 200 else None)
