"""Each action, run as the action server runs it, against a real SQLite store, its replies filled in
from domain.yml by Rasa's own code: which response it gave, and the store's data in it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import ActionExecutor

from actions.base import STORE_UNAVAILABLE, StoreAction
from actions.guidance import ActionRecommendRoles, ActionRememberSkills, ActionSkillGap
from actions.health import ActionCheckStore
from actions.learning import ActionCourses
from actions.roles import ActionCompareRoles, ActionDescribeRole, ActionListRoles, ActionRoleSkills
from actions.settings import KNOWLEDGE_DIR, PROJECT_ROOT
from actions.skills import ActionDescribeSkill, ActionSkillRoles
from actions.store.load import read_knowledge
from actions.topics import ActionAnswerTopic, ActionApplications
from tests.helpers import entity, run_action, texts, tracker_for
from tests.wording import domain, response_text, run, values

CONTENT = read_knowledge(KNOWLEDGE_DIR)
ROLES = {r["key"]: r for r in CONTENT["roles"]}
SKILLS = {s["key"]: s for s in CONTENT["skills"]}

pytestmark = pytest.mark.usefixtures("store_url")


def skill_names(role_key: str, importance: str = "essential") -> list:
    return [SKILLS[s["skill"]]["name"] for s in ROLES[role_key]["skills"] if s["importance"] == importance]


def responses(replies: list) -> list:
    return [r["response"] for r in replies]


def payload(button: dict) -> tuple:
    """A quick reply's (intent, entities), as the NLU reads its payload."""
    intent, _, entities = button["payload"].partition("{")
    return intent, json.loads("{" + entities) if entities else {}


def test_every_response_an_action_utters_is_in_the_domain() -> None:
    named = {
        n
        for p in (PROJECT_ROOT / "actions").glob("*.py")
        for n in re.findall(r'"(utter_\w+)"', p.read_text())
    }
    assert named and named <= set(domain().responses)


def test_the_action_server_registers_each_action_once_and_no_unnamed_one() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    custom = {name for name in domain().user_actions if not name.startswith("utter_")}
    assert set(executor.actions) == custom | {ActionCheckStore().name()}


def test_topic_answer_comes_from_topics_file() -> None:
    for topic in CONTENT["topics"]:
        replies, _ = run(ActionAnswerTopic(), tracker_for(intent=topic["intent"]))
        assert replies[0]["response"] == "utter_topic"
        assert topic["answer"].strip() in replies[0]["text"]
        for key in topic.get("skills") or []:
            assert SKILLS[key]["name"] in replies[0]["text"]
        assert ("utter_topic_source" in responses(replies)) == bool(topic.get("source"))


def test_data_topic_quotes_the_figure_with_its_source() -> None:
    replies, _ = run(ActionAnswerTopic(), tracker_for(intent="ask_data"))
    assert "1.145 trillion" in replies[0]["text"]
    assert "Techjury" in (values("utter_topic_source", replies[1]["text"]) or {}).get("source", "")


def fold(text: str) -> str:
    """Store text as a reply carries it (folded YAML, stripped)."""
    return " ".join(text.split())


def test_a_named_role_gets_its_part_of_a_topic() -> None:
    tracker = tracker_for(intent="ask_programming_languages", entities=[entity("role", "data analysts")])
    replies, events = run(ActionAnswerTopic(), tracker)
    part = values("utter_topic_for_role", replies[-1]["text"])
    assert (
        part and part["a_role"] == "a data analyst" and "SQL" in part["skills"] and "Python" in part["skills"]
    )
    assert SlotSet("role", ROLES["data-analyst"]["title"]) in events
    tracker = tracker_for(intent="ask_frameworks", entities=[entity("role", "data analyst")])
    replies, _ = run(ActionAnswerTopic(), tracker)
    # The analyst needs no DL framework: said so, then the general answer, marked as general.
    assert responses(replies)[:2] == ["utter_topic_for_role_none", "utter_topic_in_general"]
    tracker = tracker_for(intent="ask_frameworks", entities=[entity("role", "data scienctist engineer")])
    replies, events = run(ActionAnswerTopic(), tracker)
    assert replies[-1]["response"] == "utter_unknown_role_suggest" and replies[-1]["buttons"] and events == []
    tracker = tracker_for(intent="ask_frameworks", entities=[entity("role", "zookeeper")])
    replies, _ = run(ActionAnswerTopic(), tracker)
    assert replies[-1]["response"] == "utter_unknown_role"  # nothing close: every role is offered
    assert len(replies[-1]["buttons"]) == len(ROLES)
    tracker = tracker_for(intent="ask_education", entities=[entity("role", "data analyst")])
    replies, _ = run(ActionAnswerTopic(), tracker)
    assert responses(replies) == ["utter_role_education"]  # the role's own education from roles.yml
    assert fold(ROLES["data-analyst"]["education"]) in replies[0]["text"]


