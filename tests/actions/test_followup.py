"""Follow-ups and the context every answer leaves (actions/followup.py, actions/base.py), with the
real store: the last question asked again about a new name, and open "what next?" guidance."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.followup import ActionFollowUp, answering_actions, follow_up_topic, store_actions
from actions.guidance import ActionSkillGap, next_skills
from actions.salary import ActionSalary
from actions.settings import KNOWLEDGE_DIR
from actions.store.load import read_knowledge
from actions.store.queries import knowledge
from tests.helpers import entity, run_action, tracker_for
from tests.wording import rendered, values

CONTENT = read_knowledge(KNOWLEDGE_DIR)
ROLES = {r["key"]: r for r in CONTENT["roles"]}


def test_every_rule_runs_an_action_that_exists() -> None:
    answers = answering_actions()
    actions = store_actions()
    assert answers["ask_salary"] == "action_salary" and answers["ask_education"] == "action_answer_topic"
    missing = {a for a in answers.values() if a.startswith("action_") and a not in actions}
    assert missing == set()


def test_the_question_a_follow_up_asks() -> None:
    assert follow_up_topic("ask_salary", ["role"]) == "ask_salary"
    assert follow_up_topic("ask_salary", ["country"]) == "ask_salary"
    assert follow_up_topic("ask_salary", ["skill"]) == "ask_skill"  # a salary can't be about Kafka
    assert follow_up_topic("ask_courses", ["skill"]) == "ask_courses"
    assert follow_up_topic(None, ["role"]) == "ask_role"
    assert follow_up_topic(None, ["application"]) == "ask_applications"
    assert follow_up_topic("next_steps", ["role"]) == "ask_skill_gap"
    assert follow_up_topic("ask_education", []) == "ask_education"
    assert follow_up_topic(None, []) is None
    # A role and a country: only a salary is about both, whatever was asked before.
    assert follow_up_topic(None, ["role", "country"]) == "ask_salary"
    assert follow_up_topic("ask_frameworks", ["role", "country"]) == "ask_salary"
    assert follow_up_topic("ask_courses", ["role", "skill"]) == "ask_courses"
    assert follow_up_topic("ask_salary", ["skill", "country"]) == "ask_skill"  # none is about both


def test_a_follow_up_answers_the_last_question_about_the_new_role() -> None:
    text = "and data engineers?"
    tracker = tracker_for(
        text, "follow_up", [entity("role", "data engineers", 4)], slots={"topic": "ask_education"}
    )
    messages, events = run_action(ActionFollowUp(), tracker)
    replies = rendered(messages)
    found = values("utter_role_education", replies[0]["text"])
    assert found and found["roles"] == "data engineers"
    assert SlotSet("role", "Data engineer") in events and SlotSet("topic", "ask_education") in events


def test_a_salary_follow_up_keeps_the_country_only_as_a_follow_up() -> None:
    slots = {"topic": "ask_salary", "country": "the UK"}
    tracker = tracker_for("and ML engineers?", "follow_up", [entity("role", "ML engineers", 4)], slots=slots)
    messages, events = run_action(ActionFollowUp(), tracker)
    assert values("utter_salary", rendered(messages)[0]["text"])["country"] == "the UK"
    asked_again = tracker_for(
        "how much do ML engineers earn?", "ask_salary", [entity("role", "ML engineers", 12)]
    )
    messages, events = run_action(ActionSalary(), asked_again)
    assert SlotSet("country", None) in events  # a question in full asks for every country


def test_a_skill_added_after_the_learners_own_skills_is_one_more_they_know() -> None:
    slots = {"topic": "next_steps", "known_skills": ["python"]}
    tracker = tracker_for("and PyTorch too", "follow_up", [entity("skill", "PyTorch", 4)], slots=slots)
    _, events = run_action(ActionFollowUp(), tracker)
    assert SlotSet("known_skills", ["python", "pytorch"]) in events
    assert SlotSet("topic", "inform_skills") in events
    # After a question about a skill, the same question about the new one.
    asked = tracker_for(
        "pytorch too", "follow_up", [entity("skill", "pytorch", 0)], slots={"topic": "ask_skill"}
    )
    messages, events = run_action(ActionFollowUp(), asked)
    assert SlotSet("topic", "ask_skill") in events and not any(
        e.get("name") == "known_skills" for e in events
    )


def test_a_skill_added_with_and_right_after_the_learners_statement_is_one_more_they_know() -> None:
    cleaning = [entity("skill", "data cleaning", 4)]
    slots = {"topic": "inform_skills", "known_skills": ["python"]}
    tracker = tracker_for("and data cleaning", "follow_up", cleaning, slots=slots)
    _, events = run_action(ActionFollowUp(), tracker)
    assert SlotSet("topic", "inform_skills") in events
    assert SlotSet("known_skills", ["python", "data-wrangling"]) in events
    # After the roles that fit them, "and data cleaning?" asks about the skill.
    slots = {"topic": "recommend_role", "known_skills": ["python"]}
    tracker = tracker_for("and data cleaning", "follow_up", cleaning, slots=slots)
    _, events = run_action(ActionFollowUp(), tracker)
    assert SlotSet("topic", "ask_skill") in events


def test_a_follow_up_with_nothing_to_follow_says_so() -> None:
    messages, events = run_action(ActionFollowUp(), tracker_for("and them?", "follow_up"))
    assert [m["response"] for m in messages] == ["utter_follow_up_unclear"]
    assert events == [SlotSet("topic", None)]


def test_an_answer_remembers_the_question_and_the_skills_stated_while_asking() -> None:
    text = "I know Python and statistics, what does a data scientist earn?"
    found = [
        entity("skill", "Python", 7),
        entity("skill", "statistics", 18),
        entity("role", "data scientist", 35),
    ]
    _, events = run_action(ActionSalary(), tracker_for(text, "ask_salary", found))
    assert SlotSet("topic", "ask_salary") in events
    assert SlotSet("known_skills", ["python", "statistics"]) in events
    asked = "which jobs pay more than Python developers?"  # a skill named, none stated
    _, events = run_action(ActionSalary(), tracker_for(asked, "ask_salary", [entity("skill", "Python", 24)]))
    assert not any(e.get("name") == "known_skills" for e in events)


def test_what_next_without_a_role_ranks_the_skills_that_open_most_roles(store_url: str) -> None:
    with knowledge() as kb:
        fits = kb.role_fits(["python", "sql"])
        upcoming = next_skills(fits, limit=3)
    keys = [n.skill.key for n in upcoming]
    assert len(keys) == 3 and not {"python", "sql"} & set(keys)
    needed_by = {
        k: sum(1 for r in CONTENT["roles"] if any(s["skill"] == k for s in r["skills"])) for k in keys
    }
    assert min(needed_by.values()) >= 3, needed_by  # each opens several roles
    tracker = tracker_for(
        "what should I learn next?", "ask_skill_gap", slots={"known_skills": ["python", "sql"]}
    )
    messages, events = run_action(ActionSkillGap(), tracker)
    replies = rendered(messages)
    guidance = values("utter_next_steps", replies[0]["text"])
    assert guidance and guidance["known"] == "Python, SQL"
    assert replies[1]["buttons"] and SlotSet("topic", "next_steps") in events
    assert not any(e.get("name") == "role" for e in events)
    messages, _ = run_action(ActionSkillGap(), tracker_for("what should I learn next?", "ask_skill_gap"))
    assert [m["response"] for m in messages] == ["utter_next_steps_start"]
