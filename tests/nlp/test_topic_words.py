"""A question whose words name a narrower topic asks it: pay, software engineering (nlp/topic_words.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlp.topic_words import TopicWordsIntent


def acted_on(text: str, ranking: list[tuple[str, float]]) -> tuple[str, float]:
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(data={"text": text, "intent": ranked[0], "intent_ranking": ranked})
    TopicWordsIntent().process([message])
    return message.get("intent")["name"], message.get("intent")["confidence"]


@pytest.mark.parametrize(
    "text",
    [
        "what does a software developer make there",
        "Tell me what an MLOps engineer earns in the US",
        "how well paid is a data analyst?",
    ],
)
def test_a_role_question_asking_about_pay_is_the_salary_question(text: str) -> None:
    name, confidence = acted_on(text, [("ask_role", 0.49), ("ask_salary", 0.44), ("follow_up", 0.02)])
    assert name == "ask_salary" and confidence == pytest.approx(0.93)


@pytest.mark.parametrize(
    "text", ["what does a bioinformatician need specifically", "what does an mlops engineer require?"]
)
def test_a_role_question_asking_what_it_needs_is_the_skills_question(text: str) -> None:
    assert acted_on(text, [("ask_role", 0.49), ("ask_role_skills", 0.35)])[0] == "ask_role_skills"


@pytest.mark.parametrize(
    "text", ["what does a full-stack dev need to learn", "what do NLP engineers need to know?"]
)
def test_a_skill_gap_question_whose_subject_is_the_role_is_the_skills_question(text: str) -> None:
    name, confidence = acted_on(text, [("ask_skill_gap", 0.29), ("ask_role_skills", 0.27)])
    assert name == "ask_role_skills" and confidence == pytest.approx(0.56)


@pytest.mark.parametrize(
    "text",
    [
        "what do I need to learn to become a data scientist?",
        "what do you need to know for ML engineering",
        "what does a data analyst need to learn to become a data scientist?",
        "what do NLP engineers need that i don't have yet",
    ],
)
def test_a_skill_gap_question_about_the_learner_stays(text: str) -> None:
    assert acted_on(text, [("ask_skill_gap", 0.29), ("ask_role_skills", 0.27)])[0] == "ask_skill_gap"


@pytest.mark.parametrize(
    "text,ranking",
    [
        ("what does a data analyst need to do all day?", [("ask_role", 0.6), ("ask_role_skills", 0.3)]),
        ("what do data scientists make?", [("ask_role", 0.6), ("ask_salary", 0.3)]),  # make, not pay
        ("what does a data analyst earn?", [("ask_role", 0.85), ("ask_salary", 0.1)]),  # no contender
        ("do data analysts earn well? which skills?", [("ask_role_skills", 0.5), ("ask_salary", 0.4)]),
    ],
)
def test_otherwise_the_question_stays(text: str, ranking: list[tuple[str, float]]) -> None:
    assert acted_on(text, ranking)[0] == ranking[0][0]


@pytest.mark.parametrize(
    "text",
    [
        "Let me come back to the ML engineer: what software engineering skills does that job require?",
        "which SE skills matter most for them",
        "what engineering practices should a data engineer follow?",
        "which sw engineering skills matter for deep learning in general",
    ],
)
def test_a_skills_question_naming_software_engineering_is_that_question(text: str) -> None:
    ranking = [("ask_role_skills", 0.64), ("ask_software_engineering", 0.25), ("ask_role", 0.07)]
    assert acted_on(text, ranking) == ("ask_software_engineering", pytest.approx(0.89))


@pytest.mark.parametrize(
    "text",
    [
        "been doing javascript for years, what languages should a full stack web developer know",
        "which programming languages do they need?",
    ],
)
def test_a_skills_question_naming_languages_is_the_languages_question(text: str) -> None:
    ranking = [("ask_role_skills", 0.62), ("ask_programming_languages", 0.28), ("ask_role", 0.02)]
    assert acted_on(text, ranking) == ("ask_programming_languages", pytest.approx(0.9))


@pytest.mark.parametrize(
    "text",
    [
        "and the language ones, NLP engineers?",
        "what skills do natural language processing engineers need?",
        "which skills for working on large language models?",
    ],
)
def test_language_in_another_sense_names_no_programming_languages(text: str) -> None:
    ranking = [("ask_role_skills", 0.62), ("ask_programming_languages", 0.28)]
    assert acted_on(text, ranking)[0] == "ask_role_skills"


@pytest.mark.parametrize(
    "text,ranking",
    [
        (
            "what skills does an ML engineer need?",
            [("ask_role_skills", 0.7), ("ask_software_engineering", 0.25)],
        ),
        ("which SE skills matter?", [("ask_role_skills", 0.85), ("ask_software_engineering", 0.1)]),
        ("do SE people earn well?", [("ask_salary", 0.6), ("ask_software_engineering", 0.3)]),
    ],
)
def test_a_skills_question_stays_without_the_words_or_a_contender(
    text: str, ranking: list[tuple[str, float]]
) -> None:
    assert acted_on(text, ranking)[0] == ranking[0][0]


@pytest.mark.parametrize(
    "text", ["what are transformers and LLMs", "what are transformers and large language models exactly?"]
)
def test_a_question_naming_transformers_asks_about_the_skill(text: str) -> None:
    ranking = [("ask_neural_networks", 0.68), ("follow_up", 0.05), ("ask_skill", 0.05)]
    assert acted_on(text, ranking) == ("ask_skill", pytest.approx(0.73))
    assert acted_on("how do neural networks learn?", ranking)[0] == "ask_neural_networks"
