"""Multi-turn conversations with the running Rasa server and action server over the REST channel.

Expected facts are read from data/knowledge, so the tests check that answers come from the store;
which answer was given is checked against the response's wording in domain.yml (tests/wording.py).
"""

from __future__ import annotations

import pytest

from actions.settings import KNOWLEDGE_DIR
from actions.store.load import read_knowledge
from launcher.servers import Stack
from tests.helpers import Conversation
from tests.wording import answer, domain, said

CONTENT = read_knowledge(KNOWLEDGE_DIR)
ROLES = {r["key"]: r for r in CONTENT["roles"]}
SKILLS = {s["key"]: s for s in CONTENT["skills"]}
TOPICS = {t["intent"]: t for t in CONTENT["topics"]}


def essential(role_key: str) -> list:
    return [SKILLS[s["skill"]]["name"] for s in ROLES[role_key]["skills"] if s["importance"] == "essential"]


@pytest.fixture
def chat(stack: Stack) -> Conversation:
    return Conversation(stack.rasa_url)


def redirected(chat: Conversation) -> bool:
    """Whether the last reply was the out-of-scope redirect or the fallback."""
    return any(said(chat.last, name) is not None for name in ("utter_out_of_scope", "utter_fallback"))


def test_greeting_offers_topic_buttons(chat: Conversation) -> None:
    chat.say("hello there")
    answer(chat.last, "utter_greet")
    offered = [(b["title"], b["payload"]) for b in domain().responses["utter_greet"][0]["buttons"]]
    assert [(b["title"], b["payload"]) for b in chat.buttons()] == offered


@pytest.mark.parametrize(
    "question, intent",
    [
        ("what is deep learning?", "ask_definition"),
        ("how is deep learning different from machine learning and AI?", "ask_dl_vs_ml"),
        ("why does deep learning need so much data?", "ask_data"),
        ("how do neural networks work?", "ask_neural_networks"),
        ("do I need a PhD to work in deep learning?", "ask_education"),
        ("how can I get experience in deep learning?", "ask_experience"),
        ("which deep learning frameworks should I know?", "ask_frameworks"),
        ("what programming language should I learn for deep learning?", "ask_programming_languages"),
        ("which software engineering skills matter for deep learning?", "ask_software_engineering"),
        ("what skills do I need for deep learning?", "ask_skills"),
    ],
)
def test_explanations_come_from_the_topics_file(chat: Conversation, question: str, intent: str) -> None:
    assert TOPICS[intent]["answer"].strip()[:80] in chat.say(question)


def test_a_topic_question_about_one_role(chat: Conversation) -> None:
    reply = chat.say("which programming languages does a data analyst need?")
    general = TOPICS["ask_programming_languages"]["answer"].strip()[:80]
    assert general not in reply  # the role's own answer instead
    part = answer(chat.last, "utter_topic_for_role")
    assert part["a_role"] == "a data analyst"
    listed = set(TOPICS["ask_programming_languages"]["skills"])
    languages = [
        SKILLS[s["skill"]]["name"]
        for s in ROLES["data-analyst"]["skills"]
        if s["skill"] in listed or SKILLS[s["skill"]]["category"] == "programming"
    ]
    assert "SQL" in languages and all(f" {name}" in part["skills"] for name in languages)
    chat.say("what skills do they need?")
    assert answer(chat.last, "utter_role_skills")["a_role"] == "a data analyst"


def test_application_areas_overview_and_one_area(chat: Conversation) -> None:
    overview = chat.say("where is deep learning used?")
    for area in CONTENT["applications"]:
        assert area["name"] in overview
    cars = next(a for a in CONTENT["applications"] if a["key"] == "driverless-vehicles")
    assert cars["how"].strip()[:60] in chat.say("how do self-driving cars use deep learning?")
    chat.say("what jobs use deep learning in healthcare?")
    assert ROLES["bioinformatician"]["title"] in answer(chat.last, "utter_application_roles")["roles"]


def test_roles_and_what_one_does(chat: Conversation) -> None:
    listing = chat.say("what jobs can I get in deep learning?")
    assert all(role["title"] in listing for role in CONTENT["roles"])
    assert ROLES["bioinformatician"]["description"].strip()[:60] in chat.say(
        "what does a bioinformatician do?"
    )


def test_skills_for_a_role_come_from_the_store(chat: Conversation) -> None:
    chat.say("what skills does a data scientist need?")
    found = answer(chat.last, "utter_role_skills")
    assert found["a_role"] == "a data scientist"
    assert all(name in found["skills"] for name in essential("data-scientist"))


def test_roles_that_need_a_skill(chat: Conversation) -> None:
    chat.say("which jobs need calculus?")
    needing = [r["title"] for r in CONTENT["roles"] if any(s["skill"] == "calculus" for s in r["skills"])]
    found = answer(chat.last, "utter_skill_roles")
    assert found["skill_name"] == "Calculus" and all(t in found["roles"] for t in needing)


