"""What the knowledge files hold: each file's sections, each entry's fields and their allowed values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from actions.store import models

SKILL_CATEGORIES = (
    "framework",
    "mathematics",
    "programming",
    "software-engineering",
    "data",
    "ai",
    "domain",
    "science",
    "professional",
)
IMPORTANCES = tuple(models.IMPORTANCE_RANK)
PERIODS = ("year", "month", "hour")
RESOURCE_KINDS = ("course", "specialisation", "degree", "certificate")
LEVELS = ("beginner", "intermediate", "advanced")

Entry = dict[str, Any]
Content = dict[str, list[Entry]]
"""Validated entries by section name ("roles", "skills", ...)."""


class KnowledgeError(ValueError):
    """A data file breaks a rule; the message names the file and the entry."""

    def __init__(self, file: str, entry: str, problem: str) -> None:
        super().__init__(f"{file}: {entry}: {problem}")
        self.file, self.entry, self.problem = file, entry, problem


@dataclass(frozen=True)
class Field:
    """One field of an entry: its name, whether it is required, its type and allowed values."""

    name: str
    kind: type = str
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A list of entries in one file, e.g. `roles:` in roles.yml."""

    file: str
    name: str
    id_field: str
    fields: tuple[Field, ...]


SECTIONS = (
    Section(
        "skills.yml",
        "skills",
        "key",
        (
            Field("key"),
            Field("name"),
            Field("aliases", list, required=False),
            Field("category", choices=SKILL_CATEGORIES),
            Field("why"),
            Field("covers", list, required=False),
        ),
    ),
    Section(
        "roles.yml",
        "roles",
        "key",
        (
            Field("key"),
            Field("title"),
            Field("aliases", list, required=False),
            Field("summary"),
            Field("description"),
            Field("education"),
            Field("how_to_get_in"),
            Field("in_article", bool),
            Field("skills", list),
        ),
    ),
    Section(
        "applications.yml",
        "applications",
        "key",
        (
            Field("key"),
            Field("name"),
            Field("aliases", list, required=False),
            Field("summary"),
            Field("how"),
            Field("examples", list),
            Field("roles", list, required=False),
        ),
    ),
    Section(
        "salaries.yml",
        "countries",
        "code",
        (Field("code"), Field("name"), Field("aliases", list, required=False)),
    ),
    Section(
        "salaries.yml",
        "salaries",
        "role",
        (
            Field("role"),
            Field("country"),
            Field("currency"),
            Field("amount", float),
            Field("period", choices=PERIODS),
            Field("basis"),
            Field("source"),
            Field("source_url", required=False),
            Field("as_of", dt.date),
        ),
    ),
    Section(
        "resources.yml",
        "resources",
        "key",
        (
            Field("key"),
            Field("title"),
            Field("provider"),
            Field("kind", choices=RESOURCE_KINDS),
            Field("level", choices=LEVELS),
            Field("description"),
            Field("url", required=False),
            Field("skills", list),
            Field("in_article", bool),
        ),
    ),
    Section(
        "topics.yml",
        "topics",
        "key",
        (
            Field("key"),
            Field("intent"),
            Field("title"),
            Field("answer"),
            Field("skills", list, required=False),
            Field("role_categories", list, required=False, choices=SKILL_CATEGORIES),
            Field("source", required=False),
        ),
    ),
)