def test_a_question_naming_no_role_is_about_the_role_being_discussed_unless_general() -> None:
    slots = {"role": ROLES["data-scientist"]["title"]}
    tracker = tracker_for("how do they get experience?", "ask_experience", slots=slots)
    replies, _ = run(ActionAnswerTopic(), tracker)
    assert responses(replies) == ["utter_role_experience"]
    assert fold(ROLES["data-scientist"]["how_to_get_in"]) in replies[0]["text"]
    tracker = tracker_for("how do people get experience in deep learning?", "ask_experience", slots=slots)
    replies, events = run(ActionAnswerTopic(), tracker)
    assert responses(replies)[0] == "utter_topic" and not any(e.get("name") == "role" for e in events)
    tracker = tracker_for("what skills do they need?", "ask_skills", slots=slots)
    replies, events = run(ActionAnswerTopic(), tracker)
    assert responses(replies) == ["utter_role_skills"]


def test_a_skill_question_is_about_the_skill_asked_after_a_known_one() -> None:
    text = "I know SQL pretty well, but what is Apache Kafka?"
    found = [entity("skill", "SQL", 7), entity("skill", "Apache Kafka", text.index("Apache"))]
    replies, _ = run(ActionDescribeSkill(), tracker_for(text, "ask_skill", found))
    assert SKILLS["apache-kafka"]["why"].strip()[:60] in texts(replies)
    assert SKILLS["sql"]["why"].strip()[:60] not in texts(replies)


def test_applications_overview_and_one_area() -> None:
    replies, _ = run(ActionApplications(), tracker_for(intent="ask_applications"))
    assert responses(replies) == ["utter_applications"]
    for area in CONTENT["applications"]:
        assert area["name"] in replies[0]["text"]
    assert [payload(b) for b in replies[0]["buttons"]] == [
        ("/ask_applications", {"application": a["key"]}) for a in CONTENT["applications"]
    ]
    area = CONTENT["applications"][1]
    alias = (area.get("aliases") or [area["name"]])[0]
    replies, _ = run(ActionApplications(), tracker_for(entities=[entity("application", alias)]))
    assert responses(replies) == [
        "utter_application",
        "utter_application_examples",
        "utter_application_roles",
    ]
    assert area["how"].strip()[:60] in replies[0]["text"]
    assert all(example in replies[1]["text"] for example in area["examples"])
    titles = [ROLES[key]["title"] for key in area["roles"]]
    assert all(title in replies[2]["text"] for title in titles)
    assert [b["title"] for b in replies[2]["buttons"]] == titles  # each opens that role's description


def test_list_roles_names_every_role() -> None:
    replies, _ = run(ActionListRoles(), tracker_for())
    assert responses(replies) == ["utter_roles"]
    for role in CONTENT["roles"]:
        assert role["title"] in replies[0]["text"]


def test_describe_role_sets_the_role_being_discussed_and_offers_its_next_questions() -> None:
    replies, events = run(ActionDescribeRole(), tracker_for(entities=[entity("role", "data engineers")]))
    described = values("utter_role", replies[0]["text"])
    assert described and described["role_title"] == ROLES["data-engineer"]["title"]
    assert ROLES["data-engineer"]["description"].strip()[:60] in described["description"]
    assert [payload(b) for b in replies[0]["buttons"]] == [
        ("/ask_role_skills", {"role": "data-engineer"}),
        ("/ask_salary", {"role": "data-engineer"}),
    ]
    assert SlotSet("role", ROLES["data-engineer"]["title"]) in events


def test_role_skills_from_entity_then_from_slot() -> None:
    replies, _ = run(ActionRoleSkills(), tracker_for(entities=[entity("role", "data scientist")]))
    found = values("utter_role_skills", replies[0]["text"])
    assert found and found["a_role"] == "a data scientist"
    assert all(name in found["skills"] for name in skill_names("data-scientist"))
    replies, _ = run(ActionRoleSkills(), tracker_for(slots={"role": "Data analyst"}))
    found = values("utter_role_skills", replies[0]["text"])
    assert found and found["a_role"] == "a data analyst"
    assert all(name in found["skills"] for name in skill_names("data-analyst"))


