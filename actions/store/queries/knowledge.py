"""`Knowledge`: typed reads of the store within one session (one unit of work), what actions call.

It returns the frozen records of records.py and finds entries by name through lookup.py. The store
is read-only between loads, so every read is remembered for the load it came from (cache.py): the
first unit of work after a load queries the store, the next ones read the store's fingerprint
once and answer from memory. The records are frozen and each call gets its own list, so nothing a
caller does to an answer changes the remembered one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from actions.store import models
from actions.store.db import session_scope
from actions.store.queries import cache
from actions.store.queries.lookup import NameLookup
from actions.store.queries.records import (
    IMPORTANCE_WEIGHT,
    ApplicationInfo,
    CountryInfo,
    CourseFit,
    RequiredSkill,
    ResourceInfo,
    RoleFit,
    RoleInfo,
    RoleNeed,
    SalaryInfo,
    SkillInfo,
    TopicInfo,
    application_info,
    required_skills,
    resource_info,
    role_info,
    salary_info,
    skill_info,
    topic_info,
)

JOB_NOUNS = frozenset(
    {"engineer", "eng", "developer", "dev", "scientist", "analyst", "specialist", "researcher"}
)
"""The last word of a role's name that says it is a job ("MLOps engineer" is the job of MLOps)."""
_WITH_ROLES = selectinload(models.Application.roles).selectinload(models.ApplicationRole.role)
_UNREAD: Any = object()
Method = TypeVar("Method", bound=Callable[..., Any])


def _hashable(value: Any) -> Any:
    """An argument as a cache key part: sequences as tuples, sets as frozensets, an iterator read
    into a tuple (which the method is then given, as it can be read only once)."""
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    if isinstance(value, (list, tuple, Iterator)):
        return tuple(value)
    return value


def remembered(method: Method) -> Method:
    """Answers from the load's snapshot (cache.py) when the store has a fingerprint; a list answer
    is copied out, so callers may change theirs."""

    @functools.wraps(method)
    def read(self: Knowledge, *args: Any, **kwargs: Any) -> Any:
        args = tuple(_hashable(a) for a in args)
        kwargs = {k: _hashable(v) for k, v in kwargs.items()}
        snapshot = self.snapshot()
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:
            snapshot = None
        if snapshot is None:
            return method(self, *args, **kwargs)
        found = snapshot.answer(key, lambda: method(self, *args, **kwargs))
        return list(found) if isinstance(found, list) else found

    return read  # type: ignore[return-value]


