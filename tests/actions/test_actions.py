"""Each action, run as the action server runs it, against a real SQLite store; assertions on the text."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.guidance import ActionRecommendRoles, ActionRememberSkills, ActionSkillGap
from actions.learning import ActionCourses
from actions.roles import ActionCompareRoles, ActionDescribeRole, ActionListRoles, ActionRoleSkills
from actions.salary import ActionSalary
from actions.settings import KNOWLEDGE_DIR
from actions.skills import ActionDescribeSkill, ActionSkillRoles
from actions.store.load import read_knowledge
from actions.topics import ActionAnswerTopic, ActionApplications
from tests.helpers import entity, run_action, texts, tracker_for

CONTENT = read_knowledge(KNOWLEDGE_DIR)
ROLES = {r["key"]: r for r in CONTENT["roles"]}
SKILLS = {s["key"]: s for s in CONTENT["skills"]}

pytestmark = pytest.mark.usefixtures("store_url")


def skill_names(role_key: str, importance: str = "essential") -> list:
    return [SKILLS[s["skill"]]["name"] for s in ROLES[role_key]["skills"] if s["importance"] == importance]


def test_topic_answer_comes_from_topics_file() -> None:
    for topic in CONTENT["topics"]:
        messages, _ = run_action(ActionAnswerTopic(), tracker_for(intent=topic["intent"]))
        text = texts(messages)
        assert topic["answer"].strip() in text
        for key in topic.get("skills") or []:
            assert SKILLS[key]["name"] in text


def test_data_topic_quotes_the_figure_with_its_source() -> None:
    messages, _ = run_action(ActionAnswerTopic(), tracker_for(intent="ask_data"))
    assert "1.145 trillion" in texts(messages) and "Techjury" in texts(messages)


def test_a_named_role_gets_its_part_of_a_topic() -> None:
    tracker = tracker_for(intent="ask_programming_languages", entities=[entity("role", "data analysts")])
    messages, events = run_action(ActionAnswerTopic(), tracker)
    assert len(messages) == 2 and messages[1]["text"].startswith("For a data analyst specifically:")
    assert "SQL" in messages[1]["text"] and "Python" in messages[1]["text"]
    assert SlotSet("role", ROLES["data-analyst"]["title"]) in events
    tracker = tracker_for(intent="ask_frameworks", entities=[entity("role", "data analyst")])
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    assert "none of these" in messages[1]["text"]  # the analyst needs no deep learning framework
    tracker = tracker_for(intent="ask_frameworks", entities=[entity("role", "data scienctist engineer")])
    messages, events = run_action(ActionAnswerTopic(), tracker)
    assert "Did you mean" in messages[1]["text"] and messages[1]["buttons"] and events == []
    tracker = tracker_for(intent="ask_frameworks", entities=[entity("role", "zookeeper")])
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    assert "Here are the roles" in messages[1]["text"]  # nothing close: every role is offered
    assert len(messages[1]["buttons"]) == len(ROLES)
    tracker = tracker_for(intent="ask_education", entities=[entity("role", "data analyst")])
    messages, _ = run_action(ActionAnswerTopic(), tracker)
    assert len(messages) == 1  # no role_categories: the topic alone


def test_a_skill_question_is_about_the_skill_asked_after_a_known_one() -> None:
    text = "I know SQL pretty well, but what is Apache Kafka?"
    found = [entity("skill", "SQL", 7), entity("skill", "Apache Kafka", text.index("Apache"))]
    messages, _ = run_action(ActionDescribeSkill(), tracker_for(text, "ask_skill", found))
    assert SKILLS["apache-kafka"]["why"].strip()[:60] in texts(messages)
    assert SKILLS["sql"]["why"].strip()[:60] not in texts(messages)


def test_applications_overview_and_one_area() -> None:
    messages, _ = run_action(ActionApplications(), tracker_for(intent="ask_applications"))
    for area in CONTENT["applications"]:
        assert area["name"] in texts(messages)
    assert len(messages[0]["buttons"]) == 5
    area = CONTENT["applications"][1]
    alias = (area.get("aliases") or [area["name"]])[0]
    messages, _ = run_action(ActionApplications(), tracker_for(entities=[entity("application", alias)]))
    assert area["how"].strip()[:60] in texts(messages)
    titles = [ROLES[key]["title"] for key in area["roles"]]
    assert "Who works on it:" in texts(messages) and all(title in texts(messages) for title in titles)
    assert [b["title"] for b in messages[0]["buttons"]] == titles  # each opens that role's description


def test_list_roles_names_every_role() -> None:
    messages, _ = run_action(ActionListRoles(), tracker_for())
    for role in CONTENT["roles"]:
        assert role["title"] in texts(messages)


def test_describe_role_sets_the_role_being_discussed() -> None:
    messages, events = run_action(
        ActionDescribeRole(), tracker_for(entities=[entity("role", "data engineers")])
    )
    assert ROLES["data-engineer"]["description"].strip()[:60] in texts(messages)
    assert SlotSet("role", ROLES["data-engineer"]["title"]) in events


def test_role_skills_from_entity_then_from_slot() -> None:
    messages, _ = run_action(ActionRoleSkills(), tracker_for(entities=[entity("role", "data scientist")]))
    for name in skill_names("data-scientist"):
        assert name in texts(messages)
    messages, _ = run_action(ActionRoleSkills(), tracker_for(slots={"role": "Data analyst"}))
    for name in skill_names("data-analyst"):
        assert name in texts(messages)


def test_unknown_role_gets_did_you_mean_not_a_guess() -> None:
    messages, events = run_action(
        ActionRoleSkills(), tracker_for(entities=[entity("role", "data scienctist engineer")])
    )
    assert "I don't have “data scienctist engineer”" in texts(messages)
    assert "Did you mean" in texts(messages) and messages[0]["buttons"]
    assert events == []


def test_no_role_at_all_asks_which() -> None:
    messages, events = run_action(ActionRoleSkills(), tracker_for())
    assert "Which role do you mean?" in texts(messages)
    assert len(messages[0]["buttons"]) == len(CONTENT["roles"]) and events == []


def test_salary_with_source_and_honest_none() -> None:
    messages, _ = run_action(
        ActionSalary(),
        tracker_for(entities=[entity("role", "machine learning engineer"), entity("country", "UK", 30)]),
    )
    assert "£54,668" in texts(messages) and "Glassdoor" in texts(messages)
    messages, _ = run_action(ActionSalary(), tracker_for(slots={"role": "Data scientist"}))
    text = texts(messages)
    assert text.startswith("I don't have a salary figure for data scientists")
    assert "£54,668" in text  # the one figure it has, clearly labelled as the ML engineer's
    messages, _ = run_action(
        ActionSalary(),
        tracker_for(entities=[entity("role", "ML engineer"), entity("country", "India", 20)]),
    )
    assert texts(messages).startswith("I don't have a salary figure for machine learning engineers in India")


def test_a_figure_asked_for_in_another_currency_says_it_is_not_converted() -> None:
    role = {"role": "Machine learning engineer"}
    messages, _ = run_action(ActionSalary(), tracker_for("how much is that in dollars?", slots=role))
    text = texts(messages)
    assert text.startswith("I have this figure in pounds only, and I don't convert it to dollars")
    assert "£54,668" in text and "$" not in text
    for asked in ("and in pounds?", "how much is that?", "is it more in dollars or euros?"):
        assert texts(run_action(ActionSalary(), tracker_for(asked, slots=role))[0]).startswith(
            "Average base salary"
        )


def test_skill_and_roles_needing_it() -> None:
    messages, _ = run_action(ActionDescribeSkill(), tracker_for(entities=[entity("skill", "Apache Kafka")]))
    assert SKILLS["apache-kafka"]["why"].strip()[:50] in texts(messages)
    messages, _ = run_action(ActionSkillRoles(), tracker_for(entities=[entity("skill", "calculus")]))
    for role in CONTENT["roles"]:
        if any(s["skill"] == "calculus" for s in role["skills"]):
            assert role["title"] in texts(messages)
    messages, _ = run_action(ActionSkillRoles(), tracker_for(entities=[entity("skill", "knitting")]))
    assert "I don't have “knitting”" in texts(messages)


def test_roles_needing_a_broad_skill_name_the_narrower_skills_they_list() -> None:
    text = "which jobs need maths?"
    messages, events = run_action(
        ActionSkillRoles(), tracker_for(text, "ask_skill_roles", [entity("skill", "maths", 16)])
    )
    reply = texts(messages)
    assert reply.startswith("Roles that need Applied mathematics (with Linear algebra, Calculus")
    statistics = [
        r["title"]
        for r in CONTENT["roles"]
        if {"skill": "statistics", "importance": "essential"} in r["skills"]
    ]
    essential = reply.splitlines()[1]
    assert statistics and essential.startswith("- Essential for:")
    assert all(f"{title} (" in essential and "Statistics" in essential for title in statistics)
    messages, _ = run_action(
        ActionDescribeSkill(), tracker_for("what is maths?", "ask_skill", [entity("skill", "maths", 8)])
    )
    assert "It covers Linear algebra, Calculus, Probability, Statistics, Optimisation." in texts(messages)


def test_a_skill_question_naming_no_skill_is_about_the_skill_last_described() -> None:
    _, events = run_action(
        ActionDescribeSkill(), tracker_for("what's pytorch?", entities=[entity("skill", "pytorch", 7)])
    )
    assert events == [SlotSet("skill", "PyTorch")]
    messages, events = run_action(
        ActionSkillRoles(), tracker_for("which jobs need it?", slots={"skill": "PyTorch"})
    )
    assert texts(messages).startswith("Roles that need PyTorch:") and events == [SlotSet("skill", "PyTorch")]
    # A skill the message names wins over the remembered one, even one the store lacks.
    messages, _ = run_action(
        ActionSkillRoles(),
        tracker_for(
            "which jobs need knitting?",
            entities=[entity("skill", "knitting", 16)],
            slots={"skill": "PyTorch"},
        ),
    )
    assert "I don't have “knitting”" in texts(messages)
    messages, events = run_action(ActionSkillRoles(), tracker_for("which jobs need it?"))
    assert "that skill" in texts(messages) and events == []


def test_courses_lead_with_the_articles_courses() -> None:
    messages, _ = run_action(ActionCourses(), tracker_for())
    text = texts(messages)
    assert "Machine Learning Rock Star" in text and "SAS" in text and "Stanford" in text


def test_courses_for_a_named_skill_are_those_that_teach_it() -> None:
    text = "what courses do you recommend for computer vision?"
    found = [entity("skill", "computer vision", text.index("computer"))]
    messages, events = run_action(ActionCourses(), tracker_for(text, "ask_courses", found))
    reply = texts(messages)
    assert reply.startswith("Courses in my notes that teach Computer vision:")
    teaching = [r for r in CONTENT["resources"] if "computer-vision" in r["skills"]]
    assert teaching and all(r["title"] in reply for r in teaching)
    assert "Machine Learning Rock Star" not in reply
    assert events == [SlotSet("skill", "Computer vision")]


def test_a_skill_no_course_teaches_is_said_before_the_general_courses() -> None:
    taught = {k for r in CONTENT["resources"] for k in r["skills"]}
    untaught = next(s for s in CONTENT["skills"] if s["key"] not in taught)
    text = f"any course for {untaught['name']}?"
    found = [entity("skill", untaught["name"], text.index(untaught["name"]))]
    messages, _ = run_action(ActionCourses(), tracker_for(text, "ask_courses", found))
    assert messages[0]["text"].startswith(f"None of the courses in my notes teaches {untaught['name']}.")
    assert "Machine Learning Rock Star" in messages[1]["text"]
    messages, events = run_action(
        ActionCourses(),
        tracker_for("courses for knitting?", "ask_courses", [entity("skill", "knitting", 12)]),
    )
    assert messages[0]["text"].startswith("I don't have “knitting” in my notes")
    assert "Machine Learning Rock Star" in messages[1]["text"] and events == []


def test_courses_for_a_named_role_cover_its_skills() -> None:
    text = "which courses should a data engineer take?"
    found = [entity("role", "data engineer", text.index("data"))]
    messages, events = run_action(ActionCourses(), tracker_for(text, "ask_courses", found))
    lines = texts(messages).splitlines()
    assert lines[0].startswith("Courses for a data engineer")
    essential = skill_names("data-engineer")
    assert any(name in lines[1] for name in essential) and "(essential)" in lines[1]
    assert events == [SlotSet("role", "Data engineer")]
    # After a role was discussed, a plain course question is still the general one.
    messages, _ = run_action(
        ActionCourses(),
        tracker_for("can you recommend a course?", "ask_courses", slots={"role": "Data engineer"}),
    )
    assert "Machine Learning Rock Star" in texts(messages)
    messages, events = run_action(
        ActionCourses(),
        tracker_for("courses for a zookeeper", "ask_courses", [entity("role", "zookeeper", 14)]),
    )
    assert "zookeeper" in texts(messages) and '/ask_courses{"role"' in messages[0]["buttons"][0]["payload"]


def test_a_course_question_pointing_back_is_about_what_was_discussed_last() -> None:
    slots = {"role": "Data engineer", "skill": "Computer vision"}
    role_last = [SlotSet("skill", "Computer vision"), SlotSet("role", "Data engineer")]
    messages, _ = run_action(
        ActionCourses(), tracker_for("what courses for that role?", slots=slots, events=role_last)
    )
    assert texts(messages).startswith("Courses for a data engineer")
    skill_last = list(reversed(role_last))
    messages, _ = run_action(
        ActionCourses(), tracker_for("any course for it?", slots=slots, events=skill_last)
    )
    assert texts(messages).startswith("Courses in my notes that teach Computer vision")
    messages, _ = run_action(
        ActionCourses(), tracker_for("can you recommend a course?", slots=slots, events=skill_last)
    )
    assert "Machine Learning Rock Star" in texts(messages)


def test_compare_two_roles_side_by_side() -> None:
    messages, _ = run_action(
        ActionCompareRoles(),
        tracker_for(entities=[entity("role", "data scientist"), entity("role", "data analyst", 20)]),
    )
    text = texts(messages)
    assert text.startswith("Data scientist vs Data analyst")
    assert ROLES["data-analyst"]["summary"].strip() in text


def test_remember_recommend_and_gap() -> None:
    messages, events = run_action(
        ActionRememberSkills(),
        tracker_for(entities=[entity("skill", "Python"), entity("skill", "calculus", 11)]),
    )
    assert SlotSet("known_skills", ["python", "calculus"]) in events
    messages, events = run_action(
        ActionRecommendRoles(), tracker_for(slots={"known_skills": ["python", "calculus"]})
    )
    assert "% match" in texts(messages) and messages[0]["buttons"]
    messages, _ = run_action(
        ActionSkillGap(),
        tracker_for(entities=[entity("role", "ML engineer")], slots={"known_skills": ["python"]}),
    )
    text = texts(messages)
    assert "machine learning engineer" in text.lower()
    missing = [SKILLS[s["skill"]]["name"] for s in ROLES["machine-learning-engineer"]["skills"]]
    assert all(name in text for name in missing if name != "Python")
    assert "You already have Python" in text


def test_store_failure_is_a_clear_sentence(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    messages, events = run_action(ActionListRoles(), tracker_for())
    assert "can't read my notes" in texts(messages) and events == []


def test_entities_from_two_extractors_and_split_names_are_one_value() -> None:
    from actions.context import entity_values

    text = "what does a quantum plumber or a data scientist do"
    tracker = tracker_for(
        text,
        entities=[
            entity("role", "quantum", 12),
            entity("role", "plumber", 20),
            entity("role", "data scientist", 33),
            entity("role", "data scientist", 33),
        ],
    )
    assert entity_values(tracker, "role") == ["quantum plumber", "data scientist"]


def test_button_payload_entities_keep_their_value() -> None:
    from actions.context import entity_values

    text = '/ask_role{"role": "data-scientist"}'
    tracker = tracker_for(
        text, entities=[{"entity": "role", "value": "data-scientist", "start": 9, "end": 35}]
    )
    assert entity_values(tracker, "role") == ["data-scientist"]
