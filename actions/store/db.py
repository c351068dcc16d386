"""Engines and sessions: one engine per database URL, created on first use, one session per unit of work.

Everyone but the loader only reads the store, so a SQLite file is opened read-only: the action
server can never write to it, and a deleted file is an error instead of a new, empty store.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from actions import settings


@cache
def engine_for(url: str) -> Engine:
    """The engine for `url`, made once per process (never at import time).

    A SQLite file gets a read-only connection per unit of work: the loader swaps in a new file whole,
    and a new connection sees it. Server and in-memory databases are used as given (and written
    through this engine by the loader).
    """
    path = sqlite_file(url)
    if path is None:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    else:
        read_only = URL.create(
            "sqlite", database=f"file:{quote(str(path))}", query={"mode": "ro", "uri": "true"}
        )
        engine = create_engine(read_only, future=True, poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def sqlite_file(url: str | URL) -> Path | None:
    """The absolute path a plain SQLite file URL names; None for server and in-memory databases and
    for SQLite URLs with options (a `file:` URI, say), which are used as given."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.query or parsed.database in (None, "", ":memory:"):
        return None
    return Path(os.path.abspath(parsed.database))


def building_engine(path: Path) -> Engine:
    """A writable engine on a SQLite file the loader is building, before anyone reads it.

    Without a rollback journal: a failed build is thrown away whole, and a killed one leaves no hot
    journal that SQLite would replay onto the next build's file of the same name.
    """
    engine = create_engine(URL.create("sqlite", database=str(path)), future=True, poolclass=NullPool)
    event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    event.listen(engine, "connect", _without_journal)
    return engine


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _without_journal(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=OFF")
    cursor.close()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session for one unit of work: committed on success, rolled back on error, always closed."""
    factory = sessionmaker(bind=engine_for(url or settings.database_url()), future=True)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
