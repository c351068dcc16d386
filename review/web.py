"""The review's routes under /review/, as a Sanic blueprint: every one behind the token (review.auth),
the database work done in a thread (learners keep being answered meanwhile), and every failure turned
into a page that says what happened, never a traceback or a 5xx.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import re
from collections.abc import Callable, Coroutine
from functools import wraps
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Engine

from actions.store.queries import knowledge
from channels.web import COMMON_HEADERS, CONTENT_TYPES, WEB_DIR, WebFiles
from review.auth import SESSION_COOKIE, SESSION_SECONDS, Gate
from review.conversations import all_conversations
from review.events import UnsupportedStore
from review.pages import PREFIX, Pages, when
from review.params import BadParams, Params
from review.privacy import csv_cell
from review.unanswered import ranked, what_to_add

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
CHART_BUNDLE = WEB_DIR / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
UNAUTHORISED = "Unauthorized\n"
TOKEN_IN_ADDRESS = re.compile(r"([?&]token=)[^&\s\"]*")

Handler = Callable[..., Coroutine[Any, Any, HTTPResponse]]


class RedactTokens(logging.Filter):
    """Keeps `?token=` values out of Sanic's access log (on with DEBUG=1)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, str):
            record.request = TOKEN_IN_ADDRESS.sub(r"\1…", request)
        return True


def redact_tokens_in_access_log() -> None:
    access = logging.getLogger("sanic.access")
    if not any(isinstance(f, RedactTokens) for f in access.filters):
        access.addFilter(RedactTokens())


def html(body: str, status: int = 200) -> HTTPResponse:
    return response.html(body, status=status, headers=PAGE_HEADERS)


def unauthorised() -> HTTPResponse:
    """The same answer for a missing, wrong or expired token: it says nothing about which."""
    headers = {**PAGE_HEADERS, "WWW-Authenticate": 'Bearer realm="review"'}
    return response.text(UNAUTHORISED, status=HTTPStatus.UNAUTHORIZED, headers=headers)


