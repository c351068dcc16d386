"""Conversations past the first question, through the running servers: follow-ups that only name a
new subject, role-specific answers to general-sounding questions, open "what next?" guidance, skills
stated while asking, topic switches and returns (issue #21's four kinds and two more)."""

from __future__ import annotations

import pytest

from actions.settings import KNOWLEDGE_DIR
from actions.store.load import read_knowledge
from launcher.servers import Stack
from tests.helpers import Conversation
from tests.wording import answer, said

CONTENT = read_knowledge(KNOWLEDGE_DIR)
ROLES = {r["key"]: r for r in CONTENT["roles"]}
SKILLS = {s["key"]: s for s in CONTENT["skills"]}
TOPICS = {t["intent"]: t for t in CONTENT["topics"]}


def fold(text: str) -> str:
    """Store text as a reply carries it: folded YAML is one line, stripped."""
    return " ".join(text.split())


@pytest.fixture
def chat(stack: Stack) -> Conversation:
    return Conversation(stack.rasa_url)


def test_a_follow_up_naming_a_role_asks_the_same_question(chat: Conversation) -> None:
    chat.say("what does a data analyst do?")
    assert answer(chat.last, "utter_role")["role_title"] == "Data analyst"
    chat.say("ok, and data engineers?")
    assert answer(chat.last, "utter_role")["role_title"] == "Data engineer"
    chat.say("which skills does a bioinformatician need?")
    assert answer(chat.last, "utter_role_skills")["a_role"] == "a bioinformatician"
    chat.say("same for research scientists")
    assert answer(chat.last, "utter_role_skills")["a_role"] == "a research scientist"


def test_a_salary_follow_up_keeps_the_country(chat: Conversation) -> None:
    chat.say("how much does an ML engineer earn in the UK?")
    assert answer(chat.last, "utter_salary")["country"] == "the UK"
    chat.say("and a data scientist?")
    assert answer(chat.last, "utter_no_salary_for_role_in_country") == {
        "roles": "data scientists",
        "country": "the UK",
    }


def test_a_follow_up_naming_a_skill_or_an_area(chat: Conversation) -> None:
    chat.say("what is Apache Kafka?")
    assert answer(chat.last, "utter_skill")["skill_name"] == SKILLS["apache-kafka"]["name"]
    chat.say("and Docker?")
    assert answer(chat.last, "utter_skill")["skill_name"] == SKILLS["docker"]["name"]
    chat.say("how do chatbots use deep learning?")
    chat.say("what about facial recognition?")
    assert answer(chat.last, "utter_application")["area"] == "Facial recognition"


def test_a_follow_up_with_nothing_asked_before_describes_the_role(chat: Conversation) -> None:
    chat.say("data scientists?")
    assert answer(chat.last, "utter_role")["role_title"] == "Data scientist"


def test_general_sounding_questions_are_answered_for_the_role_being_discussed(chat: Conversation) -> None:
    chat.say("tell me about bioinformaticians")
    chat.say("what did they usually study?")
    role = ROLES["bioinformatician"]
    assert answer(chat.last, "utter_role_education") == {
        "roles": "bioinformaticians",
        "education": fold(role["education"]),
    }
    assert len(chat.last) == 1  # the role's answer, without the general one
    chat.say("and how would I get experience?")
    assert answer(chat.last, "utter_role_experience")["how_to_get_in"] == fold(role["how_to_get_in"])
    chat.say("what frameworks do they use?")
    frameworks = TOPICS["ask_frameworks"]
    listed = set(frameworks["skills"])
    categories = set(frameworks.get("role_categories") or [])
    has_any = any(
        s["skill"] in listed or SKILLS[s["skill"]]["category"] in categories for s in role["skills"]
    )
    if has_any:
        assert answer(chat.last, "utter_topic_for_role")["a_role"] == "a bioinformatician"
    else:  # the role's "none", then the general answer marked as such
        assert answer(chat.last, "utter_topic_for_role_none")["a_role"] == "a bioinformatician"
        general = answer(chat.last, "utter_topic_in_general")["answer"]
        assert fold(frameworks["answer"])[:80] in fold(general)


def test_a_question_in_general_leaves_the_role(chat: Conversation) -> None:
    chat.say("what does a computer vision engineer do?")
    reply = chat.say("which programming language is best for deep learning overall?")
    assert fold(TOPICS["ask_programming_languages"]["answer"])[:80] in fold(reply)
    assert said(chat.last, "utter_topic_for_role") is None


def test_what_next_without_a_role_names_skills_courses_and_roles(chat: Conversation) -> None:
    chat.say("I know Python and SQL")
    chat.say("so where should I go next?")
    guidance = answer(chat.last, "utter_next_steps")
    assert guidance["known"] == "Python, SQL"
    assert "Python" not in guidance["skills"] and "SQL (" not in guidance["skills"]
    assert any(course["title"] in guidance["skills"] for course in CONTENT["resources"])
    titles = {r["title"] for r in CONTENT["roles"]}
    buttons = chat.buttons()
    assert buttons and all(b["title"] in titles for b in buttons)


def test_skills_and_an_open_what_next_in_one_message_get_guidance(chat: Conversation) -> None:
    chat.say("I can write Python and I've got a bit of statistics, where do I go from here?")
    assert said(chat.last, "utter_skills_noted") is None
    assert answer(chat.last, "utter_next_steps")["known"] == "Python, Statistics"


def test_skills_stated_without_an_i_are_remembered(chat: Conversation) -> None:
    chat.say("comfortable with java here - what does a data engineer do?")
    chat.say("which role suits me?")
    assert "Java" in answer(chat.last, "utter_role_fits")["skills"]


