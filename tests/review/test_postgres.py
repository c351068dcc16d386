"""The review reads PostgreSQL as it reads SQLite: the session's real conversations (the review tests'
and every other test's so far), written into a real PostgreSQL 15 by Rasa's own SQLTrackerStore, give
the same figures, lists and transcripts as the SQLite file the running bot wrote, and the same page."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from actions.store.queries import knowledge
from launcher import settings
from review.conversations import conversation_page
from review.events import INDEX_NAME, Filters, ensure_index, read_only_engine
from review.overview import overview
from review.pages import Pages
from review.params import Params
from review.transcript import transcript
from review.unanswered import NamesByMessage, WhatToAdd, what_to_add
from tests.review.conftest import WEATHER, Learners, stored
from tests.review.reviewing import pseudonym
from tests.servers import PostgresServer

FILTERS = [
    Filters(),
    Filters(channel="slack"),
    Filters(channel="web", text="deep"),
    Filters(text="ZOOKEEPER"),
    Filters(fallback=True),
    Filters(text="100%_"),
    Filters(since=0, until=1),
]


@pytest.fixture(scope="module")
def snapshot(learners: Learners, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A consistent copy of the running bot's tracker file (it keeps being written)."""
    copy = tmp_path_factory.mktemp("review") / "tracker.db"
    with sqlite3.connect(learners.tracker_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


@pytest.fixture(scope="module")
def engines(snapshot: Path, postgres: PostgresServer, store_url: str) -> Iterator[dict[str, Engine]]:
    """Read-only engines on the copy and on PostgreSQL holding the same conversations, saved there
    tracker by tracker by SQLTrackerStore, as a bot on PostgreSQL saves them."""
    domain = Domain.load(str(settings.ROOT / "domain.yml"))
    source = SQLTrackerStore(domain, dialect="sqlite", db=str(snapshot))
    url = postgres.create_database()
    target = SQLTrackerStore(domain, host=url)

    async def copy() -> None:
        for sender in await source.keys():
            tracker = await source.retrieve_full_tracker(sender)
            assert tracker is not None
            await target.save(tracker)

    asyncio.run(copy())
    source.engine.dispose()
    ensure_index(target.engine)
    ensure_index(target.engine)  # again: already there, nothing to do
    target.engine.dispose()
    found = {"sqlite": read_only_engine(f"sqlite:///{snapshot}"), "postgresql": read_only_engine(url)}
    yield found
    for engine in found.values():
        engine.dispose()


def on_both(engines: dict[str, Engine], read: Any) -> list[Any]:
    results = []
    for engine in engines.values():
        with engine.connect() as connection:
            results.append(read(connection))
    return results


def comparable(found: WhatToAdd) -> dict[str, Any]:
    """What to add without event ids (each database numbers its events its own way)."""
    return {
        key: sorted((o.sender_id, o.timestamp) for o in tally.occurrences)
        for tallies in (found.questions, found.names)
        for key, tally in tallies.items()
    }


def test_the_figures_are_the_same(engines: dict[str, Engine], learners: Learners) -> None:
    for filters in FILTERS:
        sqlite, postgres = on_both(engines, lambda c, f=filters: overview(c, f))
        assert sqlite == postgres, filters
    everything, _ = on_both(engines, lambda c: overview(c, Filters()))
    assert {"rest", "web", "slack"} <= set(everything.channels)


def test_what_to_add_is_the_same(engines: dict[str, Engine], learners: Learners) -> None:
    with knowledge() as kb:
        sqlite, postgres = on_both(engines, lambda c: what_to_add(c, kb, Filters(), NamesByMessage()))
    assert comparable(sqlite) == comparable(postgres)
    assert WEATHER.lower() in postgres.questions
    assert ("role", "zookeeper") in postgres.names


def test_the_conversation_lists_and_their_pages_are_the_same(engines: dict[str, Engine]) -> None:
    for filters in FILTERS:
        pages = on_both(engines, lambda c, f=filters: conversation_page(c, f, 1, size=3))
        total = pages[0].total
        assert [(p.total, p.pages) for p in pages] == [(total, max(1, -(-total // 3)))] * 2
        for number in range(1, pages[0].pages + 1):
            sqlite, postgres = on_both(
                engines, lambda c, f=filters, n=number: conversation_page(c, f, n, size=3)
            )
            rows = [[astuple(r)[:1] + astuple(r)[2:] for r in p.rows] for p in (sqlite, postgres)]
            assert rows[0] == rows[1], (filters, number)


def test_a_transcript_is_the_same(engines: dict[str, Engine], learners: Learners) -> None:
    def turns(connection: Any) -> list[Any]:
        first = connection.execute(
            text("SELECT min(id) FROM events WHERE sender_id = :s"), {"s": learners.rest}
        ).scalar_one()
        found = transcript(connection, first)
        assert found is not None
        return [
            (t.message and (t.message.text, t.message.intent, t.message.entities), t.replies, t.fallback)
            for t in found.turns
        ]

    sqlite, postgres = on_both(engines, turns)
    assert sqlite == postgres
    assert [t[0][1] for t in postgres if t[0]] == [
        m["parse_data"]["intent"]["name"] for m in stored(learners.tracker_db, learners.rest)
    ]


def test_the_page_renders_from_postgresql(engines: dict[str, Engine], learners: Learners) -> None:
    html = Pages(pseudonym).index(engines["postgresql"], Params(channel="slack"))
    assert pseudonym(learners.slack) in html and learners.slack not in html
    assert '<canvas id="chart-days"' in html


def test_the_review_cannot_write_and_postgresql_has_its_index(
    engines: dict[str, Engine], postgres: PostgresServer
) -> None:
    for engine in engines.values():
        with pytest.raises(Exception, match="(?i)read-?only"), engine.begin() as connection:
            connection.execute(text("DELETE FROM events"))
    url = engines["postgresql"].url.render_as_string(hide_password=False)
    admin = create_engine(url, future=True)
    with admin.connect() as connection:
        names = connection.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'events'"))
        assert INDEX_NAME in set(names.scalars())
    admin.dispose()
