"""Helpers for tests that edit a private copy of the data files and compare what was loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from actions.store import models
from actions.store.db import session_scope


def edit(data_dir: Path, file: str, change: Callable[[Any], None]) -> None:
    """Applies `change` to one data file's parsed content and writes it back."""
    path = data_dir / file
    content = yaml.safe_load(path.read_text())
    change(content)
    path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True))


def table_rows(url: str) -> dict:
    """Every store table's rows (but the load bookkeeping), sorted, for comparing two loads."""
    with session_scope(url) as session:
        return {
            table.name: sorted(map(tuple, session.execute(select(table)).all()), key=repr)
            for table in models.Base.metadata.sorted_tables
            if table.name != "load_state"
        }
