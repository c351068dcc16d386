"""The review's pages, rendered from the tracker store with Jinja2 (autoescape on: a learner's text is
always text) and the figures the charts draw, handed to the page as JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.engine import Engine

from actions.store.queries import knowledge
from review.conversations import conversation_page
from review.events import has_events
from review.overview import Counts, Overview, overview
from review.params import Params
from review.privacy import Pseudonyms, visible
from review.transcript import transcript
from review.unanswered import NamesByMessage, Tally, ranked, what_to_add

PREFIX = "/review"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
WHAT_TO_ADD_ROWS = 50
LINKS_PER_ITEM = 5  # conversations linked from each unanswered question or unknown name


def when(timestamp: float) -> str:
    """A time as the page shows it: UTC, to the minute."""
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).strftime("%Y-%m-%d %H:%M")


def percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def environment() -> Environment:
    templates = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates.filters.update(visible=visible, when=when, percent=percent)
    return templates


def conversation_href(event_id: int, params: Params) -> str:
    query = params.query()
    return f"{PREFIX}/conversation/{event_id}{'?' + query if query else ''}#e{event_id}"


@dataclass(frozen=True)
class Item:
    """A row of "What to add": what was asked, how often, when last, and where."""

    kind: str
    text: str
    tally: Tally
    links: list[tuple[str, str]]  # (href, conversation's pseudonym)
    search: str  # the conversation list holding it


def charts(glance: Overview) -> dict[str, Any]:
    """What review.js draws: one series per chart, in the tables' order."""
    days, channels = list(glance.days), list(glance.channels)
    return {
        "days": days,
        "messagesByChannel": {
            c: [glance.day_channels.get((d, c), Counts()).messages for d in days] for c in channels
        },
        "conversations": [glance.days[d].conversations for d in days],
        "fallbackShare": [round(glance.days[d].fallback_share * 100, 1) for d in days],
        "channels": channels,
        "channelConversations": [glance.channels[c].conversations for c in channels],
        "channelMessages": [glance.channels[c].messages for c in channels],
        "intents": [name or "(none)" for name, _ in glance.intents],
        "intentCounts": [count for _, count in glance.intents],
    }


class Pages:
    """Renders each page for one set of pseudonyms."""

    def __init__(self, pseudonyms: Pseudonyms) -> None:
        self.pseudonyms = pseudonyms
        self.templates = environment()
        self.named = NamesByMessage()

    def index(self, engine: Engine, params: Params) -> str:
        """At a glance, what to add, and the conversations matching `params`."""
        filters = params.filters()
        with engine.connect() as connection:
            glance = overview(connection, filters)
            with knowledge() as kb:
                found = what_to_add(connection, kb, filters.for_overview(), self.named)
            listing = conversation_page(connection, filters, params.page)
        questions = [self._item("question", text, t, params, True) for text, t in ranked(found.questions)]
        names = [self._item(kind, name, t, params, False) for (kind, name), t in ranked(found.names)]
        return self._render(
            "index.html",
            params=params,
            form=params.form(),
            glance=glance,
            charts=charts(glance),
            channel_options=sorted(set(glance.channels) | ({params.channel} - {""})),
            questions=questions[:WHAT_TO_ADD_ROWS],
            names=names[:WHAT_TO_ADD_ROWS],
            more_questions=max(0, len(questions) - WHAT_TO_ADD_ROWS),
            more_names=max(0, len(names) - WHAT_TO_ADD_ROWS),
            listing=listing,
            conversation_href=conversation_href,
        )

    def read_ahead(self, engine: Engine) -> None:
        """Reads what the first page would otherwise read first (every learner message's names)."""
        with engine.connect() as connection:
            if has_events(connection):
                self.named.read_new(connection)

    def conversation(self, engine: Engine, event_id: int, params: Params) -> str | None:
        """One conversation's transcript, opened at event `event_id`; None if there is no such event."""
        with engine.connect() as connection:
            found = transcript(connection, event_id)
        if found is None:
            return None
        return self._render("conversation.html", transcript=found, focus=event_id, params=params)

    def notice(self, title: str, text: str) -> str:
        """A page that only says something: a refused query, a missing conversation, a store problem."""
        return self._render("notice.html", title=title, text=text)

    def _item(self, kind: str, text: str, tally: Tally, params: Params, fallback: bool) -> Item:
        links = [
            (conversation_href(o.event_id, params), self.pseudonyms(o.sender_id))
            for o in tally.conversations(LINKS_PER_ITEM)
        ]
        search = params.query(q=text, fallback=fallback, page=1)
        return Item(kind, text, tally, links, f"{PREFIX}/?{search}#conversations")

    def _render(self, name: str, **context: Any) -> str:
        return self.templates.get_template(name).render(prefix=PREFIX, pseudonym=self.pseudonyms, **context)
