"""Typed read functions over the store: what actions call.

`Knowledge` wraps one session (one unit of work) and returns frozen dataclasses, so nothing an action
holds is tied to a session. Names are looked up through the alias table: exact first, then the
singular form, then fuzzy matching for typos.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from actions.store import models
from actions.store.db import session_scope

FUZZY_CUTOFF = 0.82
"""How close a misspelt name must be to a known one to be taken as it (difflib ratio)."""
SUGGEST_CUTOFF = 0.5
"""How close a name must be to be offered as 'did you mean'."""


@dataclass(frozen=True)
class SkillInfo:
    key: str
    name: str
    category: str
    why: str


@dataclass(frozen=True)
class RoleInfo:
    key: str
    title: str
    summary: str
    description: str
    education: str
    how_to_get_in: str
    in_article: bool


@dataclass(frozen=True)
class RequiredSkill:
    """A skill as one role needs it."""

    skill: SkillInfo
    importance: str


@dataclass(frozen=True)
class RoleNeed:
    """A role as it needs one skill: the most it needs the skill or a narrower one it covers, and
    which of those narrower ones the role lists ("Calculus" for "Applied mathematics")."""

    role: RoleInfo
    importance: str
    through: tuple[str, ...] = ()


@dataclass(frozen=True)
class SalaryInfo:
    role_title: str
    country_code: str
    country_name: str
    currency: str
    amount: Decimal
    period: str
    basis: str
    source: str
    source_url: str | None
    as_of: dt.date


@dataclass(frozen=True)
class CountryInfo:
    code: str
    name: str


@dataclass(frozen=True)
class ApplicationInfo:
    key: str
    name: str
    summary: str
    how: str
    examples: tuple[str, ...]
    roles: tuple[RoleInfo, ...]
    """The roles that work on it, as the data file lists them."""


@dataclass(frozen=True)
class ResourceInfo:
    key: str
    title: str
    provider: str
    kind: str
    level: str
    description: str
    url: str | None
    in_article: bool
    skill_keys: tuple[str, ...]


@dataclass(frozen=True)
class TopicInfo:
    key: str
    title: str
    answer: str
    skills: tuple[SkillInfo, ...]
    source: str | None
    role_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleFit:
    """How well a learner's known skills cover a role: a weighted share of its skills."""

    role: RoleInfo
    score: float
    matched: tuple[SkillInfo, ...]
    missing: tuple[RequiredSkill, ...]


@dataclass(frozen=True)
class CourseFit:
    """A course as it serves one role: the role's skills it teaches, weighted by importance."""

    resource: ResourceInfo
    score: float
    teaches: tuple[RequiredSkill, ...]


IMPORTANCE_WEIGHT = {"essential": 3.0, "important": 2.0, "useful": 1.0}


def _skill(row: models.Skill) -> SkillInfo:
    return SkillInfo(row.key, row.name, row.category, row.why)


def _role(row: models.Role) -> RoleInfo:
    return RoleInfo(
        row.key,
        row.title,
        row.summary,
        row.description,
        row.education,
        row.how_to_get_in,
        row.in_article,
    )


def _required(rows: Iterable[models.RoleSkill]) -> list[RequiredSkill]:
    ordered = sorted(rows, key=lambda rs: (models.IMPORTANCE_RANK[rs.importance], rs.id))
    return [RequiredSkill(_skill(rs.skill), rs.importance) for rs in ordered]


def singular_forms(text: str) -> list[str]:
    """The text and its likely singular forms ("data scientists" -> "data scientist")."""
    forms = [text]
    if text.endswith("ies") and len(text) > 4:
        forms.append(text[:-3] + "y")
    if text.endswith("es") and len(text) > 3:
        forms.append(text[:-2])
    if text.endswith("s") and not text.endswith("ss") and len(text) > 2:
        forms.append(text[:-1])
    return forms


def normalise(text: str) -> str:
    """Lowercase, single-spaced, without a leading article or trailing punctuation."""
    text = " ".join(text.lower().replace("-", " ").split()).strip(" ?!.,;:'\"")
    for article in ("the ", "a ", "an "):
        if text.startswith(article):
            text = text[len(article) :]
    return text


