"""The store's tables: what the assistant knows, loaded from data/knowledge/*.yml.

Every row keeps the slug `key` of its data-file entry so that files can refer to each other and a
reload can update rows in place. Aliases live in one table for roles, skills and application areas,
which is what makes an alias unique across all of them and lets the spaCy pipeline read them in one go.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

IMPORTANCE_RANK = {"essential": 0, "important": 1, "useful": 2}
"""How a role's skills are ordered: essential first."""


class Skill(Base):
    """Something a learner can learn: a framework, a language, a branch of mathematics..."""

    __tablename__ = "skills"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), unique=True, nullable=False)
    name = Column(String(120), nullable=False)
    category = Column(String(40), nullable=False)
    why = Column(Text, nullable=False)

    roles = relationship("RoleSkill", back_populates="skill", cascade="all, delete-orphan")
    resources = relationship("ResourceSkill", back_populates="skill", cascade="all, delete-orphan")
    parts = relationship(
        "SkillPart", foreign_keys="SkillPart.skill_id", back_populates="skill", cascade="all, delete-orphan"
    )


class SkillPart(Base):
    """A narrower skill that a broad one stands for: a learner who asks which roles need "maths"
    means calculus and statistics too, though roles list those rather than "Applied mathematics"."""

    __tablename__ = "skill_parts"
    __table_args__ = (UniqueConstraint("skill_id", "part_id"),)

    id = Column(Integer, primary_key=True)
    skill_id = Column(Integer, ForeignKey("skills.id"), nullable=False)
    part_id = Column(Integer, ForeignKey("skills.id"), nullable=False)

    skill = relationship("Skill", foreign_keys=[skill_id], back_populates="parts")
    part = relationship("Skill", foreign_keys=[part_id])


class Role(Base):
    """A job that uses deep learning, with what it does and how people get into it."""

    __tablename__ = "roles"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), unique=True, nullable=False)
    title = Column(String(120), nullable=False)
    summary = Column(Text, nullable=False)
    description = Column(Text, nullable=False)
    education = Column(Text, nullable=False)
    how_to_get_in = Column(Text, nullable=False)
    in_article = Column(Boolean, nullable=False, default=False)

    skills = relationship("RoleSkill", back_populates="role", cascade="all, delete-orphan")
    salaries = relationship("Salary", back_populates="role", cascade="all, delete-orphan")


class RoleSkill(Base):
    """Which role needs which skill, and how much (essential, important, useful)."""

    __tablename__ = "role_skills"
    __table_args__ = (UniqueConstraint("role_id", "skill_id"),)

    id = Column(Integer, primary_key=True)
    role_id = Column(Integer, ForeignKey("roles.id"), nullable=False)
    skill_id = Column(Integer, ForeignKey("skills.id"), nullable=False)
    importance = Column(String(20), nullable=False)

    role = relationship("Role", back_populates="skills")
    skill = relationship("Skill", back_populates="roles")


class Application(Base):
    """An area where deep learning is used, how it is used there, and examples."""

    __tablename__ = "applications"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), unique=True, nullable=False)
    name = Column(String(120), nullable=False)
    summary = Column(Text, nullable=False)
    how = Column(Text, nullable=False)
    examples = Column(Text, nullable=False)
    """One example per line."""

    roles = relationship("ApplicationRole", order_by="ApplicationRole.position", cascade="all, delete-orphan")


class ApplicationRole(Base):
    """A role that works on an application area ("who builds driverless cars?"), in the data file's order."""

    __tablename__ = "application_roles"
    __table_args__ = (UniqueConstraint("application_id", "role_id"),)

    id = Column(Integer, primary_key=True)
    application_id = Column(Integer, ForeignKey("applications.id"), nullable=False)
    role_id = Column(Integer, ForeignKey("roles.id"), nullable=False)
    position = Column(Integer, nullable=False)

    role = relationship("Role")


