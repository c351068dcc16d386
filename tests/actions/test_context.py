"""Which role a message means: named, remembered, or named but unknown."""

from __future__ import annotations

import pytest

from actions.context import (
    Mention,
    asked_about,
    asked_roles,
    lookup_roles,
    merged_mentions,
    role_in_context,
)
from actions.known_skills import known_skill_keys
from actions.store.queries import knowledge
from tests.helpers import entity, tracker_for


def test_an_unknown_named_role_is_not_replaced_by_the_remembered_one(store_url: str) -> None:
    with knowledge(store_url) as kb:
        lookup = lookup_roles(
            tracker_for("what skills does a zookeeper need?", slots={"role": "Data scientist"}), kb
        )
        assert lookup.role is None and lookup.unknown == "zookeeper"
        follow_up = lookup_roles(
            tracker_for("what skills do they need?", slots={"role": "Data scientist"}), kb
        )
        assert follow_up.role is not None and follow_up.role.key == "data-scientist"
        named = lookup_roles(
            tracker_for("what about data analysts?", entities=[entity("role", "data analysts", 11)]), kb
        )
        assert named.role is not None and named.role.key == "data-analyst"


def test_the_former_is_the_earlier_of_the_last_two_roles(store_url: str) -> None:
    events = [
        {"event": "slot", "name": "role", "value": title}
        for title in ("Data analyst", "Machine learning engineer", "Data engineer")
    ]
    tracker = tracker_for(
        "for the former, which courses are good?",
        "ask_courses",
        slots={"role": "Data engineer"},
        events=events,
    )
    with knowledge(store_url) as kb:
        lookup = lookup_roles(tracker, kb)
        assert lookup.role is not None and lookup.role.key == "machine-learning-engineer"


@pytest.mark.parametrize(
    "text", ["What do the first ones earn in the UK?", "which degree do the first guys need"]
)
def test_the_first_ones_are_the_first_role_not_an_unknown_one(store_url: str, text: str) -> None:
    events = [
        {"event": "slot", "name": "role", "value": title} for title in ("Data scientist", "Bioinformatician")
    ]
    tracker = tracker_for(text, "ask_salary", slots={"role": "Bioinformatician"}, events=events)
    with knowledge(store_url) as kb:
        lookup = lookup_roles(tracker, kb)
        assert lookup.unknown is None
        assert lookup.role is not None and lookup.role.key == "data-scientist"


def test_a_role_set_aside_is_not_the_one_asked_about(store_url: str) -> None:
    text = "how does anyone get experience in deep learning in general, not just bioinformatics"
    found = [entity("role", "bioinformatics", text.index("bioinformatics"))]
    with knowledge(store_url) as kb:
        lookup = role_in_context(
            tracker_for(text, "ask_experience", found, slots={"role": "Bioinformatician"}), kb
        )
        assert lookup.role is None and lookup.unknown is None


@pytest.mark.parametrize(
    "text, label, value",
    [
        ("how about the uk", "country", "uk"),
        ("what about france?", "country", "France"),
        ("what about kafka", "skill", "kafka"),
    ],
)
def test_a_name_recognised_as_something_else_is_no_unknown_role(
    store_url: str, text: str, label: str, value: str
) -> None:
    """A follow-up naming a country or skill keeps the role being discussed (no "I don't have uk")."""
    with knowledge(store_url) as kb:
        start = text.lower().find(value.lower())
        tracker = tracker_for(text, entities=[entity(label, value, start)], slots={"role": "Data analyst"})
        lookup = lookup_roles(tracker, kb)
        assert lookup.unknown is None
        assert lookup.role is not None and lookup.role.key == "data-analyst"


def mentions(text: str, values: list) -> list:
    """Mentions at each value's first place in `text`, as the merged entities would carry them."""
    return [Mention(v, text.lower().find(v.lower()), text.lower().find(v.lower()) + len(v)) for v in values]


@pytest.mark.parametrize(
    "text, values, expected",
    [
        ("I know SQL pretty well, but what is Apache Kafka?", ["SQL", "Apache Kafka"], ["Apache Kafka"]),
        ("I'm fine with sql, whats spark and kafka", ["sql", "spark", "kafka"], ["spark", "kafka"]),
        ("what is kafka and how does it differ from spark?", ["kafka", "spark"], ["kafka", "spark"]),
        ("which jobs use calculus", ["calculus"], ["calculus"]),
        ("python: what is it for?", ["python"], ["python"]),
        ("kafka vs spark", ["kafka", "spark"], ["kafka", "spark"]),
    ],
)
def test_a_question_is_about_the_names_after_its_question_word(
    text: str, values: list, expected: list
) -> None:
    assert asked_about(text, mentions(text, values)) == expected