class Knowledge:
    """Typed read access to the store within one session."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._alias_tables: dict[str, dict[str, str]] = {}

    def is_loaded(self) -> bool:
        """Whether the store holds a completed load (what /health asks of the action server)."""
        return self._session.execute(select(models.LoadState.fingerprint)).first() is not None

    # -- name lookup ---------------------------------------------------------------------------

    def aliases(self, kind: str | None = None) -> list[tuple[str, str, str]]:
        """(text, kind, key) for every name and alias, optionally of one kind."""
        query = select(models.Alias.text, models.Alias.kind, models.Alias.target_key)
        if kind is not None:
            query = query.where(models.Alias.kind == kind)
        return [tuple(row) for row in self._session.execute(query.order_by(models.Alias.id))]

    def alias_table(self, kind: str) -> dict[str, str]:
        """{name or alias: key} for one kind, read once per unit of work (callers may resolve many)."""
        if kind not in self._alias_tables:
            self._alias_tables[kind] = {t: k for t, _, k in self.aliases(kind)}
        return self._alias_tables[kind]

    def resolve(self, kind: str, text: str) -> str | None:
        """The key of the `kind` entry that `text` names: exact, singular, then fuzzy."""
        table = self.alias_table(kind)
        wanted = normalise(text)
        for form in singular_forms(wanted):
            for variant in (form, form.replace(" ", ""), form.replace(" ", "-")):
                if variant in table:
                    return table[variant]
        close = difflib.get_close_matches(wanted, table, n=1, cutoff=FUZZY_CUTOFF)
        return table[close[0]] if close else None

    def suggest(self, kind: str, text: str, n: int = 3) -> list[str]:
        """Keys of the entries whose names are closest to `text`, best first, for 'did you mean'."""
        table = self.alias_table(kind)
        keys: list[str] = []
        for match in difflib.get_close_matches(normalise(text), table, n=10, cutoff=SUGGEST_CUTOFF):
            if table[match] not in keys:
                keys.append(table[match])
        return keys[:n]

    # -- roles ---------------------------------------------------------------------------------

    def roles(self) -> list[RoleInfo]:
        """Every role: the article's first, then in data-file order."""
        rows = self._session.scalars(select(models.Role).order_by(models.Role.id))
        return sorted((_role(r) for r in rows), key=lambda r: not r.in_article)

    def role(self, key: str) -> RoleInfo | None:
        row = self._session.scalars(select(models.Role).where(models.Role.key == key)).first()
        return _role(row) if row else None

    def find_role(self, text: str) -> RoleInfo | None:
        """The role `text` names (title, alias, plural or a typo of one), if any."""
        key = self.resolve("role", text)
        return self.role(key) if key else None

    def closest_roles(self, text: str, n: int = 3) -> list[RoleInfo]:
        """The roles whose names are closest to `text`, for 'did you mean'."""
        return [r for r in (self.role(k) for k in self.suggest("role", text, n)) if r]

    def role_skills(self, role_key: str) -> list[RequiredSkill]:
        """A role's skills, essential first."""
        rows = self._session.scalars(
            select(models.RoleSkill)
            .join(models.Role)
            .where(models.Role.key == role_key)
            .options(selectinload(models.RoleSkill.skill))
        )
        return _required(rows)

    # -- skills --------------------------------------------------------------------------------

    def skill(self, key: str) -> SkillInfo | None:
        row = self._session.scalars(select(models.Skill).where(models.Skill.key == key)).first()
        return _skill(row) if row else None

    def find_skill(self, text: str) -> SkillInfo | None:
        key = self.resolve("skill", text)
        return self.skill(key) if key else None

    def skills(self, keys: Sequence[str]) -> list[SkillInfo]:
        """The skills with these keys, in the order given (unknown keys are skipped)."""
        found = [self.skill(key) for key in keys]
        return [s for s in found if s]

    def skill_parts(self, key: str) -> list[SkillInfo]:
        """The narrower skills a broad one covers (skills.yml `covers`), in the file's order."""
        rows = self._session.scalars(
            select(models.SkillPart)
            .join(models.SkillPart.skill)
            .where(models.Skill.key == key)
            .options(selectinload(models.SkillPart.part))
            .order_by(models.SkillPart.id)
        )
        return [_skill(row.part) for row in rows]

    def _with_parts(self, skill_key: str) -> list[str]:
        return [skill_key, *(p.key for p in self.skill_parts(skill_key))]

    def roles_needing(self, skill_key: str) -> list[RoleNeed]:
        """The roles that need a skill or a narrower one it covers, those for which it is essential first."""
        rows = self._session.scalars(
            select(models.RoleSkill)
            .join(models.Skill)
            .where(models.Skill.key.in_(self._with_parts(skill_key)))
            .options(selectinload(models.RoleSkill.role), selectinload(models.RoleSkill.skill))
        )
        by_role: dict[
            int, list[models.RoleSkill]
        ] = {}  # most important first, so roles come in that order too
        for rs in sorted(rows, key=lambda rs: (models.IMPORTANCE_RANK[rs.importance], rs.id)):
            by_role.setdefault(rs.role_id, []).append(rs)
        return [
            RoleNeed(
                _role(found[0].role),
                found[0].importance,
                tuple(rs.skill.name for rs in found if rs.skill.key != skill_key),
            )
            for found in by_role.values()
        ]

    # -- salaries ------------------------------------------------------------------------------

    def country(self, code: str) -> CountryInfo | None:
        query = select(models.Country).where(models.Country.code == code)
        row = self._session.scalars(query).first()
        return CountryInfo(row.code, row.name) if row else None

    def find_country(self, text: str) -> CountryInfo | None:
        code = self.resolve("country", text)
        return self.country(code) if code else None

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
        return [
            SalaryInfo(
                s.role.title,
                s.country_code,
                s.country.name,
                s.currency,
                Decimal(s.amount_minor) / 100,
                s.period,
                s.basis,
                s.source,
                s.source_url,
                s.as_of,
            )
            for s in self._session.scalars(query)
        ]

    # -- applications, resources, topics -------------------------------------------------------

    def applications(self) -> list[ApplicationInfo]:
        rows = self._session.scalars(
            select(models.Application).options(_WITH_ROLES).order_by(models.Application.id)
        )
        return [_application(a) for a in rows]

    def find_application(self, text: str) -> ApplicationInfo | None:
        key = self.resolve("application", text)
        if key is None:
            return None
        row = self._session.scalars(
            select(models.Application).options(_WITH_ROLES).where(models.Application.key == key)
        ).first()
        return _application(row) if row else None

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
        found = [_resource(r) for r in rows]
        return sorted(found, key=lambda r: not r.in_article)

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

    def topic_for_intent(self, intent: str) -> TopicInfo | None:
        """The explanation that answers an intent, with the skills it lists."""
        row = self._session.scalars(
            select(models.Topic)
            .where(models.Topic.intent == intent)
            .options(selectinload(models.Topic.skills).selectinload(models.TopicSkill.skill))
        ).first()
        if row is None:
            return None
        skills = tuple(_skill(ts.skill) for ts in row.skills)
        return TopicInfo(row.key, row.title, row.answer, skills, row.source, tuple(row.role_categories))

    def role_topic_skills(self, topic: TopicInfo, role_key: str) -> list[RequiredSkill]:
        """The role's skills a topic is about: those it lists or in its `role_categories`."""
        listed = {s.key for s in topic.skills}
        return [
            need
            for need in self.role_skills(role_key)
            if need.skill.key in listed or need.skill.category in topic.role_categories
        ]

    # -- guidance ------------------------------------------------------------------------------

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


_WITH_ROLES = selectinload(models.Application.roles).selectinload(models.ApplicationRole.role)


def _application(row: models.Application) -> ApplicationInfo:
    examples = tuple(e for e in row.examples.split("\n") if e)
    roles = tuple(_role(link.role) for link in row.roles)
    return ApplicationInfo(row.key, row.name, row.summary, row.how, examples, roles)


def _resource(row: models.Resource) -> ResourceInfo:
    return ResourceInfo(
        row.key,
        row.title,
        row.provider,
        row.kind,
        row.level,
        row.description,
        row.url,
        row.in_article,
        tuple(rs.skill.key for rs in row.skills),
    )


@contextmanager
def knowledge(url: str | None = None) -> Iterator[Knowledge]:
    """Read access to the store for one unit of work (a session opened and closed around it)."""
    with session_scope(url) as session:
        yield Knowledge(session)
