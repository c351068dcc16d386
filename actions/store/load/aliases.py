"""The names entries are known by: stored in their normal form (nlp/names.py), and every spelling
the bot takes for one (hyphenated, joined, plural) belonging to one entry only, across roles, skills,
application areas and countries, so a name in a question never stands for two entries."""

from __future__ import annotations

from actions.store.load.schema import Content, KnowledgeError
from nlp import names

NAMED = (
    ("role", "roles", "title", "key", "roles.yml"),
    ("skill", "skills", "name", "key", "skills.yml"),
    ("application", "applications", "name", "key", "applications.yml"),
    ("country", "countries", "name", "code", "salaries.yml"),
)
"""(kind, section, name field, key field, file) of each kind of named entry."""


def alias_rows(content: Content) -> list[tuple[str, str, str]]:
    """(normal text, kind, key) for every name and alias, the names first; an alias written like
    another of its entry's ("full-stack developer" after "full stack developer") once."""
    rows: list[tuple[str, str, str]] = []
    for kind, section, name_field, key_field, _ in NAMED:
        for entry in content[section]:
            for text in [entry[name_field], *entry["aliases"]]:
                row = (names.normal(str(text)), kind, entry[key_field])
                if row not in rows:
                    rows.append(row)
    return rows


def check_aliases(content: Content) -> None:
    """Raises KnowledgeError for an empty alias, or one spelt like another entry's name or alias."""
    files = {kind: file for kind, *_, file in NAMED}
    owner: dict[str, tuple[str, str]] = {}
    for text, kind, key in alias_rows(content):
        if not text:
            raise KnowledgeError(files[kind], f"'{key}'", "an empty alias")
        for spelling in names.spellings(text, kind):
            other_kind, other_key = owner.setdefault(spelling, (kind, key))
            if (other_kind, other_key) != (kind, key):
                spelt = "" if spelling == text else f" spelt '{spelling}'"
                raise KnowledgeError(
                    files[kind],
                    f"'{key}'",
                    f"duplicate alias '{text}'{spelt} (also {other_kind} '{other_key}')",
                )
