"""The records the query layer returns: frozen dataclasses, so nothing an action holds is tied to a
session, and how each is read from the store's rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from actions.store import models

IMPORTANCE_WEIGHT = {"essential": 3.0, "important": 2.0, "useful": 1.0}
"""How much a skill of each importance counts when ranking roles or courses."""


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


def skill_info(row: models.Skill) -> SkillInfo:
    return SkillInfo(row.key, row.name, row.category, row.why)


def role_info(row: models.Role) -> RoleInfo:
    return RoleInfo(
        row.key,
        row.title,
        row.summary,
        row.description,
        row.education,
        row.how_to_get_in,
        row.in_article,
    )


def required_skills(rows: Iterable[models.RoleSkill]) -> list[RequiredSkill]:
    """A role's skills, essential first, then in data-file order."""
    ordered = sorted(rows, key=lambda rs: (models.IMPORTANCE_RANK[rs.importance], rs.id))
    return [RequiredSkill(skill_info(rs.skill), rs.importance) for rs in ordered]


def salary_info(row: models.Salary) -> SalaryInfo:
    return SalaryInfo(
        row.role.title,
        row.country_code,
        row.country.name,
        row.currency,
        Decimal(row.amount_minor) / 100,
        row.period,
        row.basis,
        row.source,
        row.source_url,
        row.as_of,
    )


def application_info(row: models.Application) -> ApplicationInfo:
    examples = tuple(e for e in row.examples.split("\n") if e)
    roles = tuple(role_info(link.role) for link in row.roles)
    return ApplicationInfo(row.key, row.name, row.summary, row.how, examples, roles)


def resource_info(row: models.Resource) -> ResourceInfo:
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


def topic_info(row: models.Topic) -> TopicInfo:
    skills = tuple(skill_info(ts.skill) for ts in row.skills)
    return TopicInfo(row.key, row.title, row.answer, skills, row.source, tuple(row.role_categories))
