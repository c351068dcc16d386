"""What the review tests share: a client for /review/ on the session's stack, the pseudonyms it shows,
the tables of its pages, and the figures it should show, counted straight from the tracker file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from review.channel import pseudonym_key
from review.events import FALLBACK_ACTIONS, FALLBACK_INTENTS
from review.privacy import Pseudonyms
from tests.helpers import REVIEW_TOKEN

pseudonym = Pseudonyms(pseudonym_key(REVIEW_TOKEN))
"""How the session stack's page names each sender."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(url: str, headers: dict[str, str] | None = None) -> Answer:
    """GETs `url` without following redirects; any status is returned, not raised."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=60) as response:
            return Answer(
                response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
            )
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


class Review:
    """The review page of a running bot, asked with the bearer token unless told otherwise."""

    def __init__(self, base_url: str, token: str = REVIEW_TOKEN) -> None:
        self.base_url = base_url
        self.token = token

    def get(self, path: str, headers: dict[str, str] | None = None, signed_in: bool = True) -> Answer:
        sent = {"Authorization": f"Bearer {self.token}"} if signed_in else {}
        return fetch(self.base_url + path, {**sent, **(headers or {})})

    def index(self, **params: str) -> str:
        """The page's HTML for these query parameters (`from_` for `from`); it must answer 200."""
        query = urlencode({k.rstrip("_"): v for k, v in params.items()})
        answer = self.get("/review/" + (f"?{query}" if query else ""))
        assert answer.status == 200, answer.text
        return answer.text


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._table is not None and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    """Each table of a page by its id: its rows, header first, as the cells' text."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def column(html: str, table: str, index: int) -> list[str]:
    """One column of a table's body."""
    return [row[index] for row in tables(html).get(table, [])[1:]]


@dataclass
class Counted:
    """The page's figures, counted from the tracker file without the review's code."""

    messages: int = 0
    fallbacks: int = 0
    senders: set[str] = field(default_factory=set)
    days: dict[str, Counter[str]] = field(default_factory=dict)  # messages per channel, by UTC day
    day_senders: dict[str, set[str]] = field(default_factory=dict)
    day_fallbacks: Counter[str] = field(default_factory=Counter)
    channel_senders: dict[str, set[str]] = field(default_factory=dict)
    intents: Counter[str] = field(default_factory=Counter)


def count(tracker_db: Path) -> Counted:
    """Every learner message, in every conversation, from Rasa's events table."""
    with sqlite3.connect(f"file:{tracker_db}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT id, sender_id, type_name, action_name, data FROM events ORDER BY id"
        ).fetchall()
    counted = Counted()
    last_message: dict[str, tuple[str, str]] = {}  # per sender: its last user event's (day, id)
    fallback_ids: set[tuple[str, int]] = set()
    channels: dict[str, str] = {}
    for event_id, sender, kind, action, data in rows:
        if kind == "user":
            event = json.loads(data)
            day = dt.datetime.fromtimestamp(event["timestamp"], dt.timezone.utc).strftime("%Y-%m-%d")
            channel = channels.setdefault(sender, event.get("input_channel") or "")
            intent = (event.get("parse_data") or {}).get("intent", {}).get("name") or ""
            counted.messages += 1
            counted.senders.add(sender)
            counted.days.setdefault(day, Counter())[channel] += 1
            counted.day_senders.setdefault(day, set()).add(f"{channel}/{sender}")
            counted.channel_senders.setdefault(channel, set()).add(sender)
            counted.intents[intent] += 1
            last_message[sender] = (day, str(event_id))
            if intent in FALLBACK_INTENTS:
                fallback_ids.add((day, event_id))
        elif kind == "action" and action in FALLBACK_ACTIONS and sender in last_message:
            day, message = last_message[sender]
            fallback_ids.add((day, int(message)))
    counted.fallbacks = len(fallback_ids)
    counted.day_fallbacks = Counter(day for day, _ in fallback_ids)
    return counted
