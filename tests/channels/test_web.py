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

import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext

from actions.store.queries import knowledge
from launcher import settings
from launcher.servers import Stack
from tests.browser import BOT, DESKTOP, MESSAGE_BOX, PHONE, QUICK_REPLY, Chat, NetworkLog, greeting

ROOT = settings.ROOT

DATA_SCIENTIST_SKILLS = "what skills does a data scientist need?"
FOLLOW_UP = "and what do they earn?"


# -- what the bot should say, from its own sources ---------------------------------------------


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
