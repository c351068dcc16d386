"""The review page's address: its filters and page number, read from the query string and written
back into links (pagination, exports, the way back from a conversation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import urlencode

from review.events import Filters

MAX_TEXT = 200
MAX_CHANNEL = 64
MAX_PAGE = 1_000_000


class BadParams(ValueError):
    """A query string the page cannot use; the message says what to change."""


def _day(args: Mapping[str, Any], name: str) -> dt.date | None:
    value = _text(args, name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadParams(f"'{name}' should be a date written YYYY-MM-DD") from None


def _text(args: Mapping[str, Any], name: str) -> str:
    value = args.get(name)
    if isinstance(value, list):  # Sanic's request.args holds a list per name
        value = value[0] if value else None
    return (value or "").strip()


def _utc(day: dt.date) -> float:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc).timestamp()


@dataclass(frozen=True)
class Params:
    """What the content owner asked for: learner messages holding `q`, on `channel`, from `start` to
    `end` (UTC dates, both included), only those that got the fallback; page `page` of the list."""

    q: str = ""
    channel: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    fallback: bool = False
    page: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, Any]) -> Params:
        q, channel = _text(args, "q"), _text(args, "channel")
        if len(q) > MAX_TEXT:
            raise BadParams(f"search for at most {MAX_TEXT} characters")
        if len(channel) > MAX_CHANNEL:
            raise BadParams("that is not a channel name")
        start, end = _day(args, "from"), _day(args, "to")
        if start and end and start > end:
            raise BadParams("'from' should not be after 'to'")
        page_text = _text(args, "page") or "1"
        if not (page_text.isascii() and page_text.isdigit()) or not 1 <= int(page_text) <= MAX_PAGE:
            raise BadParams("'page' should be a page number")
        fallback = _text(args, "fallback") in ("1", "on", "yes", "true")
        return cls(q, channel, start, end, fallback, int(page_text))

    def filters(self) -> Filters:
        return Filters(
            since=_utc(self.start) if self.start else None,
            until=_utc(self.end + dt.timedelta(days=1)) if self.end else None,
            channel=self.channel or None,
            text=self.q or None,
            fallback=self.fallback,
        )

    def form(self) -> dict[str, Any]:
        """The values the filter form shows."""
        return {**asdict(self), "from": self.start.isoformat() if self.start else "", "to": self._end()}

    def _end(self) -> str:
        return self.end.isoformat() if self.end else ""

    def query(self, **changes: Any) -> str:
        """The query string for these parameters with `changes` (empty ones and page 1 left out)."""
        changed = replace(self, **changes)
        pairs = {
            "q": changed.q,
            "channel": changed.channel,
            "from": changed.start.isoformat() if changed.start else "",
            "to": changed._end(),
            "fallback": "1" if changed.fallback else "",
            "page": str(changed.page) if changed.page != 1 else "",
        }
        return urlencode({name: value for name, value in pairs.items() if value})
