"""Which role a message means: named, remembered, or named but unknown."""

from __future__ import annotations

import pytest

from actions.context import lookup_roles, named_role_text
from actions.store.queries import knowledge
from tests.helpers import entity, tracker_for


@pytest.mark.parametrize(
    "text, name",
    [
        ("what skills does a zookeeper need?", "zookeeper"),
        ("how much does an actuary earn?", "actuary"),
        ("what should I learn to become a beekeeper?", "beekeeper"),
        ("what about firefighters?", "firefighters"),
        ("I want to be an astronaut", "astronaut"),
    ],
)
def test_a_named_role_is_found_in_the_question(text: str, name: str) -> None:
    assert named_role_text(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "what skills do they need?",
        "and what do they earn?",
        "how much does that pay?",
        "what skills does the role need?",
        "what degree do I need?",
        "what's the salary?",
        "what does the job involve?",
    ],
)
def test_references_to_the_role_being_discussed_name_none(text: str) -> None:
    assert named_role_text(text) is None


def test_an_unknown_named_role_is_not_replaced_by_the_remembered_one(store_url: str) -> None:
    with knowledge(store_url) as kb:
        lookup = lookup_roles(tracker_for("what skills does a zookeeper need?", slots={"role": "Data scientist"}), kb)
        assert lookup.role is None and lookup.unknown == "zookeeper"
        follow_up = lookup_roles(tracker_for("what skills do they need?", slots={"role": "Data scientist"}), kb)
        assert follow_up.role is not None and follow_up.role.key == "data-scientist"
        named = lookup_roles(
            tracker_for("what about data analysts?", entities=[entity("role", "data analysts", 11)]), kb
        )
        assert named.role is not None and named.role.key == "data-analyst"
