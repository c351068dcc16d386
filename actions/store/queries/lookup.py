"""Which entry a learner's name for a role, skill, application area or country stands for, read
from the store's alias table the way nlp/names.py reads names (the spaCy ruler and the fuzzy matcher
read them the same way): any spelling, else the one closest name within a typo a word, else none;
and which entries are close enough to offer as "did you mean"."""

from __future__ import annotations

import difflib

from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.store import models
from nlp import names

SUGGEST_CUTOFF = 0.5
"""How close a name must be to be offered as 'did you mean' (difflib ratio)."""


class NameLookup:
    """Name lookup over one session's alias table; each kind's index is built once per session, or
    once per load when `indexes` is shared by the sessions reading that load (cache.Snapshot)."""

    def __init__(self, session: Session, indexes: dict[str, names.NameIndex[str]] | None = None) -> None:
        self._session = session
        self._indexes: dict[str, names.NameIndex[str]] = {} if indexes is None else indexes

    def aliases(self, kind: str | None = None) -> list[tuple[str, str, str]]:
        """(normal text, kind, key) for every name and alias, optionally of one kind."""
        query = select(models.Alias.text, models.Alias.kind, models.Alias.target_key)
        if kind is not None:
            query = query.where(models.Alias.kind == kind)
        return [tuple(row) for row in self._session.execute(query.order_by(models.Alias.id))]

    def resolve(self, kind: str, text: str) -> str | None:
        """The key of the `kind` entry that `text` names, if exactly one is closest."""
        return self._index(kind).find(text)

    def suggest(self, kind: str, text: str, n: int = 3) -> list[str]:
        """Keys of the entries whose names are closest to `text`, best first, for 'did you mean':
        those equally close within a typo a word first, then the most similar."""
        match = self._index(kind).closest(text)
        table = {t: k for t, _, k in self.aliases(kind)}
        order = list(dict.fromkeys(table.values()))
        keys = sorted(match.targets, key=order.index) if match else []
        for close in difflib.get_close_matches(names.normal(text), table, n=10, cutoff=SUGGEST_CUTOFF):
            if table[close] not in keys:
                keys.append(table[close])
        return keys[:n]

    def _index(self, kind: str) -> names.NameIndex[str]:
        if kind not in self._indexes:
            rows = ((text, key) for text, _, key in self.aliases(kind))
            self._indexes[kind] = names.NameIndex.of_names(rows, kind)
        return self._indexes[kind]
