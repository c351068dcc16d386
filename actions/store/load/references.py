"""The rules across entries and files: unique keys, and every key an entry refers to known."""

from __future__ import annotations

from collections.abc import Iterable

from actions.store.load.schema import IMPORTANCES, Content, Entry, KnowledgeError


def check_references(content: Content) -> None:
    """Raises KnowledgeError for a duplicate key or a reference to an unknown or repeated entry."""
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
