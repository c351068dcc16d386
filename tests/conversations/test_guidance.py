"""Learner guidance through the running servers: skills remembered, roles ranked, gaps, comparisons."""

from __future__ import annotations

import pytest

from actions.settings import KNOWLEDGE_DIR
from actions.store.load import read_knowledge
from launcher.servers import Stack
from tests.helpers import Conversation

CONTENT = read_knowledge(KNOWLEDGE_DIR)
ROLES = {r["key"]: r for r in CONTENT["roles"]}
SKILLS = {s["key"]: s for s in CONTENT["skills"]}


@pytest.fixture
def chat(stack: Stack) -> Conversation:
    return Conversation(stack.rasa_url)


def test_skills_over_several_messages_then_a_recommendation(chat: Conversation) -> None:
    assert "Noted: you know Python" in chat.say("I know Python")
    assert "Calculus" in chat.say("I've also studied calculus")
    reply = chat.say("which role suits me?")
    assert reply.startswith("With Python, Calculus, the roles that fit you best:")
    assert "% match" in reply
    titles = [b["title"] for b in chat.buttons()]
    assert titles and all(t in [r["title"] for r in CONTENT["roles"]] for t in titles)


def test_recommendation_in_one_message(chat: Conversation) -> None:
    reply = chat.say("I know SQL and statistics, which job fits me best?")
    assert reply.startswith("With SQL, Statistics, the roles that fit you best:")
    first = reply.splitlines()[1]
    assert ROLES["data-analyst"]["title"] in first or ROLES["data-scientist"]["title"] in first


def test_skill_gap_lists_what_is_missing_with_courses(chat: Conversation) -> None:
    chat.say("I know Python and calculus")
    reply = chat.say("what should I learn to become an ML engineer?")
    assert reply.startswith(
        "You already have Python, Calculus. To become a machine learning engineer, learn these next,"
    )
    missing = [
        SKILLS[s["skill"]]["name"]
        for s in ROLES["machine-learning-engineer"]["skills"]
        if s["skill"] not in ("python", "calculus")
    ]
    assert all(name in reply for name in missing) and "try " in reply
    # The answer names the role, so a follow-up stays on it.
    assert "£54,668" in chat.say("and what would I earn?")


def test_compare_two_roles(chat: Conversation) -> None:
    reply = chat.say("compare a data scientist and a data analyst")
    assert reply.startswith("Data scientist vs Data analyst:")
    assert ROLES["data-scientist"]["summary"].strip() in reply
    assert ROLES["data-analyst"]["summary"].strip() in reply


def test_ordinary_words_are_not_taken_for_skills(chat: Conversation) -> None:
    # "match" is one letter from "math"; the learner said only Keras.
    reply = chat.say("I know Keras, which job would be a good match for me?")
    assert reply.startswith("With Keras, the roles that fit you best:")
