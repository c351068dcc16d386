"""Typed reads of the store, what actions call: `knowledge()` opens a `Knowledge` for one unit of work
(knowledge.py), which returns the frozen records of records.py and finds entries by any spelling of
their names (lookup.py, reading names as nlp/names.py does)."""

from actions.store.queries.knowledge import Knowledge, knowledge
from actions.store.queries.records import (
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
)

__all__ = [
    "ApplicationInfo",
    "CountryInfo",
    "CourseFit",
    "Knowledge",
    "RequiredSkill",
    "ResourceInfo",
    "RoleFit",
    "RoleInfo",
    "RoleNeed",
    "SalaryInfo",
    "SkillInfo",
    "TopicInfo",
    "knowledge",
]
