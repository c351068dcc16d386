"""The wording cues (actions/cues.py): what each pattern must take, and what it must leave alone."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from actions import cues


@pytest.mark.parametrize(
    "text",
    [
        "any course for that?",
        "which courses cover that",
        "what skills do they need",
        "do you need a PhD for that role?",
        "any course you'd recommend for it?",
        "what would I need to learn to become one?",
        "is a degree necessary for this job?",
    ],
)
def test_points_back(text: str) -> None:
    assert cues.refers_back(text)


@pytest.mark.parametrize(
    "text",
    [
        "can you recommend a course that is free?",
        "a course that teaches Python please",
        "which courses should I take?",
        "I want something that covers statistics",
        "what is deep learning?",
    ],
)
def test_does_not_point_back(text: str) -> None:
    assert not cues.refers_back(text)


@pytest.mark.parametrize(
    "text",
    [
        "which programming language is best for deep learning in general?",
        "what's the best programming language for deep learning overall?",
        "do you need a PhD to work in deep learning at all?",
        "forget that — generally speaking, which frameworks are out there?",
        "separate question: what degree do people have?",
        "Leaving that aside, what courses would you recommend to start deep learning from zero?",
        "never mind. can you recommend a good deep learning course for a total beginner?",
        "is it hard to learn deep learning without a degree?",
        "ok seriously, any general intro course on deep learning?",
        "any good course about deep learning for beginners?",
    ],
)
def test_asks_in_general(text: str) -> None:
    assert cues.asks_in_general(text)


@pytest.mark.parametrize(
    "text",
    [
        "which degree do most of them hold?",
        "how would I get the experience?",
        "what programming languages do they use?",
        "do they need a masters?",
        "whats the pay like",
        "which frameworks would a generalist use",  # "general" inside a word
        "do they need software engineering skills at all?",  # "they": still the role
    ],
)
def test_does_not_ask_in_general(text: str) -> None:
    assert not cues.asks_in_general(text)


@dataclass
class Name:
    value: str
    start: int | None
    end: int | None


def names(text: str, *values: str) -> list[Name]:
    """Mentions of `values` in `text`, as the NLU would report their spans."""
    found = []
    for value in values:
        start = text.index(value)
        found.append(Name(value, start, start + len(value)))
    return found


@pytest.mark.parametrize(
    ("text", "values", "known"),
    [
        ("I know Python and statistics, how much would a data scientist earn?", ["Python", "statistics"], 2),
        ("I know HTML, CSS and JS, what does a web developer earn?", ["HTML", "CSS", "JS"], 3),
        ("Knowing SQL and Python, how do I get experience?", ["SQL", "Python"], 2),
        ("with python and sql under my belt, what should I learn?", ["python", "sql"], 2),
        ("I'm a developer who knows python. What skills do I need?", ["python"], 1),
        ("What would I need to learn? I already know Python.", ["Python"], 1),
        ("I've been using PyTorch for a year. What does a research scientist do?", ["PyTorch"], 1),
        ("as someone who knows html and css, which languages next?", ["html", "css"], 2),
        ("I have a physics background and know calculus, do I need a PhD?", ["physics", "calculus"], 2),
        ("comfortable with java here - what do ml engineers earn in canada?", ["java"], 1),
        ("got sql and excel down, what courses would you recomend?", ["sql", "excel"], 2),
        (
            "As someone who already knows Kafka and Spark, what does a data engineer do?",
            ["Kafka", "Spark"],
            2,
        ),
        ("I work with SQL and Airflow every day. Could you compare them?", ["SQL", "Airflow"], 2),
        ("i know node.js and rest apis. how would i get experience", ["node.js", "rest apis"], 2),
        (
            "i understand gradient descent and cnns pretty well, what do they do",
            ["gradient descent", "cnns"],
            2,
        ),
        (
            "Background: linear algebra and calculus, plus some C++. Not sure where to go.",
            ["calculus", "C++"],
            2,
        ),
    ],
)
def test_stated_skills_are_those_of_the_statement(text: str, values: list[str], known: int) -> None:
    assert [m.value for m in cues.stated(text, names(text, *values))] == values[:known]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("I know sorting. Which jobs use dynamic programming?", ["sorting", "dynamic programming"]),
        ("I also know a bit of Kafka — which courses teach Spark?", ["Kafka", "Spark"]),
    ],
)
def test_the_skill_asked_about_is_not_stated(text: str, values: list[str]) -> None:
    assert [m.value for m in cues.stated(text, names(text, *values))] == values[:1]


@pytest.mark.parametrize(
    "text",
    [
        "what is Python?",
        "how do I get experience with Docker?",
        "which jobs use SQL?",
        "do I need calculus for deep learning?",
        "can I learn TensorFlow online?",
        "got any courses for SQL?",
        "know any good TensorFlow tutorials?",
    ],
)
def test_questions_state_nothing(text: str) -> None:
    skills = [w for w in ("Python", "Docker", "SQL", "calculus", "TensorFlow") if w in text]
    assert cues.stated(text, names(text, *skills)) == []


def test_returns_to_the_first_role() -> None:
    assert cues.returns_to_first("let's return to the first role — what courses?")
    assert cues.returns_to_first("ok the first one — how do I get experience?")
    assert not cues.returns_to_first("what should I learn first?")
    assert cues.returns_to_first("What do the first ones earn in the UK?")
    assert cues.returns_to_first("which degree do the first guys need")


def test_returns_to_the_former() -> None:
    assert cues.returns_to_former("for the former, which courses?")
    assert cues.returns_to_former("and the other one, what do they earn?")
    assert not cues.returns_to_former("what other roles are there?")


def test_goes_back() -> None:
    assert cues.goes_back("back to mlops — which courses?")
    assert cues.goes_back("right, returning to data scientists, what do they earn?")
    assert cues.goes_back("ok so mlops again, which frameworks and tools?")
    assert not cues.goes_back("what background do data scientists have?")


@pytest.mark.parametrize(
    "after", [" people?", " folks", " one, what languages?", " job", "  ppl", " engineering as a job"]
)
def test_makes_a_field_a_job(after: str) -> None:
    assert cues.of_people(after)


@pytest.mark.parametrize("after", [" courses?", "", " peoples", " engineers", ", one more thing"])
def test_leaves_a_field_a_subject(after: str) -> None:
    assert not cues.of_people(after)


@pytest.mark.parametrize(
    "before,target",
    [
        ("what else do i need for ", True),
        ("what should I pick up to move into ", True),
        ("how much does ", True),
        ("tell me about ", True),
        ("Python, PyTorch, ", False),
        ("I know a bit of ", False),
        ("", False),
    ],
)
def test_a_name_after_for_into_or_does_is_the_target(before: str, target: bool) -> None:
    assert cues.is_target(before) is target


def test_points_at_a_job() -> None:
    assert cues.points_at_job("which courses would you suggest for that job?")
    assert cues.points_at_job("what does the role pay?")
    assert cues.points_at_job("tell me about computer vision as a career")
    assert not cues.points_at_job("which courses would you suggest for it?")


@pytest.mark.parametrize(
    "text",
    [
        "what jobs could I do?",
        "What jobs could I do with that in deep learning?",
        "and which jobs would that lead to",
        "what jobs would that open up?",
        "any roles for me?",
    ],
)
def test_asks_about_the_learners_own_jobs(text: str) -> None:
    assert cues.about_self(text)


@pytest.mark.parametrize(
    "text", ["which jobs exist in deep learning?", "what careers are there?", "which jobs use it?"]
)
def test_asks_about_the_fields_jobs(text: str) -> None:
    assert not cues.about_self(text)


@pytest.mark.parametrize(
    "before,after,aside",
    [
        ("ok leaving ", " aside, how does someone get experience?", True),
        ("setting the ", " people aside, what do beginners study?", True),
        ("what are ", " aside from coding?", False),
        ("leaving ", " for good?", False),
    ],
)
def test_leaves_a_name_aside(before: str, after: str, aside: bool) -> None:
    assert cues.sets_aside(before, after) is aside


@pytest.mark.parametrize(
    "before,aside",
    [
        ("experience in deep learning in general, not just ", True),
        ("any roles other than ", True),
        ("not about ", True),
        ("ok, forget about ", True),
        ("what about ", False),
        ("is it about ", False),
        ("what do ", False),
        ("just ", False),
    ],
)
def test_sets_a_name_aside(before: str, aside: bool) -> None:
    assert cues.sets_aside(before) is aside
