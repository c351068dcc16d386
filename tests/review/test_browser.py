"""The review page in Chromium (Debian's, never a downloaded one), served by the session's running bot:
opened from a link with the token, it draws its charts from this machine alone with the totals the
tracker holds, shows learners' HTML and escape sequences as text, and its filters find conversations.
Screenshots go to test-artifacts/ (git-ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from launcher.servers import Stack
from review.privacy import visible
from tests.browser import ARTIFACTS, DESKTOP, NetworkLog
from tests.helpers import REVIEW_TOKEN, eventually
from tests.review.conftest import HOSTILE, Learners, stored
from tests.review.reviewing import count, pseudonym

TIMEOUT_MS = 30_000
CHART_DATA = """(id) => {
    const chart = Chart.getChart(document.getElementById(id));
    const datasets = chart.data.datasets.map((d) => ({ label: d.label, data: d.data }));
    return { labels: chart.data.labels, datasets };
}"""


@pytest.fixture
def signed_in(browser: Browser, stack: Stack) -> Iterator[tuple[Page, NetworkLog]]:
    """A fresh browser context that opened the review link (with the token) once, watched."""
    context = browser.new_context(viewport=DESKTOP, device_scale_factor=1)
    page = context.new_page()
    log = NetworkLog()
    log.watch(page)
    page.goto(f"{stack.rasa_url}/review/?token={REVIEW_TOKEN}")
    assert page.url == f"{stack.rasa_url}/review/"  # the token left the address bar
    yield page, log
    context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def chart(page: Page, canvas: str) -> dict[str, Any]:
    return page.evaluate(CHART_DATA, canvas)


def test_the_charts_draw_the_totals_the_tracker_holds_from_this_machine_alone(
    signed_in: tuple[Page, NetworkLog], learners: Learners
) -> None:
    page, log = signed_in

    def drawn_as_counted() -> bool:
        before = count(learners.tracker_db)
        page.reload()
        page.wait_for_selector("body[data-charts=drawn]", timeout=TIMEOUT_MS)
        if count(learners.tracker_db) != before:
            return False  # another test's conversation was still being saved
        days = chart(page, "chart-days")
        by_channel = [d for d in days["datasets"] if d["label"].startswith("messages: ")]
        assert days["labels"] == sorted(before.days)
        assert sum(sum(d["data"]) for d in by_channel) == before.messages
        for dataset in by_channel:
            channel = dataset["label"].removeprefix("messages: ").replace("(unknown)", "")
            assert dataset["data"] == [before.days[day][channel] for day in days["labels"]]
        [conversations] = [d for d in days["datasets"] if d["label"] == "conversations"]
        assert conversations["data"] == [len(before.day_senders[day]) for day in days["labels"]]
        channels = chart(page, "chart-channels")
        named = dict(zip(channels["labels"], channels["datasets"][0]["data"], strict=True))
        assert named == {c or "(unknown)": len(s) for c, s in before.channel_senders.items()}
        share = chart(page, "chart-fallback")["datasets"][0]["data"]
        expected = [
            round(100 * before.day_fallbacks[d] / sum(before.days[d].values()), 1) for d in days["labels"]
        ]
        assert share == expected
        intents = chart(page, "chart-intents")
        assert sum(intents["datasets"][0]["data"]) == sum(n for _, n in before.intents.most_common(10))
        return True

    assert eventually(drawn_as_counted)
    shot(page, "review-index")
    log.navigating = True  # reloads may cut a pending request short
    log.assert_clean()


def test_learners_html_and_escape_sequences_show_as_text(
    signed_in: tuple[Page, NetworkLog], learners: Learners, stack: Stack
) -> None:
    page, log = signed_in
    first = stored(learners.tracker_db, learners.hostile)[0]["id"]
    page.goto(f"{stack.rasa_url}/review/conversation/{first}")
    said = page.locator(f"#e{first} .said")
    assert said.inner_text() == visible(HOSTILE)
    assert "<ESC>[31mred<ESC>[0m" in said.inner_text() and "<script>" in said.inner_text()
    assert said.locator("script, b").count() == 0
    assert page.evaluate("typeof window.reviewed") == "undefined"
    shot(page, "review-hostile")
    log.assert_clean()


def test_the_filter_form_finds_the_slack_conversation_and_opens_it(
    signed_in: tuple[Page, NetworkLog], learners: Learners
) -> None:
    page, log = signed_in
    page.select_option("select[name=channel]", "slack")
    page.fill("input[name=q]", "data engineer")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#conversation-list", timeout=TIMEOUT_MS)
    names = page.locator("#conversation-list tbody td:first-child").all_inner_texts()
    assert pseudonym(learners.slack) in names
    assert pseudonym(learners.rest) not in names and pseudonym(learners.web) not in names
    page.click(f"#conversation-list a:text-is('{pseudonym(learners.slack)}')")
    [message] = stored(learners.tracker_db, learners.slack)
    turn = page.locator(f"#e{message['id']}")
    assert turn.locator(".said").inner_text() == "what does a data engineer do?"
    assert turn.locator(".intent").inner_text().startswith(message["parse_data"]["intent"]["name"] + " ")
    assert "focus" in (turn.get_attribute("class") or "")
    shot(page, "review-slack-conversation")
    log.assert_clean()
