"""The store's rows for validated content: what each entry becomes in the SQLAlchemy models."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from actions.store import models
from actions.store.load.aliases import alias_rows
from actions.store.load.schema import Content, Entry


def add_content(session: Session, content: Content) -> None:
    """Adds a row for every entry, link and alias of `content` to an empty store."""
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
