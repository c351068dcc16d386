"""Loads data/knowledge/*.yml into the store.

Everything is validated before anything is written, and a bad entry is reported by file and entry key,
so a content owner sees what to fix. The load is idempotent: the validated content (with the schema)
has a fingerprint, and a reload whose fingerprint matches the stored one writes nothing; otherwise the
store is rebuilt whole, so an edit to a data file is applied by rerunning the loader. A load that fails
or is killed midway leaves the previous content serving: a SQLite file is built beside the store and
renamed over it, a server database (PostgreSQL) is rebuilt in one transaction, DDL included.

Run it as `python -m actions.store.load` (DATABASE_URL and KNOWLEDGE_DIR select where from and to).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions import settings
from actions.store import models
from actions.store.db import building_engine, engine_for, session_scope, sqlite_file

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

Entry = dict[str, Any]
Content = dict[str, list[Entry]]


def read_knowledge(directory: Path) -> Content:
    """Parses and validates every knowledge file; raises KnowledgeError on the first bad entry."""
    files: dict[str, Mapping[str, Any]] = {}
    content: Content = {}
    for section in SECTIONS:
        if section.file not in files:
            files[section.file] = _read_yaml(directory / section.file)
        entries = files[section.file].get(section.name)
        if not isinstance(entries, list) or not entries:
            raise KnowledgeError(section.file, section.name, "missing or empty list")
        content[section.name] = [_checked_entry(section, i, e) for i, e in enumerate(entries)]
    _check_references(content)
    return content


def _read_yaml(path: Path) -> Mapping[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KnowledgeError(path.name, "(file)", f"not found in {path.parent}") from None
    except yaml.YAMLError as error:
        raise KnowledgeError(path.name, "(file)", f"not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise KnowledgeError(path.name, "(file)", "expected a mapping at the top level")
    return data


def _checked_entry(section: Section, index: int, entry: Any) -> Entry:
    label = f"{section.name}[{index}]"
    if not isinstance(entry, dict):
        raise KnowledgeError(section.file, label, "expected a mapping")
    if isinstance(entry.get(section.id_field), str):
        label = f"{section.name} '{entry[section.id_field]}'"
    known = {f.name for f in section.fields}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise KnowledgeError(section.file, label, f"unknown field(s) {', '.join(unknown)}")
    checked: Entry = {}
    for field in section.fields:
        value = entry.get(field.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field.required:
                raise KnowledgeError(section.file, label, f"missing field '{field.name}'")
            checked[field.name] = [] if field.kind is list else None
            continue
        checked[field.name] = _checked_value(section.file, label, field, value)
    return checked


def _checked_value(file: str, label: str, field: Field, value: Any) -> Any:
    if field.kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if field.kind is dt.date and isinstance(value, dt.date):
        return value
    if field.kind is str and isinstance(value, (str, int)) and not isinstance(value, bool):
        value = str(value).strip()
        if field.choices and value not in field.choices:
            allowed = ", ".join(field.choices)
            raise KnowledgeError(file, label, f"'{field.name}' is '{value}', expected one of {allowed}")
        return value
    if field.kind is list and isinstance(value, list) and field.choices:
        for item in value:
            if item not in field.choices:
                allowed = ", ".join(field.choices)
                raise KnowledgeError(file, label, f"'{field.name}' has '{item}', expected one of {allowed}")
        return value
    if isinstance(value, field.kind) and not (field.kind is not bool and isinstance(value, bool)):
        return value
    raise KnowledgeError(file, label, f"'{field.name}' should be a {field.kind.__name__}")


def _check_references(content: Content) -> None:
    """Cross-file rules: unique keys, known references, aliases unique across entity kinds."""
    skills = _unique_keys("skills.yml", content["skills"], "key")
    roles = _unique_keys("roles.yml", content["roles"], "key")
    _unique_keys("applications.yml", content["applications"], "key")
    countries = _unique_keys("salaries.yml", content["countries"], "code")
    _unique_keys("resources.yml", content["resources"], "key")
    _unique_keys("topics.yml", content["topics"], "key")
    _unique_keys("topics.yml", content["topics"], "intent")

    for skill in content["skills"]:
        _known_once("skills.yml", f"skills '{skill['key']}'", "skill", skill["covers"], skills)
        if skill["key"] in skill["covers"]:
            raise KnowledgeError("skills.yml", f"skills '{skill['key']}'", "a skill can't cover itself")
    for role in content["roles"]:
        label = f"roles '{role['key']}'"
        needed = []
        for item in role["skills"]:
            if not isinstance(item, dict) or set(item) != {"skill", "importance"}:
                raise KnowledgeError("roles.yml", label, "each skill needs 'skill' and 'importance'")
            if item["importance"] not in IMPORTANCES:
                raise KnowledgeError(
                    "roles.yml",
                    label,
                    f"importance '{item['importance']}' for '{item['skill']}'"
                    f" should be one of {', '.join(IMPORTANCES)}",
                )
            needed.append(item["skill"])
        _known_once("roles.yml", label, "skill", needed, skills)
    seen_salaries = set()
    for salary in content["salaries"]:
        label = f"salaries '{salary['role']}' in '{salary['country']}'"
        _known("salaries.yml", label, "role", salary["role"], roles)
        _known("salaries.yml", label, "country", salary["country"], countries)
        if (salary["role"], salary["country"]) in seen_salaries:
            raise KnowledgeError("salaries.yml", label, "a second figure for the same role and country")
        seen_salaries.add((salary["role"], salary["country"]))
    for resource in content["resources"]:
        _known_once("resources.yml", f"resources '{resource['key']}'", "skill", resource["skills"], skills)
    for area in content["applications"]:
        _known_once("applications.yml", f"applications '{area['key']}'", "role", area["roles"], roles)
    for topic in content["topics"]:
        _known_once("topics.yml", f"topics '{topic['key']}'", "skill", topic["skills"], skills)
    _check_aliases(content)


def _unique_keys(file: str, entries: Iterable[Entry], field: str) -> set:
    seen: set = set()
    for entry in entries:
        if entry[field] in seen:
            raise KnowledgeError(file, f"'{entry[field]}'", f"duplicate {field}")
        seen.add(entry[field])
    return seen


def _known(file: str, label: str, what: str, key: str, known: set) -> None:
    if key not in known:
        raise KnowledgeError(file, label, f"unknown {what} '{key}'")


def _known_once(file: str, label: str, what: str, keys: list[str], known: set) -> None:
    """Each key names a known entry and none is listed twice: the link tables hold each pair once."""
    for key in keys:
        _known(file, label, what, key, known)
    if len(set(keys)) < len(keys):
        raise KnowledgeError(file, label, f"a {what} is listed twice")


def alias_rows(content: Content) -> list[tuple[str, str, str]]:
    """(text, kind, key) for every name and alias, lowercased; the names come first."""
    rows: list[tuple[str, str, str]] = []
    for kind, section, name_field, key_field in (
        ("role", "roles", "title", "key"),
        ("skill", "skills", "name", "key"),
        ("application", "applications", "name", "key"),
        ("country", "countries", "name", "code"),
    ):
        for entry in content[section]:
            for text in [entry[name_field], *entry["aliases"]]:
                row = (_normalise(str(text)), kind, entry[key_field])
                if row not in rows:  # an alias may repeat its own entry's name
                    rows.append(row)
    return rows


def _normalise(text: str) -> str:
    text = " ".join(text.lower().split())
    return text[4:] if text.startswith("the ") else text


def _check_aliases(content: Content) -> None:
    owner: dict[str, tuple[str, str]] = {}
    files = {"role": "roles.yml", "skill": "skills.yml", "application": "applications.yml"}
    files["country"] = "salaries.yml"
    for text, kind, key in alias_rows(content):
        if not text:
            raise KnowledgeError(files[kind], f"'{key}'", "an empty alias")
        if text in owner and owner[text] != (kind, key):
            other_kind, other_key = owner[text]
            raise KnowledgeError(
                files[kind], f"'{key}'", f"duplicate alias '{text}' (also {other_kind} '{other_key}')"
            )
        owner[text] = (kind, key)


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
            _add_content(session, content)
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


def _add_content(session: Session, content: Content) -> None:
    skills = {s["key"]: _skill(s) for s in content["skills"]}
    for entry in content["skills"]:
        skills[entry["key"]].parts = [models.SkillPart(part=skills[key]) for key in entry["covers"]]
    roles = {r["key"]: _role(r, skills) for r in content["roles"]}
    session.add_all([*skills.values(), *roles.values()])
    session.add_all(_application(a, roles) for a in content["applications"])
    session.add_all(models.Country(code=c["code"], name=c["name"]) for c in content["countries"])
    session.add_all(
        models.Alias(text=text, kind=kind, target_key=key) for text, kind, key in alias_rows(content)
    )
    session.flush()
    session.add_all(_salary(s, roles) for s in content["salaries"])
    session.add_all(_resource(r, skills) for r in content["resources"])
    session.add_all(_topic(t, skills) for t in content["topics"])


def _skill(entry: Entry) -> models.Skill:
    return models.Skill(key=entry["key"], name=entry["name"], category=entry["category"], why=entry["why"])


def _role(entry: Entry, skills: Mapping[str, models.Skill]) -> models.Role:
    role = models.Role(
        key=entry["key"],
        title=entry["title"],
        summary=entry["summary"],
        description=entry["description"],
        education=entry["education"],
        how_to_get_in=entry["how_to_get_in"],
        in_article=entry["in_article"],
    )
    role.skills = [
        models.RoleSkill(skill=skills[item["skill"]], importance=item["importance"])
        for item in entry["skills"]
    ]
    return role


def _application(entry: Entry, roles: Mapping[str, models.Role]) -> models.Application:
    area = models.Application(
        key=entry["key"],
        name=entry["name"],
        summary=entry["summary"],
        how=entry["how"],
        examples="\n".join(str(e) for e in entry["examples"]),
    )
    area.roles = [models.ApplicationRole(role=roles[key], position=i) for i, key in enumerate(entry["roles"])]
    return area


def _salary(entry: Entry, roles: Mapping[str, models.Role]) -> models.Salary:
    return models.Salary(
        role=roles[entry["role"]],
        country_code=entry["country"],
        currency=entry["currency"],
        amount_minor=round(entry["amount"] * 100),
        period=entry["period"],
        basis=entry["basis"],
        source=entry["source"],
        source_url=entry["source_url"],
        as_of=entry["as_of"],
    )


def _resource(entry: Entry, skills: Mapping[str, models.Skill]) -> models.Resource:
    resource = models.Resource(
        key=entry["key"],
        title=entry["title"],
        provider=entry["provider"],
        kind=entry["kind"],
        level=entry["level"],
        description=entry["description"],
        url=entry["url"],
        in_article=entry["in_article"],
    )
    resource.skills = [models.ResourceSkill(skill=skills[key]) for key in entry["skills"]]
    return resource


def _topic(entry: Entry, skills: Mapping[str, models.Skill]) -> models.Topic:
    topic = models.Topic(
        key=entry["key"],
        intent=entry["intent"],
        title=entry["title"],
        answer=entry["answer"],
        source=entry["source"],
        role_categories=list(entry["role_categories"]),
    )
    topic.skills = [models.TopicSkill(skill=skills[key], position=i) for i, key in enumerate(entry["skills"])]
    return topic


def main() -> int:
    """CLI: load the knowledge files, print a one-line summary or the data error (no traceback)."""
    try:
        result = load()
    except KnowledgeError as error:
        print(f"knowledge data error: {error}", file=sys.stderr)
        return 1
    print(f"knowledge store {result.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