def test_unknown_role_gets_did_you_mean_not_a_guess() -> None:
    replies, events = run(
        ActionRoleSkills(), tracker_for(entities=[entity("role", "data scienctist engineer")])
    )
    found = values("utter_unknown_role_suggest", replies[0]["text"])
    assert found and found["asked"] == "data scienctist engineer"
    suggested = found["suggestions"].split(", ")
    assert suggested == [b["title"] for b in replies[0]["buttons"]]
    assert set(suggested) <= {r["title"] for r in CONTENT["roles"]}
    assert events == []


@pytest.mark.parametrize(
    "action, which",
    [
        (ActionDescribeRole(), "utter_which_role_to_describe"),
        (ActionRoleSkills(), "utter_which_role_for_skills"),
    ],
)
def test_no_role_at_all_asks_which(action: StoreAction, which: str) -> None:
    replies, events = run(action, tracker_for())
    assert responses(replies) == [which] and replies[0]["text"] == response_text(which)
    assert len(replies[0]["buttons"]) == len(CONTENT["roles"]) and events == []


def test_skill_and_roles_needing_it() -> None:
    replies, _ = run(ActionDescribeSkill(), tracker_for(entities=[entity("skill", "Apache Kafka")]))
    assert replies[0]["response"] == "utter_skill"
    assert SKILLS["apache-kafka"]["why"].strip()[:50] in replies[0]["text"]
    replies, _ = run(ActionSkillRoles(), tracker_for(entities=[entity("skill", "calculus")]))
    assert responses(replies) == ["utter_skill_roles"]
    for role in CONTENT["roles"]:
        if any(s["skill"] == "calculus" for s in role["skills"]):
            assert role["title"] in replies[0]["text"]
    replies, _ = run(ActionSkillRoles(), tracker_for(entities=[entity("skill", "knitting")]))
    assert values("utter_unknown_skill", replies[0]["text"]) == {"asked": "knitting"}
    assert [payload(b) for b in replies[0]["buttons"]] == [("/ask_skills", {})]


def test_roles_needing_a_broad_skill_name_the_narrower_skills_they_list() -> None:
    text = "which jobs need maths?"
    replies, _ = run(ActionSkillRoles(), tracker_for(text, "ask_skill_roles", [entity("skill", "maths", 16)]))
    found = values("utter_skill_roles", replies[0]["text"])
    assert found and found["skill_name"].startswith("Applied mathematics (Linear algebra, Calculus")
    statistics = [
        r["title"]
        for r in CONTENT["roles"]
        if {"skill": "statistics", "importance": "essential"} in r["skills"]
    ]
    essential = found["roles"].splitlines()[0]
    assert statistics and essential.startswith("- Essential:")
    assert all(f"{title} (" in essential and "Statistics" in essential for title in statistics)
    replies, _ = run(
        ActionDescribeSkill(), tracker_for("what is maths?", "ask_skill", [entity("skill", "maths", 8)])
    )
    assert responses(replies) == ["utter_skill", "utter_skill_covers", "utter_skill_used_by"]
    parts = values("utter_skill_covers", replies[1]["text"])
    assert parts == {"parts": "Linear algebra, Calculus, Probability, Statistics, Optimisation"}


def test_a_skill_question_naming_no_skill_is_about_the_skill_last_described() -> None:
    _, events = run(
        ActionDescribeSkill(), tracker_for("what's pytorch?", entities=[entity("skill", "pytorch", 7)])
    )
    assert events == [SlotSet("skill", "PyTorch")]
    replies, events = run(ActionSkillRoles(), tracker_for("which jobs need it?", slots={"skill": "PyTorch"}))
    found = values("utter_skill_roles", replies[0]["text"])
    assert found and found["skill_name"] == "PyTorch" and events == [SlotSet("skill", "PyTorch")]
    # A skill the message names wins over the remembered one, even one the store lacks.
    replies, _ = run(
        ActionSkillRoles(),
        tracker_for(
            "which jobs need knitting?",
            entities=[entity("skill", "knitting", 16)],
            slots={"skill": "PyTorch"},
        ),
    )
    assert values("utter_unknown_skill", replies[0]["text"]) == {"asked": "knitting"}
    replies, events = run(ActionSkillRoles(), tracker_for("which jobs need it?"))
    assert responses(replies) == ["utter_no_skill_named"] and events == []


