"""Role-like names no extractor recognised, and the words that are never one (actions/unnamed_roles.py)."""

from __future__ import annotations

import pytest

from actions.unnamed_roles import named_role_text


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
        "what would I still need for that?",
        "what do they usually earn?",
        "what would that role need?",
        "what did most of them study",
        "what about in germany",
        "what about experience",
        "what would such a person earn in germany",
        "and what about the salary?",
        "and what about for beginners?",
        "whats the degree situation, do u need one?",
        "and how do ppl usually get experience for it",
        "ok and which courses would help me get there",
        "what would get us started?",
        "I do not know where to start, what would you suggest I do next?",
        "do I really need a degree?",
        "how do beginners get experience?",
        "how much do complete beginners earn",
        "do graduates need a masters",
        "how do career changers get experience",
        "what does the industry need",
        "I know java and sql, what would be a good next step?",
        "would that be a good fit?",
    ],
)
def test_references_to_the_role_being_discussed_name_none(text: str) -> None:
    assert named_role_text(text) is None