def test_a_name_said_twice_counts_where_the_entity_is() -> None:
    text = "I use SQL at work and know Kafka a bit; what is SQL window functions' big idea vs Kafka"
    # the extractors marked the second "SQL" (after "what") and the first "Kafka" (before it)
    marked = [
        {"entity": "skill", "value": "Kafka", "start": 27, "end": 32},
        {"entity": "skill", "value": "SQL", "start": 48, "end": 51},
    ]
    assert asked_about(text, merged_mentions(text, marked, "skill")) == ["SQL"]


def test_a_stated_skill_with_the_noun_after_it_is_the_skill(store_url: str) -> None:
    text = "i know sql and have built a few airflow pipelines"
    stated = [entity("skill", "sql", 7), entity("skill", "airflow pipelines", text.index("airflow"))]
    with knowledge(store_url) as kb:
        found = known_skill_keys(tracker_for(text, "inform_skills", stated), kb)
        assert found == ["sql", "etl-data-pipelines"]
        unknown = [entity("skill", "basket weaving", 7)]
        assert known_skill_keys(tracker_for("i know basket weaving", "inform_skills", unknown), kb) == []


@pytest.mark.parametrize(
    "text, known, lacked",
    [
        (
            "im good at problem solving and coding but nothing ML yet. what should i learn?",
            "problem solving",
            "ML",
        ),
        ("I know SQL, no python though", "SQL", "python"),
        ("I use SQL daily but I don't know kafka", "SQL", "kafka"),
    ],
)
def test_a_skill_the_learner_says_they_lack_is_not_known(
    store_url: str, text: str, known: str, lacked: str
) -> None:
    named = [entity("skill", name, text.index(name)) for name in (known, lacked)]
    with knowledge(store_url) as kb:
        found = known_skill_keys(tracker_for(text, "inform_skills", named), kb)
        assert found == [kb.find_skill(known).key]


@pytest.mark.parametrize(
    "text,trade,known",
    [
        ("I'm a web developer with JavaScript, which languages next?", "web developer", "web-development"),
        (
            "as a full-stack web developer, what should I learn?",
            "full-stack web developer",
            "web-development",
        ),
        ("I work as a data scientist", "data scientist", "data-science"),
    ],
)
def test_a_trade_the_learner_works_as_is_a_skill_they_know(
    store_url: str, text: str, trade: str, known: str
) -> None:
    with knowledge(store_url) as kb:
        stated = [entity("role", trade, text.index(trade))]
        assert known in known_skill_keys(tracker_for(text, "inform_skills", stated), kb)
        # A role asked about is not the learner's trade.
        asked = f"what does a {trade} need?"
        named = [entity("role", trade, asked.index(trade))]
        assert known_skill_keys(tracker_for(asked, "ask_role_skills", named), kb) == []


@pytest.mark.parametrize(
    "text,trade,asked",
    [
        (
            "I'm a web developer with JavaScript. Which languages should I pick up for ML?",
            "web developer",
            [],
        ),
        ("i work as a data analyst, what do data engineers earn?", "data analyst", ["data engineers"]),
        ("how do I get experience as a data engineer?", "data engineer", ["data engineer"]),  # the target
    ],
)
def test_the_trade_the_learner_works_as_is_not_asked_about(text: str, trade: str, asked: list[str]) -> None:
    mentions = [entity("role", trade, text.index(trade))]
    mentions += [entity("role", name, text.index(name)) for name in asked if name != trade]
    assert asked_roles(tracker_for(text, "ask_salary", mentions)) == asked


def test_a_field_the_question_is_for_is_not_a_skill_the_learner_knows(store_url: str) -> None:
    text = "I'm a web developer with JavaScript. What could I do in AI?"
    named = [entity("skill", "JavaScript", text.index("JavaScript")), entity("skill", "AI", text.index("AI"))]
    with knowledge(store_url) as kb:
        assert known_skill_keys(tracker_for(text, "inform_skills", named), kb) == ["javascript"]
        asked = "which role suits someone good at AI and python?"  # no statement, no field asked for
        named = [entity("skill", "AI", asked.index("AI")), entity("skill", "python", asked.index("python"))]
        assert known_skill_keys(tracker_for(asked, "recommend_role", named), kb) == [
            "artificial-intelligence",
            "python",
        ]
    text = "did a stats degree, can do regression in R and some sql. whats my next move"
    named = [entity("skill", "R", text.index(" R ") + 1), entity("skill", "sql", text.index("sql"))]
    with knowledge(store_url) as kb:
        assert known_skill_keys(tracker_for(text, "inform_skills", named), kb) == ["r", "sql"]