class Alias(Base):
    """A lowercase name a learner may use for a role, skill, application area or country.

    Each entry's own name is stored here too, so every lookup goes through one table.
    """

    __tablename__ = "aliases"

    id = Column(Integer, primary_key=True)
    text = Column(String(120), unique=True, nullable=False)
    kind = Column(String(20), nullable=False)
    """`role`, `skill`, `application` or `country`: the entity label the spaCy pipeline gives it."""
    target_key = Column(String(80), nullable=False)
    """The entry's key (a country's code)."""


class Country(Base):
    """A country learners may ask about, whether or not the store has a figure for it."""

    __tablename__ = "countries"

    id = Column(Integer, primary_key=True)
    code = Column(String(2), unique=True, nullable=False)
    name = Column(String(80), nullable=False)


class Salary(Base):
    """A salary figure for a role in a country, always with its source and date."""

    __tablename__ = "salaries"
    __table_args__ = (UniqueConstraint("role_id", "country_code"),)

    id = Column(Integer, primary_key=True)
    role_id = Column(Integer, ForeignKey("roles.id"), nullable=False)
    country_code = Column(String(2), ForeignKey("countries.code"), nullable=False)
    currency = Column(String(3), nullable=False)
    amount_minor = Column(Integer, nullable=False)
    """The amount in the currency's minor unit (pence), exact on every database."""
    period = Column(String(10), nullable=False)
    basis = Column(String(80), nullable=False)
    source = Column(Text, nullable=False)
    source_url = Column(Text)
    as_of = Column(Date, nullable=False)

    role = relationship("Role", back_populates="salaries")
    country = relationship("Country")


class Resource(Base):
    """A course, specialisation, certificate or degree a learner can take."""

    __tablename__ = "resources"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), unique=True, nullable=False)
    title = Column(String(200), nullable=False)
    provider = Column(String(120), nullable=False)
    kind = Column(String(20), nullable=False)
    level = Column(String(20), nullable=False)
    description = Column(Text, nullable=False)
    url = Column(Text)
    in_article = Column(Boolean, nullable=False, default=False)

    skills = relationship("ResourceSkill", back_populates="resource", cascade="all, delete-orphan")


class ResourceSkill(Base):
    """Which resource teaches which skill."""

    __tablename__ = "resource_skills"
    __table_args__ = (UniqueConstraint("resource_id", "skill_id"),)

    id = Column(Integer, primary_key=True)
    resource_id = Column(Integer, ForeignKey("resources.id"), nullable=False)
    skill_id = Column(Integer, ForeignKey("skills.id"), nullable=False)

    resource = relationship("Resource", back_populates="skills")
    skill = relationship("Skill", back_populates="resources")


class Topic(Base):
    """An explanation answered for one intent (what deep learning is, education, frameworks...)."""

    __tablename__ = "topics"

    id = Column(Integer, primary_key=True)
    key = Column(String(80), unique=True, nullable=False)
    intent = Column(String(80), unique=True, nullable=False)
    title = Column(String(200), nullable=False)
    answer = Column(Text, nullable=False)
    source = Column(Text)
    # Skill categories whose skills a named role's part of the answer lists (besides the topic's own
    # skills): "which language do data analysts use" lists the analyst's programming skills.
    role_categories = Column(JSON, nullable=False, default=list)

    skills = relationship("TopicSkill", order_by="TopicSkill.position", cascade="all, delete-orphan")


class TopicSkill(Base):
    """A skill listed after a topic's answer, in the data file's order."""

    __tablename__ = "topic_skills"
    __table_args__ = (UniqueConstraint("topic_id", "skill_id"),)

    id = Column(Integer, primary_key=True)
    topic_id = Column(Integer, ForeignKey("topics.id"), nullable=False)
    skill_id = Column(Integer, ForeignKey("skills.id"), nullable=False)
    position = Column(Integer, nullable=False)

    skill = relationship("Skill")


class LoadState(Base):
    """The fingerprint of the knowledge last loaded, so an unchanged reload writes nothing."""

    __tablename__ = "load_state"

    id = Column(Integer, primary_key=True)
    fingerprint = Column(String(64), nullable=False)
