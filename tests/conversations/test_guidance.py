"""Learner guidance through the running servers: skills remembered, roles ranked, gaps, comparisons."""

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


@pytest.fixture
def chat(stack: Stack) -> Conversation:
    return Conversation(stack.rasa_url)


def test_skills_over_several_messages_then_a_recommendation(chat: Conversation) -> None:
    chat.say("I know Python")
    assert answer(chat.last, "utter_skills_noted") == {"skills": "Python"}
    chat.say("I've also studied calculus")
    assert answer(chat.last, "utter_skills_noted") == {"skills": "Python, Calculus"}
    chat.say("which role suits me?")
    assert answer(chat.last, "utter_role_fits") == {"skills": "Python, Calculus"}
    assert answer(chat.last, "utter_role_fit")["score"].endswith("%")
    titles = [b["title"] for b in chat.buttons()]
    assert titles and all(t in [r["title"] for r in CONTENT["roles"]] for t in titles)


def test_recommendation_in_one_message(chat: Conversation) -> None:
    chat.say("I know SQL and statistics, which job fits me best?")
    assert answer(chat.last, "utter_role_fits") == {"skills": "SQL, Statistics"}
    first = said(chat.last[1:], "utter_role_fit") or said(chat.last[1:], "utter_role_fit_complete")
    assert first and first["role_title"] in (ROLES["data-analyst"]["title"], ROLES["data-scientist"]["title"])


def test_skill_gap_lists_what_is_missing_with_courses(chat: Conversation) -> None:
    chat.say("I know Python and calculus")
    chat.say("what should I learn to become an ML engineer?")
    gap = answer(chat.last, "utter_skill_gap_with_known")
    assert gap["known"] == "Python, Calculus" and gap["a_role"] == "a machine learning engineer"
    missing = [
        SKILLS[s["skill"]]["name"]
        for s in ROLES["machine-learning-engineer"]["skills"]
        if s["skill"] not in ("python", "calculus")
    ]
    assert all(name in gap["skills"] for name in missing)
    assert any(course["title"] in gap["skills"] for course in CONTENT["resources"])
    # The answer names the role, so a follow-up stays on it.
    assert "£54,668" in chat.say("and what would I earn?")


def test_compare_two_roles(chat: Conversation) -> None:
    chat.say("compare a data scientist and a data analyst")
    found = answer(chat.last, "utter_compare_roles")
    assert (found["first_title"], found["second_title"]) == ("Data scientist", "Data analyst")
    assert found["first_summary"] == ROLES["data-scientist"]["summary"].strip()
    assert found["second_summary"] == ROLES["data-analyst"]["summary"].strip()


def test_ordinary_words_are_not_taken_for_skills(chat: Conversation) -> None:
    # "match" is one letter from "math"; the learner said only Keras.
    chat.say("I know Keras, which job would be a good match for me?")
    assert answer(chat.last, "utter_role_fits") == {"skills": "Keras"}


def test_a_background_alone_is_remembered_and_what_jobs_could_i_do_gets_the_fitting_roles(
    chat: Conversation,
) -> None:
    chat.say("I studied linguistics")
    assert answer(chat.last, "utter_skills_noted") == {"skills": "Linguistics"}
    chat.say("and I've recently picked up some python")
    chat.say("What jobs could I do with that?")
    assert answer(chat.last, "utter_role_fits") == {"skills": "Linguistics, Python"}
    assert said(chat.last, "utter_roles") is None


def test_a_question_asked_while_stating_skills_is_answered_and_followed_up(chat: Conversation) -> None:
    chat.say("i've studied computer vision and c++, how much do CV engineers get paid in the US")
    assert said(chat.last, "utter_skills_noted") is None
    assert answer(chat.last, "utter_no_salary_for_role_in_country") == {
        "roles": "computer vision engineers",
        "country": "the United States",
    }
    chat.say("what would I still need to learn for that?")
    gap = answer(chat.last, "utter_skill_gap_with_known")
    assert gap["known"] == "Computer vision, C++" and gap["a_role"] == "a computer vision engineer"


def test_courses_to_get_there_are_for_the_role_in_the_question_before(chat: Conversation) -> None:
    chat.say("i know a bit of machine learning and python - do i need a phd for ML engineer jobs?")
    assert answer(chat.last, "utter_role_education")["roles"] == "machine learning engineers"
    chat.say("ok and which courses would help me get there")
    assert said(chat.last, "utter_unknown_role") is None  # not a role called "help me"
    assert answer(chat.last, "utter_role_courses")["a_role"] == "a machine learning engineer"


def test_a_trade_stated_is_a_skill_known_and_not_the_role_asked_about(chat: Conversation) -> None:
    chat.say("I'm a web developer with JavaScript. Which programming languages should I pick up for ML?")
    assert said(chat.last, "utter_topic") is not None  # the general answer, not the web developer's
    assert said(chat.last, "utter_topic_for_role") is None
    chat.say("I also know data cleaning")
    chat.say("what should I learn next?")
    known = answer(chat.last, "utter_next_steps")["known"]
    assert {"Web development", "JavaScript", "Data cleaning and preparation"} <= set(known.split(", "))


def test_a_trade_named_by_its_short_form_is_a_background_not_a_question(chat: Conversation) -> None:
    chat.say("im a swe by trade, I know java, software testing and the sdlc")
    chat.say("what courses then")
    assert said(chat.last, "utter_role_courses") is None  # not the software engineer's courses
    assert "Java" in answer(chat.last, "utter_courses_next")["known"].split(", ")


def test_what_a_learner_could_do_with_their_background_gets_the_roles_that_fit(chat: Conversation) -> None:
    chat.say("I have studied statistics and probability at university. Which jobs would suit me?")
    assert answer(chat.last, "utter_role_fits") == {"skills": "Statistics, Probability"}


def test_skills_stated_in_broken_english_and_a_role_asked_about(chat: Conversation) -> None:
    chat.say("me know python and computer vision little bit, which course good for computer vision engineer?")
    assert answer(chat.last, "utter_role_courses")["a_role"] == "a computer vision engineer"
    chat.say("which role suits me?")
    assert {"Python", "Computer vision"} <= set(answer(chat.last, "utter_role_fits")["skills"].split(", "))


def test_a_background_and_what_could_i_do_gets_the_roles_that_fit_whatever_the_classifiers_said(
    chat: Conversation,
) -> None:
    chat.say("i studied biology and genomics and use R daily. what could i do in deep learning?")
    assert answer(chat.last, "utter_role_fits") == {"skills": "Biology and genomics, R"}


def test_a_skill_the_learner_lacks_is_not_taken_for_one_they_know(chat: Conversation) -> None:
    chat.say("im good at problem solving but nothing ML yet. what should i learn?")
    assert answer(chat.last, "utter_next_steps")["known"] == "Problem-solving"


def test_a_course_asked_for_with_can_u_after_the_skills_known(chat: Conversation) -> None:
    chat.say("im ok with numpy/pandas, can u recommend a course on scikit-learn")
    assert said(chat.last, "utter_skills_noted") is None
    assert answer(chat.last, "utter_skill_courses")["skill_name"] == "scikit-learn"


def test_a_good_next_step_after_skills_stated_the_short_way_is_what_to_learn_next(chat: Conversation) -> None:
    # "w/" is "with"; "a good next step" is advice asked for, not a role the store lacks.
    chat.say("comfortable w/ java and sql, what would be a good next step?")
    assert said(chat.last, "utter_unknown_role") is None
    assert answer(chat.last, "utter_next_steps")["known"] == "Java, SQL"