def test_a_skill_question_pointing_back_at_a_skill_the_learner_states_is_about_that_skill() -> None:
    text = "I use Kafka at work, which jobs need it?"
    tracker = tracker_for(text, "ask_skill_roles", [entity("skill", "Kafka", 6)], slots={"skill": "PyTorch"})
    replies, events = run(ActionSkillRoles(), tracker)
    found = values("utter_skill_roles", replies[0]["text"])
    assert found and found["skill_name"] == "Apache Kafka" and SlotSet("skill", "Apache Kafka") in events
    # A skill asked about outside the statement is the one meant.
    text = "I use Kafka at work, which jobs need python?"
    tracker = tracker_for(
        text, "ask_skill_roles", [entity("skill", "Kafka", 6), entity("skill", "python", 36)]
    )
    _, events = run(ActionSkillRoles(), tracker)
    assert SlotSet("skill", "Python") in events


def test_courses_lead_with_the_articles_courses() -> None:
    replies, _ = run(ActionCourses(), tracker_for())
    assert responses(replies) == ["utter_courses", "utter_courses_more"]
    assert "Machine Learning Rock Star" in replies[0]["text"] and "Stanford" in replies[0]["text"]
    assert "SAS" in replies[0]["text"] and "fast.ai" in replies[1]["text"]


def test_courses_for_a_named_skill_are_those_that_teach_it() -> None:
    text = "what courses do you recommend for computer vision?"
    found = [entity("skill", "computer vision", text.index("computer"))]
    replies, events = run(ActionCourses(), tracker_for(text, "ask_courses", found))
    courses = values("utter_skill_courses", texts(replies))
    assert courses and courses["skill_name"] == "Computer vision"
    teaching = [r for r in CONTENT["resources"] if "computer-vision" in r["skills"]]
    assert teaching and all(r["title"] in courses["courses"] for r in teaching)
    assert "Machine Learning Rock Star" not in courses["courses"]
    assert events == [SlotSet("skill", "Computer vision")]


def test_a_skill_no_course_teaches_is_said_before_the_general_courses() -> None:
    taught = {k for r in CONTENT["resources"] for k in r["skills"]}
    untaught = next(s for s in CONTENT["skills"] if s["key"] not in taught)
    text = f"any course for {untaught['name']}?"
    found = [entity("skill", untaught["name"], text.index(untaught["name"]))]
    replies, _ = run(ActionCourses(), tracker_for(text, "ask_courses", found))
    assert values("utter_skill_courses_none", replies[0]["text"]) == {"skill_name": untaught["name"]}
    assert replies[1]["response"] == "utter_courses" and "Machine Learning Rock Star" in replies[1]["text"]
    replies, events = run(
        ActionCourses(),
        tracker_for("courses for knitting?", "ask_courses", [entity("skill", "knitting", 12)]),
    )
    assert values("utter_unknown_course_topic", replies[0]["text"]) == {"asked": "knitting"}
    assert replies[1]["response"] == "utter_courses" and events == []


def test_courses_for_a_named_role_cover_its_skills() -> None:
    text = "which courses should a data engineer take?"
    found = [entity("role", "data engineer", text.index("data"))]
    replies, events = run(ActionCourses(), tracker_for(text, "ask_courses", found))
    courses = values("utter_role_courses", texts(replies))
    assert courses and courses["a_role"] == "a data engineer"
    first = courses["courses"].splitlines()[0]
    assert any(name in first for name in skill_names("data-engineer")) and "(essential)" in first
    assert events == [SlotSet("role", "Data engineer")]
    # After a role was discussed, a course question naming none is about it.
    replies, _ = run(
        ActionCourses(),
        tracker_for("can you recommend a course?", "ask_courses", slots={"role": "Data engineer"}),
    )
    assert replies[0]["response"] == "utter_role_courses"
    replies, events = run(
        ActionCourses(),
        tracker_for("courses for a zookeeper", "ask_courses", [entity("role", "zookeeper", 14)]),
    )
    assert (values("utter_unknown_role", replies[0]["text"]) or {}).get("asked") == "zookeeper"
    assert payload(replies[0]["buttons"][0])[0] == "/ask_courses" and events == []


