"""The typed query layer over a real SQLite store loaded from data/knowledge."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest

from actions.settings import KNOWLEDGE_DIR
from actions.store.load import read_knowledge
from actions.store.queries import Knowledge, knowledge

CONTENT = read_knowledge(KNOWLEDGE_DIR)


@pytest.fixture
def kb(store_url: str):  # type: ignore[no-untyped-def]
    with knowledge(store_url) as kb:
        yield kb


@pytest.mark.parametrize(
    "text",
    ["data scientist", "Data Scientists", "a data scientist", "data scintist", "DATA-SCIENTIST"],
)
def test_find_role_by_name_plural_article_and_typo(kb: Knowledge, text: str) -> None:
    role = kb.find_role(text)
    assert role is not None and role.key == "data-scientist"


def test_find_role_by_alias(kb: Knowledge) -> None:
    role = kb.find_role("ML engineer")
    assert role is not None and role.key == "machine-learning-engineer"
    nlp = kb.find_role("nlp engineers")
    assert nlp is not None and nlp.key == "natural-language-processing-engineer"


def test_unknown_role_is_none_with_close_suggestions(kb: Knowledge) -> None:
    assert kb.find_role("astronaut") is None
    assert kb.find_role("quantum plumber") is None
    suggestions = [r.key for r in kb.closest_roles("data engineeer scientist")]
    assert suggestions and set(suggestions) <= {r["key"] for r in CONTENT["roles"]}


def test_every_article_role_is_listed_first(kb: Knowledge) -> None:
    roles = kb.roles()
    assert [r.key for r in roles] and len(roles) == len(CONTENT["roles"])
    flags = [r.in_article for r in roles]
    assert flags == sorted(flags, reverse=True)


def test_role_skills_follow_the_data_file_essential_first(kb: Knowledge) -> None:
    expected = next(r for r in CONTENT["roles"] if r["key"] == "data-scientist")["skills"]
    needed = kb.role_skills("data-scientist")
    assert {n.skill.key for n in needed} == {s["skill"] for s in expected}
    ranks = ["essential", "important", "useful"]
    assert [ranks.index(n.importance) for n in needed] == sorted(ranks.index(n.importance) for n in needed)


def test_roles_needing_a_skill(kb: Knowledge) -> None:
    expected = {r["key"] for r in CONTENT["roles"] if any(s["skill"] == "python" for s in r["skills"])}
    assert {n.role.key for n in kb.roles_needing("python")} == expected
    assert kb.find_skill("TF").key == "tensorflow"


def test_a_broad_skill_counts_the_skills_it_covers(kb: Knowledge) -> None:
    broad = next(s for s in CONTENT["skills"] if s.get("covers"))
    keys = {broad["key"], *broad["covers"]}
    name = {s["key"]: s["name"] for s in CONTENT["skills"]}
    assert [p.key for p in kb.skill_parts(broad["key"])] == broad["covers"]
    rank = ["essential", "important", "useful"]
    needs = {n.role.key: n for n in kb.roles_needing(broad["key"])}
    assert needs, "some role should list the broad skill or one it covers"
    for role in CONTENT["roles"]:
        listed = [s for s in role["skills"] if s["skill"] in keys]
        if not listed:
            assert role["key"] not in needs
            continue
        need = needs[role["key"]]
        assert need.importance == min((s["importance"] for s in listed), key=rank.index)
        assert set(need.through) == {name[s["skill"]] for s in listed if s["skill"] != broad["key"]}
    teaching = {r["key"] for r in CONTENT["resources"] if keys & set(r["skills"])}
    assert {r.key for r in kb.resources(broad["key"])} == teaching
    assert kb.skill_parts("python") == [] and all(n.through == () for n in kb.roles_needing("python"))


def test_salary_for_role_and_country_carries_its_source(kb: Knowledge) -> None:
    [figure] = kb.salaries("machine-learning-engineer", "GB")
    assert figure.amount == Decimal("54668")
    assert figure.currency == "GBP" and figure.period == "year"
    assert "Glassdoor" in figure.source
    assert kb.salaries("data-scientist") == []
    assert kb.salaries("machine-learning-engineer", "US") == []
    assert kb.find_country("United Kingdom").code == "GB"
    assert kb.find_country("usa").code == "US"


def test_applications_and_lookup_by_alias(kb: Knowledge) -> None:
    areas = kb.applications()
    assert len(areas) == len(CONTENT["applications"]) == 5
    assert all(a.examples for a in areas)
    for entry in CONTENT["applications"]:
        for alias in entry.get("aliases") or []:
            assert kb.find_application(alias).key == entry["key"]


def test_an_application_lists_who_works_on_it_in_the_files_order(kb: Knowledge) -> None:
    for entry, area in zip(CONTENT["applications"], kb.applications(), strict=True):
        assert [r.key for r in area.roles] == entry.get("roles", [])
    assert "bioinformatician" in [r.key for r in kb.find_application("medical science").roles]


def test_resources_for_a_skill(kb: Knowledge) -> None:
    everything = kb.resources()
    assert [r.in_article for r in everything][:2] == [True, True]
    teaching = {r["key"] for r in CONTENT["resources"] if "python" in r["skills"]}
    assert {r.key for r in kb.resources("python")} == teaching


def test_courses_for_a_role_rank_by_the_weighted_skills_they_teach(kb: Knowledge) -> None:
    weight = {"essential": 3, "important": 2, "useful": 1}
    for role in CONTENT["roles"]:
        needs = {s["skill"]: s["importance"] for s in role["skills"]}
        fits = kb.courses_for_role(role["key"])
        teaching = {r["key"] for r in CONTENT["resources"] if needs.keys() & set(r["skills"])}
        assert {f.resource.key for f in fits} == teaching
        for fit in fits:
            assert {(n.skill.key, n.importance) for n in fit.teaches} == {
                (k, needs[k]) for k in fit.resource.skill_keys if k in needs
            }
            assert fit.score == sum(weight[n.importance] for n in fit.teaches)
        assert [f.score for f in fits] == sorted((f.score for f in fits), reverse=True)


def test_topic_for_intent_lists_its_skills_in_order(kb: Knowledge) -> None:
    for entry in CONTENT["topics"]:
        topic = kb.topic_for_intent(entry["intent"])
        assert topic is not None and topic.answer == entry["answer"]
        assert [s.key for s in topic.skills] == list(entry.get("skills") or [])
    assert kb.topic_for_intent("no_such_intent") is None


def test_a_roles_part_of_a_topic_is_its_listed_skills_and_categories(kb: Knowledge) -> None:
    topic = kb.topic_for_intent("ask_programming_languages")
    assert topic is not None and topic.role_categories == ("programming",)
    skills = {s["key"]: s for s in CONTENT["skills"]}
    listed = {s.key for s in topic.skills}
    for role in CONTENT["roles"]:
        expected = {
            item["skill"]
            for item in role["skills"]
            if item["skill"] in listed or skills[item["skill"]]["category"] == "programming"
        }
        assert {n.skill.key for n in kb.role_topic_skills(topic, role["key"])} == expected
    analyst = {n.skill.key for n in kb.role_topic_skills(topic, "data-analyst")}
    assert "sql" in analyst  # listed by the topic, though not in the programming category


def test_role_fits_rank_by_weighted_coverage(kb: Knowledge) -> None:
    role = next(r for r in CONTENT["roles"] if r["key"] == "data-analyst")
    known = [s["skill"] for s in role["skills"]]
    fits = kb.role_fits(known)
    assert fits[0].role.key == "data-analyst" and fits[0].score == pytest.approx(1.0)
    assert not fits[0].missing
    assert all(a.score >= b.score for a, b in pairwise(fits))