def csv_response(rows: list[list[str]], name: str) -> HTTPResponse:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    headers = {**PAGE_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return response.text(out.getvalue(), headers=headers, content_type="text/csv; charset=utf-8")


def review_blueprint(gate: Gate, pages: Pages, tracker: Callable[[Sanic], Engine]) -> Blueprint:
    """The routes, reading the database `tracker` gives for the app serving the request."""
    blueprint = Blueprint("review", url_prefix=PREFIX)
    static = WebFiles(STATIC_DIR)

    def guarded(handler: Handler) -> Handler:
        @wraps(handler)
        async def checked(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            if "token" in request.args:
                return _sign_in(request) if gate.token_matches(request.args.get("token")) else unauthorised()
            if gate.bearer(request.headers.get("authorization")) or gate.session(
                request.cookies.get(SESSION_COOKIE)
            ):
                return await handler(request, *args, **kwargs)
            return unauthorised()

        return checked

    def _sign_in(request: Request) -> HTTPResponse:
        """The address without its token, with a session cookie: the token leaves the address bar."""
        rest = urlencode([(k, v) for k, v in request.query_args if k != "token"])
        answer = response.redirect(
            request.path + (f"?{rest}" if rest else ""), status=303, headers=PAGE_HEADERS
        )
        answer.cookies[SESSION_COOKIE] = gate.new_session()
        cookie = answer.cookies[SESSION_COOKIE]
        cookie["path"], cookie["max-age"] = PREFIX, SESSION_SECONDS
        cookie["httponly"], cookie["samesite"] = True, "Lax"
        cookie["secure"] = request.scheme == "https"
        return answer

    async def read(request: Request, work: Callable[[Engine], HTTPResponse]) -> HTTPResponse:
        """Runs `work` on the tracker store in a thread; any failure becomes a page saying so."""
        try:
            return await asyncio.to_thread(work, tracker(request.app))
        except BadParams as problem:
            return html(pages.notice("That filter can't be used", f"{problem}."), HTTPStatus.BAD_REQUEST)
        except UnsupportedStore as problem:
            return html(
                pages.notice(
                    "Nothing to review here",
                    f"The review page can't read this bot's conversations: {problem}.",
                )
            )
        except Exception:  # noqa: BLE001 - any database failure; logged, and the page says so
            logger.exception("review: reading the conversations failed")
            return html(
                pages.notice(
                    "Conversations can't be read right now",
                    "The conversation store did not answer. Try again in a minute; "
                    "the error is in the Rasa server's log.",
                )
            )

    @blueprint.route("", methods=["GET", "HEAD"], strict_slashes=True)
    @guarded
    async def without_slash(request: Request) -> HTTPResponse:
        query = request.query_string
        return response.redirect(f"{PREFIX}/" + (f"?{query}" if query else ""), status=301)

    @blueprint.route("/", methods=["GET", "HEAD"], strict_slashes=True)
    @guarded
    async def index(request: Request) -> HTTPResponse:
        return await read(request, lambda engine: html(pages.index(engine, Params.parse(request.args))))

    @blueprint.route("/conversation/<event_id:int>", methods=["GET", "HEAD"])
    @guarded
    async def conversation(request: Request, event_id: int) -> HTTPResponse:
        def work(engine: Engine) -> HTTPResponse:
            found = pages.conversation(engine, event_id, Params.parse(request.args))
            if found is None:
                return html(pages.notice("No such conversation", "It may have been deleted."), 404)
            return html(found)

        return await read(request, work)

    @blueprint.route("/export/unanswered.csv", methods=["GET", "HEAD"])
    @guarded
    async def unanswered_csv(request: Request) -> HTTPResponse:
        def work(engine: Engine) -> HTTPResponse:
            filters = Params.parse(request.args).filters().for_overview()
            with engine.connect() as connection, knowledge() as kb:
                found = what_to_add(connection, kb, filters, pages.named)
            rows = [["kind", "text", "times asked", "conversations", "last asked (UTC)"]]
            for kind, items in (("question", ranked(found.questions)), ("name", ranked(found.names))):
                for key, tally in items:
                    label, text = (kind, key) if kind == "question" else key
                    conversations = len({o.sender_id for o in tally.occurrences})
                    rows.append(
                        [label, csv_cell(text), str(tally.count), str(conversations), when(tally.latest)]
                    )
            return csv_response(rows, "unanswered.csv")

        return await read(request, work)

    @blueprint.route("/export/conversations.csv", methods=["GET", "HEAD"])
    @guarded
    async def conversations_csv(request: Request) -> HTTPResponse:
        def work(engine: Engine) -> HTTPResponse:
            params = Params.parse(request.args)
            rows = [
                [
                    "learner",
                    "channel",
                    "started (UTC)",
                    "last message (UTC)",
                    "messages",
                    "got the fallback",
                    "first matching message",
                ]
            ]
            with engine.connect() as connection:
                for row in all_conversations(connection, params.filters()):
                    rows.append(
                        [
                            pages.pseudonyms(row.sender_id),
                            csv_cell(row.channel),
                            when(row.first),
                            when(row.last),
                            str(row.messages),
                            str(row.fallbacks),
                            csv_cell(row.snippet),
                        ]
                    )
            return csv_response(rows, "conversations.csv")

        return await read(request, work)

    @blueprint.route("/static/<name:str>", methods=["GET", "HEAD"])
    @guarded
    async def static_file(request: Request, name: str) -> HTTPResponse:
        path = static.asset(name)
        if path is None:
            return response.text("Not found\n", status=404, headers=COMMON_HEADERS)
        return response.raw(
            path.read_bytes(), content_type=CONTENT_TYPES[path.suffix], headers=COMMON_HEADERS
        )

    @blueprint.route("/vendor/chart.js", methods=["GET", "HEAD"])
    @guarded
    async def chart_library(request: Request) -> HTTPResponse:
        if not CHART_BUNDLE.is_file():
            return response.text(
                "Chart.js is not installed: run `make setup` (npm ci in web/).\n",
                status=404,
                headers=COMMON_HEADERS,
            )
        return response.raw(
            CHART_BUNDLE.read_bytes(), content_type=CONTENT_TYPES[".js"], headers=COMMON_HEADERS
        )

    @blueprint.route("/<anything:path>", methods=["GET", "HEAD"])
    @guarded
    async def elsewhere(request: Request, anything: str) -> HTTPResponse:
        return html(pages.notice("No such page", "The review has no page at this address."), 404)

    return blueprint