class Knowledge:
    """Typed read access to the store within one session."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._snapshot: cache.Snapshot | None = _UNREAD
        self._lookup: NameLookup | None = None

    def is_loaded(self) -> bool:
        """Whether the store holds a completed load (what /health asks of the action server)."""
        return self._session.execute(select(models.LoadState.fingerprint)).first() is not None

    def snapshot(self) -> cache.Snapshot | None:
        """The remembered answers of the load this session reads (its fingerprint read once a
        session); None for a store without a completed load, which is then always queried."""
        if self._snapshot is _UNREAD:
            fingerprint = self._session.execute(select(models.LoadState.fingerprint)).scalar()
            store = self._session.get_bind().url.render_as_string(hide_password=False)
            self._snapshot = cache.snapshot(store, fingerprint) if fingerprint else None
        return self._snapshot

    @property
    def _names(self) -> NameLookup:
        """Name lookup, with the name indexes of the load shared by every session reading it."""
        if self._lookup is None:
            snapshot = self.snapshot()
            self._lookup = NameLookup(self._session, snapshot.indexes if snapshot else None)
        return self._lookup

    # -- name lookup (lookup.py) -------------------------------------------------------------

    @remembered
    def aliases(self, kind: str | None = None) -> list[tuple[str, str, str]]:
        """(normal text, kind, key) for every name and alias, optionally of one kind."""
        return self._names.aliases(kind)

    @remembered
    def resolve(self, kind: str, text: str) -> str | None:
        """The key of the `kind` entry that `text` names (any spelling, or a typo a word), if any."""
        return self._names.resolve(kind, text)

    @remembered
    def suggest(self, kind: str, text: str, n: int = 3) -> list[str]:
        """Keys of the `kind` entries closest to `text`, best first, for 'did you mean'."""
        return self._names.suggest(kind, text, n)

    # -- roles ---------------------------------------------------------------------------------

    @remembered
    def roles(self) -> list[RoleInfo]:
        """Every role: the article's first, then in data-file order."""
        rows = self._session.scalars(select(models.Role).order_by(models.Role.id))
        return sorted((role_info(r) for r in rows), key=lambda r: not r.in_article)

    @remembered
    def role(self, key: str) -> RoleInfo | None:
        row = self._session.scalars(select(models.Role).where(models.Role.key == key)).first()
        return role_info(row) if row else None

    @remembered
    def find_role(self, text: str) -> RoleInfo | None:
        """The role `text` names (title, alias, plural or a typo of one), if any."""
        key = self.resolve("role", text)
        return self.role(key) if key else None

    @remembered
    def roles_by_field(self) -> dict[str, str]:
        """Skill key -> key of the one role named for that field ("MLOps" -> MLOps engineer), read
        from the role names that are a skill's name and a job noun; a field two roles share
        ("machine learning": engineer and researcher) has no role."""
        skills = {text: key for text, _, key in self.aliases("skill")}
        found: dict[str, set[str]] = {}
        for text, _, role_key in self.aliases("role"):
            *field, noun = text.split()
            skill_key = skills.get(" ".join(field))
            if noun in JOB_NOUNS and skill_key:
                found.setdefault(skill_key, set()).add(role_key)
        return {skill: roles.pop() for skill, roles in found.items() if len(roles) == 1}

    @remembered
    def closest_roles(self, text: str, n: int = 3) -> list[RoleInfo]:
        """The roles whose names are closest to `text`, for 'did you mean'."""
        return [r for r in (self.role(k) for k in self.suggest("role", text, n)) if r]

    @remembered
    def role_skills(self, role_key: str) -> list[RequiredSkill]:
        """A role's skills, essential first."""
        rows = self._session.scalars(
            select(models.RoleSkill)
            .join(models.Role)
            .where(models.Role.key == role_key)
            .options(selectinload(models.RoleSkill.skill))
        )
        return required_skills(rows)

    # -- skills --------------------------------------------------------------------------------

    @remembered
    def skill(self, key: str) -> SkillInfo | None:
        row = self._session.scalars(select(models.Skill).where(models.Skill.key == key)).first()
        return skill_info(row) if row else None

    @remembered
    def find_skill(self, text: str) -> SkillInfo | None:
        key = self.resolve("skill", text)
        return self.skill(key) if key else None

    @remembered
    def skills(self, keys: Sequence[str]) -> list[SkillInfo]:
        """The skills with these keys, in the order given (unknown keys are skipped)."""
        found = [self.skill(key) for key in keys]
        return [s for s in found if s]

    @remembered
    def skill_parts(self, key: str) -> list[SkillInfo]:
        """The narrower skills a broad one covers (skills.yml `covers`), in the file's order."""
        rows = self._session.scalars(
            select(models.SkillPart)
            .join(models.SkillPart.skill)
            .where(models.Skill.key == key)
            .options(selectinload(models.SkillPart.part))
            .order_by(models.SkillPart.id)
        )
        return [skill_info(row.part) for row in rows]

    def _with_parts(self, skill_key: str) -> list[str]:
        return [skill_key, *(p.key for p in self.skill_parts(skill_key))]

    @remembered
    def roles_needing(self, skill_key: str) -> list[RoleNeed]:
        """The roles that need a skill or a narrower one it covers, those for which it is essential first."""
        rows = self._session.scalars(
            select(models.RoleSkill)
            .join(models.Skill)
            .where(models.Skill.key.in_(self._with_parts(skill_key)))
            .options(selectinload(models.RoleSkill.role), selectinload(models.RoleSkill.skill))
        )
        by_role: dict[int, list[models.RoleSkill]] = {}  # most important first, so roles come so too
        for rs in sorted(rows, key=lambda rs: (models.IMPORTANCE_RANK[rs.importance], rs.id)):
            by_role.setdefault(rs.role_id, []).append(rs)
        return [
            RoleNeed(
                role_info(found[0].role),
                found[0].importance,
                tuple(rs.skill.name for rs in found if rs.skill.key != skill_key),
            )
            for found in by_role.values()
        ]

    # -- salaries ------------------------------------------------------------------------------

    @remembered
    def country(self, code: str) -> CountryInfo | None:
        query = select(models.Country).where(models.Country.code == code)
        row = self._session.scalars(query).first()
        return CountryInfo(row.code, row.name) if row else None

    @remembered
    def find_country(self, text: str) -> CountryInfo | None:
        code = self.resolve("country", text)
        return self.country(code) if code else None

    @remembered
    def salaries(self, role_key: str | None = None, country_code: str | None = None) -> list[SalaryInfo]:
        """Salary figures, optionally for one role and/or one country, each with its source."""
        query = (
            select(models.Salary)
            .join(models.Role)
            .options(selectinload(models.Salary.role), selectinload(models.Salary.country))
            .order_by(models.Salary.id)
        )
        if role_key is not None:
            query = query.where(models.Role.key == role_key)
        if country_code is not None:
            query = query.where(models.Salary.country_code == country_code)
        return [salary_info(s) for s in self._session.scalars(query)]

    # -- applications, resources, topics -------------------------------------------------------

    @remembered
    def applications(self) -> list[ApplicationInfo]:
        rows = self._session.scalars(
            select(models.Application).options(_WITH_ROLES).order_by(models.Application.id)
        )
        return [application_info(a) for a in rows]

    @remembered
    def find_application(self, text: str) -> ApplicationInfo | None:
        key = self.resolve("application", text)
        if key is None:
            return None
        row = self._session.scalars(
            select(models.Application).options(_WITH_ROLES).where(models.Application.key == key)
        ).first()
        return application_info(row) if row else None

    @remembered
    def resources(self, skill_key: str | None = None) -> list[ResourceInfo]:
        """Courses and programmes, the article's first; optionally only those teaching a skill (or a
        narrower one it covers)."""
        query = select(models.Resource).options(
            selectinload(models.Resource.skills).selectinload(models.ResourceSkill.skill)
        )
        if skill_key is not None:
            query = (
                query.join(models.ResourceSkill)
                .join(models.Skill)
                .where(models.Skill.key.in_(self._with_parts(skill_key)))
            )
        rows = self._session.scalars(query.order_by(models.Resource.id)).unique()
        found = [resource_info(r) for r in rows]
        return sorted(found, key=lambda r: not r.in_article)

    @remembered
    def courses_for_role(self, role_key: str) -> list[CourseFit]:
        """The courses that teach any of a role's skills, those covering the most (weighted by
        importance) first; the article's first among equals."""
        needed = self.role_skills(role_key)
        fits = []
        for resource in self.resources():
            teaches = tuple(n for n in needed if n.skill.key in resource.skill_keys)
            if teaches:
                fits.append(
                    CourseFit(resource, sum(IMPORTANCE_WEIGHT[n.importance] for n in teaches), teaches)
                )
        return sorted(fits, key=lambda f: -f.score)

    @remembered
    def topic_for_intent(self, intent: str) -> TopicInfo | None:
        """The explanation that answers an intent, with the skills it lists."""
        row = self._session.scalars(
            select(models.Topic)
            .where(models.Topic.intent == intent)
            .options(selectinload(models.Topic.skills).selectinload(models.TopicSkill.skill))
        ).first()
        return topic_info(row) if row else None

    @remembered
    def role_topic_skills(self, topic: TopicInfo, role_key: str) -> list[RequiredSkill]:
        """The role's skills a topic is about: those it lists or in its `role_categories`."""
        listed = {s.key for s in topic.skills}
        return [
            need
            for need in self.role_skills(role_key)
            if need.skill.key in listed or need.skill.category in topic.role_categories
        ]

    # -- guidance ------------------------------------------------------------------------------

    @remembered
    def role_fits(self, known_skill_keys: Iterable[str]) -> list[RoleFit]:
        """Every role ranked by how much of it (weighted by importance) the known skills cover."""
        known = set(known_skill_keys)
        fits = []
        for role in self.roles():
            needed = self.role_skills(role.key)
            total = sum(IMPORTANCE_WEIGHT[n.importance] for n in needed) or 1.0
            matched = [n for n in needed if n.skill.key in known]
            score = sum(IMPORTANCE_WEIGHT[n.importance] for n in matched) / total
            missing = tuple(n for n in needed if n.skill.key not in known)
            fits.append(RoleFit(role, score, tuple(n.skill for n in matched), missing))
        return sorted(fits, key=lambda f: (-f.score, -len(f.matched)))


@contextmanager
def knowledge(url: str | None = None) -> Iterator[Knowledge]:
    """Read access to the store for one unit of work (a session opened and closed around it)."""
    with session_scope(url) as session:
        yield Knowledge(session)
