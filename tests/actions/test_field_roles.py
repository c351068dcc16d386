"""A field said where a role is meant (actions/field_roles.py), with the real store: "the MLOps
people" is the MLOps engineer, "MLOps courses" are still about the skill."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.followup import ActionFollowUp
from actions.guidance import ActionSkillGap
from actions.learning import ActionCourses
from actions.roles import ActionDescribeRole
from actions.salary import ActionSalary
from actions.store.queries import knowledge
from actions.topics import ActionAnswerTopic
from tests.helpers import entity, run_action, tracker_for
from tests.wording import rendered, values

TALKED_ABOUT_MLOPS = [{"event": "slot", "name": "role", "value": "MLOps engineer"}]


def test_the_roles_named_for_a_field_are_read_from_the_store(store_url: str) -> None:
    with knowledge() as kb:
        fields = kb.roles_by_field()
        assert fields["mlops"] == "mlops-engineer"
        assert fields[kb.find_skill("computer vision").key] == "computer-vision-engineer"
        # "machine learning engineer" and "machine learning researcher": two roles, so neither
        assert kb.find_skill("machine learning").key not in fields


def test_a_follow_up_about_the_people_of_a_field_asks_about_the_role(store_url: str) -> None:
    text = "ok and the MLOps people"
    tracker = tracker_for(
        text, "follow_up", [entity("skill", "MLOps", 11)], slots={"topic": "ask_role_skills"}
    )
    messages, events = run_action(ActionFollowUp(), tracker)
    assert values("utter_role_skills", rendered(messages)[0]["text"])
    assert SlotSet("role", "MLOps engineer") in events and SlotSet("topic", "ask_role_skills") in events


def test_a_bare_field_after_a_question_only_a_role_answers_is_the_role(store_url: str) -> None:
    tracker = tracker_for(
        "and computer vision?",
        "follow_up",
        [entity("skill", "computer vision", 4)],
        slots={"topic": "ask_salary"},
    )
    _, events = run_action(ActionFollowUp(), tracker)
    assert SlotSet("role", "Computer vision engineer") in events
    # After a question a skill can answer, the skill stays a skill.
    tracker = tracker_for(
        "and computer vision?",
        "follow_up",
        [entity("skill", "computer vision", 4)],
        slots={"topic": "ask_skill_roles"},
    )
    _, events = run_action(ActionFollowUp(), tracker)
    assert SlotSet("skill", "Computer vision") in events and not any(e["name"] == "role" for e in events)


def test_going_back_to_a_field_is_going_back_to_its_role_only_once_discussed(store_url: str) -> None:
    text = "back to mlops — which courses?"
    found = [entity("skill", "mlops", 8)]
    slots = {"role": "Data analyst", "topic": "ask_salary"}
    tracker = tracker_for(text, "ask_courses", found, slots=slots, events=TALKED_ABOUT_MLOPS)
    messages, events = run_action(ActionCourses(), tracker)
    assert values("utter_role_courses", rendered(messages)[0]["text"])
    assert SlotSet("role", "MLOps engineer") in events
    # Never discussed as a role: courses on the skill.
    messages, events = run_action(ActionCourses(), tracker_for(text, "ask_courses", found, slots=slots))
    assert SlotSet("skill", "MLOps") in events and not any(e["name"] == "role" for e in events)


def test_a_field_the_learner_says_they_know_stays_a_skill(store_url: str) -> None:
    text = "I know MLOps, what would that job pay?"
    tracker = tracker_for(
        text, "ask_salary", [entity("skill", "MLOps", 7)], slots={"role": "Machine learning engineer"}
    )
    _, events = run_action(ActionSalary(), tracker)
    assert SlotSet("role", "Machine learning engineer") in events
    assert SlotSet("known_skills", ["mlops"]) in events


def test_a_field_in_a_question_only_a_role_answers_is_the_role(store_url: str) -> None:
    text = "what else do i need for mlops then?"
    slots = {"known_skills": ["docker"], "topic": "recommend_role"}
    tracker = tracker_for(text, "ask_skill_gap", [entity("skill", "mlops", 24)], slots=slots)
    messages, events = run_action(ActionSkillGap(), tracker)
    assert values("utter_skill_gap_with_known", rendered(messages)[0]["text"])
    assert SlotSet("role", "MLOps engineer") in events
    assert not any(e["name"] == "known_skills" and "mlops" in e["value"] for e in events)


def test_a_field_said_as_engineering_or_a_job_is_the_role(store_url: str) -> None:
    text = "tell me about computer vision engineering as a job"
    tracker = tracker_for(text, "ask_role", [entity("skill", "computer vision", 14)])
    _, events = run_action(ActionDescribeRole(), tracker)
    assert SlotSet("role", "Computer vision engineer") in events


def test_a_field_listed_in_a_role_question_stays_a_skill(store_url: str) -> None:
    text = "Python, PyTorch, computer vision basics. What am I missing?"
    found = [
        entity("skill", "Python", 0),
        entity("skill", "PyTorch", 8),
        entity("skill", "computer vision", 17),
    ]
    tracker = tracker_for(text, "ask_skill_gap", found)
    _, events = run_action(ActionSkillGap(), tracker)
    assert not any(e["name"] == "role" for e in events)


def test_a_field_a_tools_question_is_for_is_the_role(store_url: str) -> None:
    tracker = tracker_for("what frameworks for mlops", "ask_frameworks", [entity("skill", "mlops", 20)])
    _, events = run_action(ActionAnswerTopic(), tracker)
    assert SlotSet("role", "MLOps engineer") in events
