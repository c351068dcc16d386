"""The web chat through nginx in a real browser (Debian's Chromium): the page, its Socket.IO session
kept on one replica by the route cookie nginx sets, answers from the store, and the conversation
going on after a reload. The page and widget helpers are the web chat tests' own."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.browser import BOT, DESKTOP, Chat, NetworkLog
from tests.channels.test_web import FOLLOW_UP, definition_words
from tests.scale.conftest import Scaled


def test_the_web_chat_works_through_the_load_balancer(browser: Browser, scaled: Scaled) -> None:
    before = len(scaled.served_by(None, "/socket.io/"))
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        log = NetworkLog()
        log.watch(page)
        page.goto(f"{scaled.nginx.url}/chat/")
        chat = Chat(page, log)
        chat.wait_for_greeting()
        assert any(cookie["name"] == "chat_route" for cookie in context.cookies())
        chat.ask("what does a data scientist do?", ["data scientist"])
        said = chat.bot_messages()
        log.navigating = True
        page.reload()
        log.navigating = False
        chat.wait_until(
            "([selector, count]) => document.querySelectorAll(selector).length >= count",
            [BOT, len(said)],
            "the earlier messages after the reload",
        )
        chat.ask("what is deep learning?", definition_words())
        chat.ask(FOLLOW_UP, ["data scientist"])  # the conversation kept its context
        chat.screenshot("scale-web-through-nginx")
        log.assert_clean()
    finally:
        context.close()
    polled = scaled.served_by(None, "/socket.io/", at_least=before + 1)
    assert len(polled) > before
    assert len(set(polled[before:])) == 1, f"the Socket.IO session moved between replicas: {polled}"
