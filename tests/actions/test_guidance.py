"""Questions about jobs from a learner who has said what they know get the roles that fit them
(actions/guidance.py), run as the action server runs them against a real SQLite store."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.roles import ActionDescribeRole, ActionListRoles
from actions.skills import ActionSkillRoles
from actions.topics import ActionAnswerTopic
from tests.helpers import entity, run_action, tracker_for
from tests.wording import run, values

pytestmark = pytest.mark.usefixtures("store_url")

KNOWN = {"known_skills": ["python", "java"]}


def answered(action: object, text: str, intent: str, slots: dict, entities: list | None = None) -> tuple:
    """The responses the action gave and the `topic` it set."""
    messages, events = run_action(action, tracker_for(text, intent, entities, slots=slots))
    topics = [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == "topic"]
    return [m["response"] for m in messages], topics


@pytest.mark.parametrize(
    "text",
    [
        "what jobs could I do?",
        "which careers in deep learning could I go for?",
        "and what jobs would that open up?",
        "I know Java and Python. Which jobs could I get?",
        "My skills: Java, Python. Which careers in deep learning fit?",
    ],
)
def test_a_jobs_question_about_the_learner_gets_the_roles_that_fit(text: str) -> None:
    responses, topics = answered(ActionListRoles(), text, "ask_roles", KNOWN)
    assert responses[0] == "utter_role_fits" and topics == ["recommend_role"]
    replies, _ = run(ActionListRoles(), tracker_for(text, "ask_roles", slots=KNOWN))
    assert values("utter_role_fits", replies[0]["text"]) == {"skills": "Python, Java"}


@pytest.mark.parametrize(
    "text,slots",
    [
        ("what jobs could I do?", {}),  # nothing known about the learner
        ("which jobs exist in deep learning?", KNOWN),  # the field's jobs, not theirs
        ("I am knowing Java and Python. Please, what jobs exist in deep learning?", KNOWN),
    ],
)
def test_otherwise_every_role(text: str, slots: dict) -> None:
    assert answered(ActionListRoles(), text, "ask_roles", slots) == (["utter_roles"], ["ask_roles"])


def test_what_the_learner_could_do_with_no_role_in_view_gets_the_roles_that_fit() -> None:
    text = "what can i do with that in AI?"
    responses, topics = answered(ActionDescribeRole(), text, "ask_role", KNOWN)
    assert responses[0] == "utter_role_fits" and topics == ["recommend_role"]
    assert answered(ActionDescribeRole(), text, "ask_role", {})[0] == ["utter_which_role_to_describe"]
    discussed = {**KNOWN, "role": "Data scientist"}  # a role in view is the one described
    assert answered(ActionDescribeRole(), text, "ask_role", discussed) == (["utter_role"], ["ask_role"])


@pytest.mark.parametrize("text", ["and which jobs would that lead to", "which roles fit?"])
def test_which_jobs_that_leads_to_after_the_learners_skills_gets_the_roles_that_fit(text: str) -> None:
    responses, topics = answered(
        ActionSkillRoles(), text, "ask_skill_roles", {**KNOWN, "topic": "next_steps"}
    )
    assert responses[0] == "utter_role_fits" and topics == ["recommend_role"]


def test_which_jobs_that_leads_to_after_a_skill_is_about_the_skill() -> None:
    slots = {**KNOWN, "topic": "ask_skill", "skill": "Apache Kafka"}
    responses, _ = answered(ActionSkillRoles(), "and which jobs would that lead to", "ask_skill_roles", slots)
    assert responses == ["utter_skill_roles"]
    named = "I know Python. Which jobs would SQL lead to?"
    sql = [entity("skill", "Python", 7), entity("skill", "SQL", named.index("SQL"))]
    responses, _ = answered(
        ActionSkillRoles(), named, "ask_skill_roles", {**KNOWN, "topic": "next_steps"}, sql
    )
    assert responses == ["utter_skill_roles"]


def test_a_role_the_learner_says_they_have_is_not_the_one_asked_about() -> None:
    text = "I work as a data analyst and know SQL. What does a research scientist do?"
    roles = [entity("role", name, text.index(name)) for name in ("data analyst", "research scientist")]
    _, events = run(ActionDescribeRole(), tracker_for(text, "ask_role", roles))
    assert SlotSet("role", "Research scientist") in events
    alone = "I work as a data analyst, what does that role do?"
    _, events = run(
        ActionDescribeRole(), tracker_for(alone, "ask_role", [entity("role", "data analyst", 12)])
    )
    assert SlotSet("role", "Data analyst") in events


@pytest.mark.parametrize(
    "text,slots,expected",
    [
        # a learner who said what they know asks openly what to learn next: the next skills
        ("What should I learn now to get into deep learning?", KNOWN, (["utter_next_steps"], ["next_steps"])),
        # the same words with nothing known, or the skills deep learning needs: the general answer
        ("What should I learn now to get into deep learning?", {}, (["utter_topic"], ["ask_skills"])),
        ("which skills matter most?", KNOWN, (["utter_topic"], ["ask_skills"])),
    ],
)
def test_what_to_learn_next_after_stating_skills_is_open_guidance(
    text: str, slots: dict, expected: tuple
) -> None:
    responses, topics = answered(ActionAnswerTopic(), text, "ask_skills", slots)
    assert (responses[:1], topics) == expected
