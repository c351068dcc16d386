"""The SQLite conversation database kept open and written ahead, as a server uses a database.

Rasa's SQL tracker store opens SQLite through SQLAlchemy 1.4, which gives a file database no pool:
each of a turn's three or four sessions opens the file anew, and each commit writes SQLite's
rollback journal, syncs it and the database, and deletes it. `keep_open` gives the store an engine
that keeps its connections (SQLAlchemy's usual pool) in write-ahead-log mode, where a commit appends
to the log and syncs once (still on every commit: `synchronous` stays FULL, so a committed turn
survives a power cut). Readers no longer wait for a writer either (the review page, `make
unanswered`). Measured in docs/performance.md.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import event
from sqlalchemy.orm import sessionmaker

from actions.store.db import sqlite_file


def _write_ahead(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # SQLite's usual default, said here whatever the build's
    cursor.close()


def keep_open(store: SQLTrackerStore) -> bool:
    """Gives a store on a SQLite file a pooled engine in WAL mode; says whether it did (another
    database, SQLite in memory or a SQLite URL with options keeps Rasa's engine)."""
    url = store.engine.url
    if sqlite_file(url) is None:
        return False
    # A pooled connection serves one session at a time, not always on the thread that opened it, so
    # SQLite's same-thread check is off, as SQLAlchemy 2 turns it off for its pooled file databases.
    engine = sqlalchemy.create_engine(
        url, poolclass=sqlalchemy.pool.QueuePool, connect_args={"check_same_thread": False}
    )
    event.listen(engine, "connect", _write_ahead)
    store.engine.dispose()
    store.engine = engine
    store.sessionmaker = sessionmaker(bind=engine)
    return True
