"""Multi-turn conversations with the running Rasa server and action server over the REST channel.

Expected facts are read from data/knowledge, so the tests check that answers come from the store.
"""

from __future__ import annotations

import pytest

from actions.settings import KNOWLEDGE_DIR
from actions.store.load import read_knowledge
from launcher.servers import Stack
from tests.helpers import Conversation

CONTENT = read_knowledge(KNOWLEDGE_DIR)
ROLES = {r["key"]: r for r in CONTENT["roles"]}
SKILLS = {s["key"]: s for s in CONTENT["skills"]}
TOPICS = {t["intent"]: t for t in CONTENT["topics"]}
FALLBACK = "I can tell you what deep learning is"
OUT_OF_SCOPE = "that's outside what I know"


def essential(role_key: str) -> list:
    return [SKILLS[s["skill"]]["name"] for s in ROLES[role_key]["skills"] if s["importance"] == "essential"]


@pytest.fixture
def chat(stack: Stack) -> Conversation:
    return Conversation(stack.rasa_url)


def test_greeting_offers_topic_buttons(chat: Conversation) -> None:
    assert "deep learning careers assistant" in chat.say("hello there")
    assert {b["title"] for b in chat.buttons()} >= {"What is deep learning?", "Careers", "Skills"}


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
    assert TOPICS["ask_programming_languages"]["answer"].strip()[:80] in reply
    part = reply[reply.index("For a data analyst specifically:") :]
    listed = set(TOPICS["ask_programming_languages"]["skills"])
    languages = [
        SKILLS[s["skill"]]["name"]
        for s in ROLES["data-analyst"]["skills"]
        if s["skill"] in listed or SKILLS[s["skill"]]["category"] == "programming"
    ]
    assert "SQL" in languages and all(f" {name}" in part for name in languages)
    assert chat.say("what skills do they need?").startswith("Skills a data analyst needs")


def test_application_areas_overview_and_one_area(chat: Conversation) -> None:
    overview = chat.say("where is deep learning used?")
    for area in CONTENT["applications"]:
        assert area["name"] in overview
    cars = next(a for a in CONTENT["applications"] if a["key"] == "driverless-vehicles")
    assert cars["how"].strip()[:60] in chat.say("how do self-driving cars use deep learning?")
    jobs = chat.say("what jobs use deep learning in healthcare?")
    assert "Who works on it:" in jobs and ROLES["bioinformatician"]["title"] in jobs


def test_roles_and_what_one_does(chat: Conversation) -> None:
    listing = chat.say("what jobs can I get in deep learning?")
    assert all(role["title"] in listing for role in CONTENT["roles"])
    assert ROLES["bioinformatician"]["description"].strip()[:60] in chat.say(
        "what does a bioinformatician do?"
    )


def test_skills_for_a_role_come_from_the_store(chat: Conversation) -> None:
    reply = chat.say("what skills does a data scientist need?")
    assert reply.startswith("Skills a data scientist needs")
    assert all(name in reply for name in essential("data-scientist"))


def test_roles_that_need_a_skill(chat: Conversation) -> None:
    reply = chat.say("which jobs need calculus?")
    needing = [r["title"] for r in CONTENT["roles"] if any(s["skill"] == "calculus" for s in r["skills"])]
    assert reply.startswith("Roles that need Calculus") and all(t in reply for t in needing)


def test_salary_is_quoted_with_its_source(chat: Conversation) -> None:
    reply = chat.say("how much does a machine learning engineer earn in the UK?")
    assert "£54,668" in reply and "Glassdoor" in reply
    converted = chat.say("how much is that in dollars?")
    assert "don't convert it to dollars" in converted and "£54,668" in converted


def test_context_carries_the_role_and_switches_on_a_new_one(chat: Conversation) -> None:
    assert ROLES["machine-learning-engineer"]["description"].strip()[:50] in chat.say(
        "what does a machine learning engineer do?"
    )
    assert "£54,668" in chat.say("and what do they earn?")
    skills = chat.say("what skills do they need?")
    assert skills.startswith("Skills a machine learning engineer needs")
    assert ROLES["data-analyst"]["description"].strip()[:50] in chat.say("what about data analysts?")
    pay = chat.say("how much do they make?")
    assert pay.startswith("I don't have a salary figure for data analysts") and "won't guess" in pay
    assert chat.say("what skills do they need?").startswith("Skills a data analyst needs")


def test_a_follow_up_about_it_stays_on_the_skill_just_described(chat: Conversation) -> None:
    assert chat.say("what's pytorch?").startswith("PyTorch:")
    roles = chat.say("which jobs need it?")
    assert roles.startswith("Roles that need PyTorch:") and "Research scientist" in roles


def test_roles_needing_maths_count_the_maths_they_list(chat: Conversation) -> None:
    reply = chat.say("which jobs need maths?")
    assert reply.startswith("Roles that need Applied mathematics (with Linear algebra")
    assert "Data scientist (Statistics)" in reply  # data scientists list statistics, not "maths"


def test_courses_and_next_steps(chat: Conversation) -> None:
    reply = chat.say("can you recommend a course to get started?")
    assert "Machine Learning Rock Star" in reply and "Stanford" in reply


def test_courses_for_a_skill_and_for_a_role(chat: Conversation) -> None:
    reply = chat.say("what courses do you recommend for computer vision?")
    assert reply.startswith("Courses in my notes that teach Computer vision:") and "fast.ai" in reply
    assert "Machine Learning Rock Star" not in reply
    reply = chat.say("which courses should a data engineer take?")
    assert reply.startswith("Courses for a data engineer") and "IBM Data Engineering" in reply.splitlines()[1]
    assert chat.say("what does a data analyst do?").startswith("Data analyst:")
    assert chat.say("what courses for that role?").startswith("Courses for a data analyst")


@pytest.mark.parametrize(
    "message",
    ["what's the weather in Paris tomorrow?", "can you book me a flight to Rome?", "quel temps fait-il?"],
)
def test_out_of_scope_gets_a_redirect(chat: Conversation, message: str) -> None:
    reply = chat.say(message)
    assert OUT_OF_SCOPE in reply or FALLBACK in reply


@pytest.mark.parametrize("message", ["", "   ", "asdkjh qwpoeiu zxmnv", "?!?!"])
def test_unusable_input_gets_the_redirect_never_silence(chat: Conversation, message: str) -> None:
    reply = chat.say(message)
    assert OUT_OF_SCOPE in reply or FALLBACK in reply


def test_unknown_role_gets_did_you_mean(chat: Conversation) -> None:
    reply = chat.say("what does a data scienctist do?")
    # A close typo is taken as the role it resembles; a far one gets suggestions.
    assert ROLES["data-scientist"]["description"].strip()[:50] in reply or "Did you mean" in reply
    reply = chat.say("what skills does a zookeeper need?")
    assert "don't have" in reply or "Which role do you mean" in reply


def test_small_talk(chat: Conversation) -> None:
    assert "I'm a bot" in chat.say("am I talking to a real person?")
    assert "You're welcome" in chat.say("thanks a lot!")
    assert "Goodbye" in chat.say("bye")
    assert "I answer questions about deep learning" in chat.say("what can you do?")