def test_a_course_question_pointing_back_is_about_what_was_discussed_last() -> None:
    slots = {"role": "Data engineer", "skill": "Computer vision"}
    role_last = [SlotSet("skill", "Computer vision"), SlotSet("role", "Data engineer")]
    replies, _ = run(
        ActionCourses(), tracker_for("what courses for that role?", slots=slots, events=role_last)
    )
    assert (values("utter_role_courses", texts(replies)) or {}).get("a_role") == "a data engineer"
    skill_last = list(reversed(role_last))
    replies, _ = run(ActionCourses(), tracker_for("any course for it?", slots=slots, events=skill_last))
    assert (values("utter_skill_courses", texts(replies)) or {}).get("skill_name") == "Computer vision"
    # Not pointing back at the skill: the role being discussed, unless the question is general.
    replies, _ = run(
        ActionCourses(), tracker_for("can you recommend a course?", slots=slots, events=skill_last)
    )
    assert (values("utter_role_courses", texts(replies)) or {}).get("a_role") == "a data engineer"
    general = "can you recommend a course for deep learning in general?"
    replies, _ = run(ActionCourses(), tracker_for(general, slots=slots, events=skill_last))
    assert replies[0]["response"] == "utter_courses"
    skill_only = {"skill": "Computer vision"}
    free = "can you recommend a course that is free?"  # "that" does not point back here
    replies, _ = run(ActionCourses(), tracker_for(free, slots=skill_only, events=skill_last[:1]))
    assert replies[0]["response"] == "utter_courses"


def test_compare_two_roles_side_by_side() -> None:
    replies, events = run(
        ActionCompareRoles(),
        tracker_for(entities=[entity("role", "data scientist"), entity("role", "data analyst", 20)]),
    )
    found = values("utter_compare_roles", replies[0]["text"])
    assert found and (found["first_title"], found["second_title"]) == ("Data scientist", "Data analyst")
    assert found["second_summary"] == ROLES["data-analyst"]["summary"].strip()
    assert "Statistics" in found["both"]
    assert events == [SlotSet("role", "Data scientist")]  # the first stays the role being discussed
    replies, _ = run(ActionCompareRoles(), tracker_for(entities=[entity("role", "data scientist")]))
    assert responses(replies) == ["utter_which_roles_to_compare"]
    assert len(replies[0]["buttons"]) == len(ROLES)


def test_remember_recommend_and_gap() -> None:
    replies, events = run(
        ActionRememberSkills(),
        tracker_for(entities=[entity("skill", "Python"), entity("skill", "calculus", 11)]),
    )
    assert values("utter_skills_noted", replies[0]["text"]) == {"skills": "Python, Calculus"}
    assert [payload(b) for b in replies[0]["buttons"]] == [("/recommend_role", {})]
    assert SlotSet("known_skills", ["python", "calculus"]) in events
    replies, events = run(ActionRecommendRoles(), tracker_for(slots={"known_skills": ["python", "calculus"]}))
    assert values("utter_role_fits", replies[0]["text"]) == {"skills": "Python, Calculus"}
    fits = [values("utter_role_fit", r["text"]) or {} for r in replies[1:]]
    assert fits and all(fit["score"].endswith("%") and "Python" in fit["matched"] for fit in fits)
    assert [b["title"] for b in replies[-1]["buttons"]] == [fit["role_title"] for fit in fits]
    assert SlotSet("role", None) in events  # several roles in view, none of them discussed
    replies, _ = run(
        ActionSkillGap(),
        tracker_for(entities=[entity("role", "ML engineer")], slots={"known_skills": ["python"]}),
    )
    gap = values("utter_skill_gap_with_known", replies[0]["text"])
    assert gap and gap["known"] == "Python" and gap["a_role"] == "a machine learning engineer"
    missing = [SKILLS[s["skill"]]["name"] for s in ROLES["machine-learning-engineer"]["skills"]]
    assert all(name in gap["skills"] for name in missing if name != "Python")
    replies, _ = run(ActionSkillGap(), tracker_for(entities=[entity("role", "ML engineer")]))
    assert (values("utter_skill_gap", replies[0]["text"]) or {}).get(
        "a_role"
    ) == "a machine learning engineer"


