"""Who gets the review page on the running bot: the token as a bearer header, or once in a link that
leaves a session cookie; nobody else, whatever they ask for, and with nothing said about why."""

from __future__ import annotations

import logging
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from launcher import settings
from launcher.servers import write_credentials
from review.auth import SESSION_COOKIE, SESSION_SECONDS, Gate
from review.web import RedactTokens
from tests.helpers import REVIEW_TOKEN
from tests.review.reviewing import Review

ROUTES = [
    "/review",
    "/review/",
    "/review/?q=python&channel=rest",
    "/review/conversation/1",
    "/review/export/unanswered.csv",
    "/review/export/conversations.csv?fallback=1",
    "/review/static/review.css",
    "/review/static/review.js",
    "/review/vendor/chart.js",
    "/review/no/such/page",
]


@pytest.mark.parametrize("path", ROUTES)
def test_every_route_refuses_a_missing_or_wrong_token_alike(review: Review, path: str) -> None:
    separator = "&" if "?" in path else "?"
    answers = [
        review.get(path, signed_in=False),
        review.get(path, {"Authorization": "Bearer not-the-token"}, signed_in=False),
        review.get(path, {"Authorization": f"Basic {REVIEW_TOKEN}"}, signed_in=False),
        review.get(f"{path}{separator}token=not-the-token", signed_in=False),
        review.get(path, {"Cookie": f"{SESSION_COOKIE}=9999999999.forged"}, signed_in=False),
        review.get(path, {"Authorization": "Bearer " + "é" * 40}, signed_in=False),
    ]
    assert {a.status for a in answers} == {401}
    assert {a.body for a in answers} == {b"Unauthorized\n"}  # nothing about what was wrong
    assert all(a.headers["www-authenticate"].startswith("Bearer") for a in answers)
    assert all("set-cookie" not in a.headers for a in answers)


def test_the_bearer_token_opens_the_page(review: Review) -> None:
    answer = review.get("/review/")
    assert answer.status == 200
    assert "What to add" in answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in answer.headers["content-security-policy"]


def test_a_link_with_the_token_signs_the_browser_in_and_drops_the_token(review: Review) -> None:
    answer = review.get(f"/review/?q=data&token={REVIEW_TOKEN}&channel=rest", signed_in=False)
    assert answer.status == 303
    assert answer.headers["location"] == "/review/?q=data&channel=rest"
    cookie = SimpleCookie(answer.headers["set-cookie"])[SESSION_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/review"
    assert int(cookie["max-age"]) == SESSION_SECONDS
    assert REVIEW_TOKEN not in cookie.value
    signed_in = review.get("/review/?q=data", {"Cookie": f"{SESSION_COOKIE}={cookie.value}"}, signed_in=False)
    assert signed_in.status == 200 and "Conversations" in signed_in.text
    tampered = cookie.value[:-1] + ("0" if cookie.value[-1] != "0" else "1")
    assert review.get("/review/", {"Cookie": f"{SESSION_COOKIE}={tampered}"}, signed_in=False).status == 401


def test_the_page_without_a_slash_goes_to_the_page(review: Review) -> None:
    answer = review.get("/review?q=x")
    assert answer.status == 301 and answer.headers["location"] == "/review/?q=x"


def test_a_bad_filter_is_refused_with_a_page_saying_why(review: Review) -> None:
    for query, reason in [
        ("from=yesterday", "YYYY-MM-DD"),
        ("from=2030-01-02&to=2030-01-01", "after"),
        ("page=0", "page number"),
        ("page=%F0%9F%98%80", "page number"),
        ("q=" + "x" * 201, "at most 200"),
    ]:
        answer = review.get(f"/review/?{query}")
        assert answer.status == 400, query
        assert reason in answer.text and "Traceback" not in answer.text


def test_an_unknown_conversation_or_page_is_a_404_page(review: Review) -> None:
    for path in ("/review/conversation/999999999", "/review/nothing-here"):
        answer = review.get(path)
        assert answer.status == 404 and "<h1>No such" in answer.text


def test_the_session_cookie_expires_and_dies_with_its_token() -> None:
    now = [1_000_000.0]
    gate = Gate("the-token", clock=lambda: now[0])
    value = gate.new_session()
    assert gate.session(value)
    assert not Gate("another-token", clock=lambda: now[0]).session(value)
    now[0] += SESSION_SECONDS + 1
    assert not gate.session(value)
    for forged in ("", ".", "abc.def", "١٢٣.x", f"{int(now[0]) + 60}.{'0' * 64}"):
        assert not gate.session(forged)


def test_a_token_in_an_address_never_reaches_the_access_log() -> None:
    record = logging.LogRecord("sanic.access", logging.INFO, "", 0, "", (), None)
    record.request = f"GET http://bot/review/?q=x&token={REVIEW_TOKEN}&page=2"
    assert RedactTokens().filter(record)
    assert REVIEW_TOKEN not in record.request and record.request.endswith("&page=2")


def test_without_review_token_the_launcher_leaves_the_page_out(tmp_path: Path) -> None:
    """(tests/launcher/test_run.py asks a bot started so for /review/: 404.)"""
    disabled = write_credentials(settings.ROOT / "credentials.yml", tmp_path / "credentials.yml", {})
    assert disabled["review.channel.ReviewChannel"] == ["REVIEW_TOKEN"]
    assert "review" not in (tmp_path / "credentials.yml").read_text()