def test_a_message_stating_skills_and_asking_answers_the_question(chat: Conversation) -> None:
    chat.say("I know Python and statistics, how much would a data scientist earn?")
    assert said(chat.last, "utter_skills_noted") is None
    assert answer(chat.last, "utter_no_salary_for_role")["roles"] == "data scientists"
    chat.say("and what else would I need to learn for it?")
    gap = answer(chat.last, "utter_skill_gap_with_known")
    assert gap["known"] == "Python, Statistics" and gap["a_role"] == "a data scientist"


def test_courses_after_stating_skills_teach_what_comes_next(chat: Conversation) -> None:
    chat.say("I know SQL and Excel. Which courses should I take?")
    courses = answer(chat.last, "utter_courses_next")
    assert courses["known"] == "SQL, Spreadsheets"
    assert any(course["title"] in courses["courses"] for course in CONTENT["resources"])


def test_a_topic_switch_and_a_return_to_the_first_role(chat: Conversation) -> None:
    chat.say("what does a data engineer do?")
    chat.say("and software developers?")
    assert answer(chat.last, "utter_role")["role_title"] == "Software developer"
    reply = chat.say("what is deep learning?")
    assert fold(TOPICS["ask_definition"]["answer"])[:80] in fold(reply)
    chat.say("back to the first one: which skills does it need?")
    assert answer(chat.last, "utter_role_skills")["a_role"] == "a data engineer"


def test_the_first_ones_are_the_first_role_discussed(chat: Conversation) -> None:
    chat.say("What does a data scientist do?")
    chat.say("What does a bioinformatician do?")
    chat.say("What do the first ones earn in the UK?")
    assert answer(chat.last, "utter_no_salary_for_role_in_country") == {
        "roles": "data scientists",
        "country": "the UK",
    }


def test_a_salary_question_going_on_with_and_keeps_the_country(chat: Conversation) -> None:
    chat.say("what does a data analyst earn in canada")
    chat.say("and the data engineers, what do they earn?")
    assert answer(chat.last, "utter_no_salary_for_role_in_country") == {
        "roles": "data engineers",
        "country": "Canada",
    }


def test_a_country_said_as_a_correction_is_the_salary_question_again(chat: Conversation) -> None:
    chat.say("how much do data scientists get paid")
    chat.say("in the us i mean")
    assert answer(chat.last, "utter_no_salary_for_role_in_country") == {
        "roles": "data scientists",
        "country": "the United States",
    }


def test_a_free_course_request_is_not_about_the_role_by_its_that(chat: Conversation) -> None:
    chat.say("what is PyTorch?")
    chat.say("can you recommend a course that is free?")
    assert said(chat.last, "utter_skill_courses") is None
    assert said(chat.last, "utter_courses") is not None


def test_a_field_said_of_its_people_or_after_a_role_question_is_the_role(chat: Conversation) -> None:
    chat.say("what skills does a data engineer need?")
    assert answer(chat.last, "utter_role_skills")["a_role"] == "a data engineer"
    chat.say("and the computer vision people?")  # NLU: the skill "computer vision" (actions/field_roles.py)
    assert answer(chat.last, "utter_role_skills")["a_role"] == "a computer vision engineer"
    chat.say("what about MLOps?")
    assert answer(chat.last, "utter_role_skills")["a_role"] == "an MLOps engineer"
    chat.say("which jobs need SQL?")
    chat.say("and MLOps?")  # after a question about a skill, the field stays a skill
    assert answer(chat.last, "utter_skill_roles")["skill_name"] == "MLOps"


def test_a_greeting_and_a_question_in_one_message_answer_the_question(chat: Conversation) -> None:
    reply = chat.say("hi! what's an MLOps engineer?")
    assert ROLES["mlops-engineer"]["description"].strip()[:60] in reply
    chat.say("and how much do they make in the UK?")
    assert said(chat.last, "utter_no_salary_for_role_in_country") == {
        "roles": "MLOps engineers",
        "country": "the UK",
    }


def test_thanks_before_a_follow_up_and_such_a_person_keep_the_role(chat: Conversation) -> None:
    chat.say("what does a data analyst do?")
    chat.say("Thank you. And for data engineers?")
    assert answer(chat.last, "utter_role")["role_title"] == "Data engineer"
    chat.say("what would such a person earn in germany")
    assert answer(chat.last, "utter_no_salary_for_role_in_country") == {
        "roles": "data engineers",
        "country": "Germany",
    }


def test_pay_words_ask_the_salary_and_coming_back_is_no_misspelling(chat: Conversation) -> None:
    chat.say("Tell me what a machine learning engineer earns in the UK")
    assert answer(chat.last, "utter_salary")["country"] == "the UK"
    chat.say("and what does a data analyst do?")
    chat.say("Thanks. Coming back to machine learning engineers, what did they study?")
    assert answer(chat.last, "utter_role_education")["roles"] == "machine learning engineers"


def test_terse_returns_ask_the_skills_of_the_role_returned_to(chat: Conversation) -> None:
    chat.say("what does an MLOps engineer do?")
    chat.say("and data engineers?")
    chat.say("ok, mlops again. skills?")  # split between the two skills questions (nlp/skills_question.py)
    assert answer(chat.last, "utter_role_skills")["a_role"] == "an MLOps engineer"
    chat.say("and for the first role i asked about, what skills?")
    assert answer(chat.last, "utter_role_skills")["a_role"] == "an MLOps engineer"


def test_a_role_set_aside_is_left_for_the_general_answer(chat: Conversation) -> None:
    chat.say("how do data analysts get experience")
    assert said(chat.last, "utter_role_experience") is not None
    reply = chat.say("not about analysts anymore. in general how does a beginner get experience?")
    assert said(chat.last, "utter_role_experience") is None
    assert fold(TOPICS["ask_experience"]["answer"])[:80] in fold(reply)