def test_skills_stated_with_an_open_what_next_get_what_to_learn_next() -> None:
    text = "I know Python and calculus, where do I go from here?"
    stated = [entity("skill", "Python", 7), entity("skill", "calculus", 18)]
    replies, events = run(ActionRememberSkills(), tracker_for(text, "inform_skills", stated))
    assert "utter_next_steps" in responses(replies)
    assert (
        values("utter_next_steps", replies[responses(replies).index("utter_next_steps")]["text"])["known"]
        == "Python, Calculus"
    )
    assert SlotSet("known_skills", ["python", "calculus"]) in events
    assert (
        SlotSet("topic", "next_steps")
        in run_action(ActionRememberSkills(), tracker_for(text, "inform_skills", stated))[1]
    )
    discussed = tracker_for(text, "inform_skills", stated, slots={"role": ROLES["data-analyst"]["title"]})
    replies, _ = run(ActionRememberSkills(), discussed)
    assert responses(replies) == ["utter_skill_gap_with_known"]
    assert SlotSet("topic", "ask_skill_gap") in run_action(ActionRememberSkills(), discussed)[1]
    # The role the learner works as is not one to aim at.
    text = "im a c++ programmer, know docker too. what should i pick up next?"
    own = [entity("skill", "c++", 5), entity("role", "programmer", 9), entity("skill", "docker", 26)]
    replies, _ = run(ActionRememberSkills(), tracker_for(text, "inform_skills", own))
    assert "utter_next_steps" in responses(replies)
    _, events = run_action(ActionRememberSkills(), tracker_for(text, "inform_skills", own))
    assert SlotSet("topic", "next_steps") in events


def test_skills_stated_with_a_question_about_the_learners_prospects_get_the_roles_that_fit() -> None:
    text = "I am good at communication and statistics. I don't code. What could I do in AI?"
    stated = [entity("skill", "communication", 13), entity("skill", "statistics", 31)]
    replies, events = run(ActionRememberSkills(), tracker_for(text, "inform_skills", stated))
    assert responses(replies)[0] == "utter_role_fits"
    assert (
        SlotSet("topic", "recommend_role")
        in run_action(ActionRememberSkills(), tracker_for(text, "inform_skills", stated))[1]
    )
    plain = "I am good at communication and statistics."
    replies, _ = run(ActionRememberSkills(), tracker_for(plain, "inform_skills", stated))
    assert responses(replies) == ["utter_skills_noted"]


def test_a_learner_with_every_skill_of_a_role_is_told_so() -> None:
    everything = [s["skill"] for s in ROLES["data-analyst"]["skills"]]
    replies, _ = run(ActionRecommendRoles(), tracker_for(slots={"known_skills": everything}))
    best = values("utter_role_fit_complete", replies[1]["text"])
    assert best and best["role_title"] == ROLES["data-analyst"]["title"] and best["score"] == "100%"
    analyst = {"role": ROLES["data-analyst"]["title"], "known_skills": everything}
    replies, _ = run(ActionSkillGap(), tracker_for(slots=analyst))
    done = values("utter_skill_gap_none", replies[0]["text"])
    assert done and done["how_to_get_in"] == ROLES["data-analyst"]["how_to_get_in"].strip()


def test_skills_no_role_lists_and_no_skills_at_all() -> None:
    unlisted = {s["key"] for s in CONTENT["skills"]} - {
        s["skill"] for r in CONTENT["roles"] for s in r["skills"]
    }
    replies, events = run(ActionRecommendRoles(), tracker_for(slots={"known_skills": sorted(unlisted)}))
    assert unlisted and responses(replies) == ["utter_no_role_fits"]
    assert events == [SlotSet("known_skills", sorted(unlisted))]
    for action in (ActionRememberSkills(), ActionRecommendRoles()):
        assert responses(run(action, tracker_for())[0]) == ["utter_ask_known_skills"]


def test_store_failure_is_a_clear_sentence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    replies, events = run(ActionListRoles(), tracker_for())
    assert responses(replies) == [STORE_UNAVAILABLE] and events == []
    assert replies[0]["text"] == response_text(STORE_UNAVAILABLE)


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


def test_neighbouring_store_names_from_the_ruler_stay_two_skills() -> None:
    from actions.context import RULER, entity_values

    text = "know pandas numpy and sklearn. next step?"
    found = [{**entity("skill", name, text.index(name)), "extractor": RULER} for name in ("pandas", "numpy")]
    assert entity_values(tracker_for(text, entities=found), "skill") == ["pandas", "numpy"]


def test_button_payload_entities_keep_their_value() -> None:
    from actions.context import entity_values

    text = '/ask_role{"role": "data-scientist"}'
    tracker = tracker_for(
        text, entities=[{"entity": "role", "value": "data-scientist", "start": 9, "end": 35}]
    )
    assert entity_values(tracker, "role") == ["data-scientist"]