def test_salary_is_quoted_with_its_source(chat: Conversation) -> None:
    reply = chat.say("how much does a machine learning engineer earn in the UK?")
    assert "£54,668" in reply and "Glassdoor" in reply
    converted = chat.say("how much is that in dollars?")
    assert answer(chat.last, "utter_salary_not_converted") == {"held": "pounds", "asked": "dollars"}
    assert "£54,668" in converted


def test_context_carries_the_role_and_switches_on_a_new_one(chat: Conversation) -> None:
    assert ROLES["machine-learning-engineer"]["description"].strip()[:50] in chat.say(
        "what does a machine learning engineer do?"
    )
    assert "£54,668" in chat.say("and what do they earn?")
    chat.say("what skills do they need?")
    assert answer(chat.last, "utter_role_skills")["a_role"] == "a machine learning engineer"
    chat.say("what about data analysts?")  # the last question again, about the new role
    assert answer(chat.last, "utter_role_skills")["a_role"] == "a data analyst"
    assert ROLES["data-analyst"]["description"].strip()[:50] in chat.say("what do they do?")
    chat.say("how much do they make?")
    assert answer(chat.last, "utter_no_salary_for_role") == {"roles": "data analysts"}
    chat.say("what skills do they need?")
    assert answer(chat.last, "utter_role_skills")["a_role"] == "a data analyst"


def test_a_follow_up_about_it_stays_on_the_skill_just_described(chat: Conversation) -> None:
    chat.say("what's pytorch?")
    assert answer(chat.last, "utter_skill")["skill_name"] == "PyTorch"
    chat.say("which jobs need it?")
    roles = answer(chat.last, "utter_skill_roles")
    assert roles["skill_name"] == "PyTorch" and ROLES["research-scientist"]["title"] in roles["roles"]


def test_roles_needing_maths_count_the_maths_they_list(chat: Conversation) -> None:
    chat.say("which jobs need maths?")
    found = answer(chat.last, "utter_skill_roles")
    assert found["skill_name"].startswith("Applied mathematics (Linear algebra")
    assert "Data scientist (Statistics)" in found["roles"]  # data scientists list statistics, not "maths"


def test_courses_and_next_steps(chat: Conversation) -> None:
    reply = chat.say("can you recommend a course to get started?")
    assert "Machine Learning Rock Star" in reply and "Stanford" in reply


def test_courses_for_a_skill_and_for_a_role(chat: Conversation) -> None:
    chat.say("what courses do you recommend for computer vision?")
    found = answer(chat.last, "utter_skill_courses")
    assert found["skill_name"] == "Computer vision" and "fast.ai" in found["courses"]
    assert "Machine Learning Rock Star" not in found["courses"]
    chat.say("which courses should a data engineer take?")
    found = answer(chat.last, "utter_role_courses")
    assert found["a_role"] == "a data engineer" and "IBM Data Engineering" in found["courses"].splitlines()[0]
    chat.say("what does a data analyst do?")
    assert answer(chat.last, "utter_role")["role_title"] == "Data analyst"
    chat.say("what courses for that role?")
    assert answer(chat.last, "utter_role_courses")["a_role"] == "a data analyst"


@pytest.mark.parametrize(
    "message",
    ["what's the weather in Paris tomorrow?", "can you book me a flight to Rome?", "quel temps fait-il?"],
)
def test_out_of_scope_gets_a_redirect(chat: Conversation, message: str) -> None:
    chat.say(message)
    assert redirected(chat), chat.last


@pytest.mark.parametrize("message", ["", "   ", "asdkjh qwpoeiu zxmnv", "?!?!"])
def test_unusable_input_gets_the_redirect_never_silence(chat: Conversation, message: str) -> None:
    chat.say(message)
    assert redirected(chat), chat.last


def test_unknown_role_gets_did_you_mean(chat: Conversation) -> None:
    reply = chat.say("what does a data scienctist do?")
    # A close typo is taken as the role it resembles; a far one gets suggestions.
    suggested = said(chat.last, "utter_unknown_role_suggest")
    assert ROLES["data-scientist"]["description"].strip()[:50] in reply or suggested is not None
    chat.say("what skills does a zookeeper need?")
    not_guessed = ("utter_unknown_role", "utter_unknown_role_suggest", "utter_which_role_for_skills")
    assert any(said(chat.last, name) is not None for name in not_guessed), chat.last


@pytest.mark.parametrize(
    "message, response",
    [
        ("am I talking to a real person?", "utter_bot"),
        ("thanks a lot!", "utter_thank"),
        ("bye", "utter_goodbye"),
        ("what can you do?", "utter_help"),
    ],
)
def test_small_talk(chat: Conversation, message: str, response: str) -> None:
    chat.say(message)
    answer(chat.last, response)
