"""`/review/` on the Rasa server: the review page as a Rasa channel, configured in credentials.yml.

Rasa adds HTTP routes only through input channels, so the page is one, though no learner talks to it
(like channels/health.py). Its credentials name `${REVIEW_TOKEN}`, so the launcher leaves it out, and
the route does not exist, while that variable is unset. It reads the tracker store the running agent
writes to, through an engine of its own that can only read.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.tracker_store import SQLTrackerStore
from sanic import Blueprint, Sanic
from sqlalchemy.engine import Engine

from review.auth import Gate
from review.events import INDEX_NAME, UnsupportedStore, ensure_index, read_only_engine
from review.pages import PREFIX, Pages
from review.privacy import Pseudonyms, derived_key
from review.web import redact_tokens_in_access_log, review_blueprint
from server.tracker_cache import unwrapped

logger = logging.getLogger(__name__)

PSEUDONYM_KEY_ENV = "REVIEW_PSEUDONYM_KEY"


def sql_tracker_store(app: Sanic) -> SQLTrackerStore:
    """The SQL tracker store the app's agent writes to, unwrapped (server/guards.py wraps it)."""
    store = unwrapped(getattr(getattr(app.ctx, "agent", None), "tracker_store", None))
    if not isinstance(store, SQLTrackerStore):
        kind = store.__class__.__name__ if store is not None else "no tracker store yet"
        raise UnsupportedStore(f"it reads a SQL tracker store, and this bot has {kind}")
    return store


class TrackerEngines:
    """The read-only engine on the app's SQL tracker store, made once per database."""

    def __init__(self) -> None:
        self._engines: dict[str, Engine] = {}

    def __call__(self, app: Sanic) -> Engine:
        store = sql_tracker_store(app)
        key = store.engine.url.render_as_string(hide_password=False)
        if key not in self._engines:
            self._engines[key] = read_only_engine(store.engine.url)
        return self._engines[key]


def pseudonym_key(token: str) -> bytes:
    """REVIEW_PSEUDONYM_KEY when set (pseudonyms then outlive a change of token), else one derived
    from the token."""
    secret = os.environ.get(PSEUDONYM_KEY_ENV)
    return derived_key(secret, "pseudonyms") if secret else derived_key(token, "review pseudonyms")


class ReviewChannel(InputChannel):
    """Serves the review page at `/review/` to whoever holds REVIEW_TOKEN."""

    @classmethod
    def name(cls) -> str:
        return "review"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(str((credentials or {}).get("token") or ""))

    def __init__(self, token: str) -> None:
        self.token = token

    def url_prefix(self) -> str:
        return PREFIX

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if not self.token:  # Rasa run by hand with the variable set but empty: never an open page
            logger.warning("review page: REVIEW_TOKEN is empty, so /review/ is not served")
            return Blueprint("review_off")
        redact_tokens_in_access_log()
        pages = Pages(Pseudonyms(pseudonym_key(self.token)))
        engines = TrackerEngines()
        blueprint = review_blueprint(Gate(self.token), pages, engines)

        async def prepare(app: Sanic, _loop: asyncio.AbstractEventLoop) -> None:
            app.add_task(asyncio.to_thread(prepare_store, app, pages, engines))

        blueprint.listener("after_server_start")(prepare)
        logger.info(f"review page at {PREFIX}/")
        return blueprint


def prepare_store(app: Sanic, pages: Pages, engines: TrackerEngines) -> None:
    """In the background, once the bot serves: adds the review's index to the tracker store's table
    (review.events.ensure_index), then reads what the first page would. The bot answers meanwhile,
    and the page works without either, only slower."""
    _attempt(f"add the index {INDEX_NAME}", lambda: ensure_index(sql_tracker_store(app).engine))
    _attempt("read the learner messages ahead", lambda: pages.read_ahead(engines(app)))


def _attempt(what: str, step: Callable[[], None]) -> None:
    try:
        step()
        logger.info(f"review page: did {what}")
    except UnsupportedStore as problem:
        logger.info(f"review page: did not {what}: {problem}")
    except Exception:  # noqa: BLE001 - e.g. a database user without the right; logged, not fatal
        logger.warning(f"review page: could not {what}", exc_info=True)
