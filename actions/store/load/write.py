"""Makes the store hold exactly the knowledge files' content, atomically and only when it changed.

The validated content (with the schema) has a fingerprint, and a reload whose fingerprint matches the
stored one writes nothing; otherwise the store is rebuilt whole. A load that fails or is killed
midway leaves the previous content serving: a SQLite file is built beside the store and renamed over
it, a server database (PostgreSQL) is rebuilt in one transaction, DDL included.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions import settings
from actions.store import models
from actions.store.db import building_engine, engine_for, session_scope, sqlite_file
from actions.store.load.read import read_knowledge
from actions.store.load.rows import add_content
from actions.store.load.schema import Content


def schema_signature() -> str:
    """The tables and columns the models define, so a changed schema forces a rebuild."""
    return repr(
        [(t.name, [(c.name, str(c.type)) for c in t.columns]) for t in models.Base.metadata.sorted_tables]
    )


def fingerprint(content: Content) -> str:
    """A stable hash of validated content and the schema: equal inputs, equal fingerprint."""
    canonical = json.dumps([schema_signature(), content], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LoadResult:
    """What a load did: whether it wrote anything, and how many entries of each kind there are."""

    changed: bool
    counts: Mapping[str, int]

    def summary(self) -> str:
        counts = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        return f"{'loaded' if self.changed else 'unchanged'}: {counts}"


def load(directory: Path | None = None, url: str | None = None) -> LoadResult:
    """Validates the knowledge files and makes the store hold exactly their content."""
    content = read_knowledge(directory or settings.knowledge_dir())
    counts = {name: len(content[name]) for name in ("roles", "skills", "applications", "salaries")}
    counts.update(resources=len(content["resources"]), topics=len(content["topics"]))
    new_fingerprint = fingerprint(content)
    url = url or settings.database_url()
    if _stored_fingerprint(url) == new_fingerprint:
        return LoadResult(False, counts)
    path = sqlite_file(url)
    if path is None:
        _rebuild(engine_for(url), content, new_fingerprint)
    else:
        _rebuild_file(path, content, new_fingerprint)
    return LoadResult(True, counts)


def _rebuild(engine: Engine, content: Content, new_fingerprint: str) -> None:
    """Drops, recreates and fills every table in one transaction: atomic where DDL is transactional
    (PostgreSQL), not on SQLite, where pysqlite commits a DROP TABLE at once."""
    with engine.begin() as connection:
        models.Base.metadata.drop_all(connection)
        models.Base.metadata.create_all(connection)
        with Session(bind=connection, future=True) as session:
            add_content(session, content)
            session.add(models.LoadState(fingerprint=new_fingerprint))
            session.flush()


def _rebuild_file(target: Path, content: Content, new_fingerprint: str) -> None:
    """Builds a complete new SQLite file beside `target`, then renames it over `target`.

    A rename is atomic, so a reader's next connection opens the old file or the new one, whole; a
    build that fails or is killed never touches `target`. The lock keeps a second loader off the
    building file, so a leftover one is a killed load's and is removed.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(f".{target.name}.loading")
    with _exclusive_lock(target.with_name(f".{target.name}.lock")):
        building.unlink(missing_ok=True)
        try:
            _rebuild(building_engine(building), content, new_fingerprint)
            if target.exists():
                shutil.copymode(target, building)  # who may read the store stays as the operator set it
            _replace_durably(building, target)
        finally:
            building.unlink(missing_ok=True)  # a failed build's; after the rename there is none


@contextmanager
def _exclusive_lock(path: Path) -> Iterator[None]:
    """Holds an exclusive lock on `path` (the kernel releases it when the process dies, even by kill -9)."""
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _replace_durably(source: Path, target: Path) -> None:
    """Renames `source` over `target` once its bytes are on disk, then syncs the directory, so a power
    cut leaves the old file or the new one, never a renamed file with pages missing."""
    with source.open("rb") as built:
        os.fsync(built.fileno())
    os.replace(source, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _stored_fingerprint(url: str) -> str | None:
    """The fingerprint of the last load, or None for a new, older or foreign database."""
    try:
        with session_scope(url) as session:
            return session.execute(select(models.LoadState.fingerprint)).scalar_one_or_none()
    except SQLAlchemyError:
        return None
