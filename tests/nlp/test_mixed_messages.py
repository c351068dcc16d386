"""A message stating skills is read by what it asks, or as the statement it is (nlp/mixed_messages.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlp.mixed_messages import MixedMessageIntent


def message(text: str, ranking: list[tuple[str, float]], names: dict[str, str] | None = None) -> Message:
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    entities = [
        {"entity": kind, "value": name, "start": text.index(name), "end": text.index(name) + len(name)}
        for name, kind in (names or {}).items()
    ]
    return Message(data={"text": text, "intent": ranked[0], "intent_ranking": ranked, "entities": entities})


def processed(text: str, ranking: list[tuple[str, float]], names: dict[str, str] | None = None) -> Message:
    found = message(text, ranking, names)
    MixedMessageIntent().process([found])
    return found


def test_a_question_asked_with_a_statement_is_the_question() -> None:
    found = processed(
        "I've written a fair bit of python, how much does a data engineer make in germany?",
        [("inform_skills", 0.55), ("ask_salary", 0.41), ("ask_data", 0.01)],
        {"python": "skill", "data engineer": "role"},
    )
    assert found.get("intent")["name"] == "ask_salary"
    assert found.get("intent")["confidence"] == pytest.approx(0.96)
    assert [(i["name"], i["confidence"]) for i in found.get("intent_ranking")] == [
        ("ask_salary", pytest.approx(0.96)),
        ("inform_skills", 0.0),
        ("ask_data", 0.01),
    ]


def test_the_question_is_the_best_ranked_one_that_asks_the_store() -> None:
    found = processed(
        "I know SQL and Excel. Which courses should I take?",
        [("inform_skills", 0.6), ("out_of_scope", 0.2), ("ask_courses", 0.15)],
    )
    assert found.get("intent")["name"] == "ask_courses"


def test_a_question_pulled_towards_education_by_the_background_stated_is_the_question() -> None:
    studied = "I have studied statistics at university and I can use R a little."
    found = processed(
        f"{studied} Which jobs would suit me?", [("ask_education", 0.49), ("recommend_role", 0.46)]
    )
    assert found.get("intent")["name"] == "recommend_role"
    asked = processed(
        f"{studied} Which degree do data scientists have?", [("ask_education", 0.6), ("ask_role", 0.3)]
    )
    assert asked.get("intent")["name"] == "ask_education"
    skills = "My skills: C++, data structures, sorting and searching algorithms."
    found = processed(
        f"{skills} Which careers fit?", [("ask_software_engineering", 0.39), ("ask_roles", 0.38)]
    )
    assert found.get("intent")["name"] == "ask_roles"
    asked = processed(f"{skills} Is git needed too?", [("ask_software_engineering", 0.6), ("ask_roles", 0.3)])
    assert asked.get("intent")["name"] == "ask_software_engineering"


@pytest.mark.parametrize(
    "text,ranking",
    [
        # nothing asked; no question ranked; a question already
        ("I know Python and SQL", [("inform_skills", 0.6), ("ask_salary", 0.35)]),
        ("I know SQL, what now?", [("inform_skills", 0.9), ("greet", 0.05), ("ask_salary", 0.05)]),
        ("how much do data engineers make?", [("ask_salary", 0.6), ("inform_skills", 0.35)]),
    ],
)
def test_a_statement_alone_or_a_question_stays(text: str, ranking: list[tuple[str, float]]) -> None:
    assert processed(text, ranking).get("intent")["name"] == ranking[0][0]


def test_a_background_read_as_a_question_is_a_statement() -> None:
    ranking = [("ask_education", 0.39), ("inform_skills", 0.35)]
    found = processed("I studied linguistics", ranking, {"linguistics": "skill"})
    assert found.get("intent")["name"] == "inform_skills"
    assert found.get("intent")["confidence"] == pytest.approx(0.74)


@pytest.mark.parametrize(
    "text,names",
    [
        ("I studied linguistics, is that enough?", {"linguistics": "skill"}),  # asks
        ("I studied at a university in Spain", {}),  # names no skill
        (
            "I have a degree in biology and worked as a data analyst",
            {"biology": "skill", "data analyst": "role"},
        ),
    ],
)
def test_anything_more_than_a_background_stays_a_question(text: str, names: dict[str, str]) -> None:
    found = processed(text, [("ask_education", 0.6), ("inform_skills", 0.3)], names)
    assert found.get("intent")["name"] == "ask_education"


@pytest.mark.parametrize(
    "text,ranking,names",
    [
        (
            "know docker, github and cloud stuff",
            [("ask_skill", 0.6), ("inform_skills", 0.3)],
            {"docker": "skill"},
        ),
        (
            "know docker, github and cloud stuff",
            [("follow_up", 0.53), ("inform_skills", 0.43)],
            {"docker": "skill"},
        ),
        (
            "My skills: Java, data structures, sorting and searching algorithms.",
            [("ask_software_engineering", 0.5), ("inform_skills", 0.4)],
            {"Java": "skill"},
        ),
        (
            "Good morning. I know data cleaning and data warehousing.",
            [("greet", 0.5), ("inform_skills", 0.4)],
            {"data cleaning": "skill"},
        ),
        (
            "im a swe by trade, I know java, software testing and the sdlc",
            [("ask_software_engineering", 0.6), ("inform_skills", 0.3)],
            {"swe": "role", "java": "skill"},
        ),  # the role is the one they work as
        (
            "i've covered data structures, sorting and searching algorithms",
            [("ask_software_engineering", 0.76), ("inform_skills", 0.21)],
            {"data structures": "skill", "sorting": "skill"},
        ),
    ],
)
def test_any_question_or_greeting_that_only_states_a_background_is_a_statement(
    text: str, ranking: list[tuple[str, float]], names: dict[str, str]
) -> None:
    assert processed(text, ranking, names).get("intent")["name"] == "inform_skills"


@pytest.mark.parametrize(
    "text,ranking",
    [
        (
            "ok thanks, I know Kafka now",
            [("thank", 0.6), ("inform_skills", 0.3)],
        ),  # neither question nor follow-up
        ("I have a question about Kafka", [("ask_skill", 0.6), ("inform_skills", 0.3)]),
        ("Good morning. What is Kafka?", [("greet", 0.6), ("ask_skill", 0.3), ("inform_skills", 0.1)]),
    ],
)
def test_a_question_or_another_intent_stays(text: str, ranking: list[tuple[str, float]]) -> None:
    assert processed(text, ranking, {"Kafka": "skill"}).get("intent")["name"] != "inform_skills"


def test_a_question_after_a_greeting_is_the_question() -> None:
    ranking = [("greet", 0.44), ("ask_role", 0.32), ("follow_up", 0.1)]
    found = processed("hi! what's an MLOps engineer?", ranking, {"MLOps engineer": "role"})
    assert found.get("intent")["name"] == "ask_role"
    assert found.get("intent")["confidence"] == pytest.approx(0.76)
    chat = processed("hi there, how are you?", [("greet", 0.9), ("bot_challenge", 0.05), ("ask_role", 0.02)])
    assert chat.get("intent")["name"] == "greet"  # small talk: no question the store answers is ranked


def test_a_statement_with_a_close_question_is_not_out_of_scope() -> None:
    text = "Knowing Keras and Python, is a masters needed to become a deep learning engineer?"
    ranking = [("out_of_scope", 0.46), ("ask_education", 0.33), ("ask_skill_gap", 0.11)]
    assert processed(text, ranking).get("intent")["name"] == "ask_education"
    # No question close by, or no statement: out of scope stands.
    text = "I know python, can you write my essay for me?"
    assert (
        processed(text, [("out_of_scope", 0.8), ("ask_skill", 0.12)]).get("intent")["name"] == "out_of_scope"
    )
    text = "is a masters needed to become an astronaut?"
    assert processed(text, ranking).get("intent")["name"] == "out_of_scope"


def test_a_statement_asking_only_what_next_is_a_statement() -> None:
    text = "hello, i know docker and cloud computing and some github. what now?"
    ranking = [("ask_skill", 0.5), ("inform_skills", 0.3), ("greet", 0.1)]
    assert processed(text, ranking, {"docker": "skill"}).get("intent")["name"] == "inform_skills"
    # With a role in view it is that role's gap, whatever the classifiers said.
    text = "I know SQL, what should I learn next to become a data analyst?"
    ranking = [("ask_skill_gap", 0.6), ("inform_skills", 0.3)]
    found = processed(text, ranking, {"SQL": "skill", "data analyst": "role"})
    assert found.get("intent")["name"] == "ask_skill_gap"
    # The role the learner works as is not one in view.
    text = "im a c++ programmer, know docker too. what should i pick up next?"
    found = processed(text, ranking, {"docker": "skill", "programmer": "role"})
    assert found.get("intent")["name"] == "inform_skills"
    unranked = [("ask_skill_gap", 0.99), ("recommend_role", 0.01)]  # inform_skills past the ranking's end
    found = processed(text, unranked, {"docker": "skill", "programmer": "role"})
    assert found.get("intent") == {"name": "inform_skills", "confidence": 1.0}  # the words decide
    # Read as the statement it is, it stays one: its answer is the next steps.
    stated = [("inform_skills", 0.6), ("ask_skill_gap", 0.3)]
    found = processed(text, stated, {"docker": "skill", "programmer": "role"})
    assert found.get("intent")["name"] == "inform_skills"


def test_a_statement_asking_only_which_jobs_are_open_recommends_roles() -> None:
    text = "I'm a linguistics grad and I also know a little python. What can I do in deep learning with that?"
    names = {"linguistics": "skill", "python": "skill"}
    stated = [("inform_skills", 0.62), ("ask_definition", 0.25), ("recommend_role", 0.05)]
    assert processed(text, stated, names).get("intent") == {"name": "recommend_role", "confidence": 1.0}
    # Read as another question, it is still which jobs are open to them when it names a skill.
    text = "i studied biology and genomics and use R daily. what could i do in deep learning?"
    names = {"biology and genomics": "skill", "R": "skill"}
    asked = [("ask_skill_roles", 0.2), ("out_of_scope", 0.19), ("recommend_role", 0.08)]
    # at full confidence: the top intent's share and its own (0.28) would fall back
    assert processed(text, asked, names).get("intent") == {"name": "recommend_role", "confidence": 1.0}
    # Naming none, it stays that question.
    asked = [("ask_roles", 0.6), ("inform_skills", 0.2)]
    assert (
        processed("what could i work as if i learned deep learning", asked).get("intent")["name"]
        == "ask_roles"
    )
