"""A message split between the two skills questions asks skills (nlp/skills_question.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlp.skills_question import SkillsQuestionIntent


def read(ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(data={"text": "…", "intent": ranked[0], "intent_ranking": ranked})
    SkillsQuestionIntent().process([message])
    assert message.get("intent") == message.get("intent_ranking")[0]
    return [(i["name"], round(i["confidence"], 2)) for i in message.get("intent_ranking")]


def test_a_message_that_would_fall_back_asks_the_better_ranked_skills_question() -> None:
    # "and for the first role i asked about, what skills?"
    ranking = [("recommend_role", 0.27), ("ask_role_skills", 0.26), ("follow_up", 0.24), ("ask_skills", 0.1)]
    assert read(ranking) == [
        ("ask_role_skills", 0.36),
        ("recommend_role", 0.27),
        ("follow_up", 0.24),
        ("ask_skills", 0.0),
    ]


def test_a_skills_question_below_the_threshold_takes_its_twins_share() -> None:
    # "ok, mlops again. skills?"
    ranking = [("ask_skills", 0.29), ("follow_up", 0.2), ("ask_role_skills", 0.15)]
    assert read(ranking)[0] == ("ask_skills", 0.44)


@pytest.mark.parametrize(
    "ranking",
    [
        [("ask_skill_gap", 0.45), ("ask_skills", 0.3), ("ask_role_skills", 0.2)],  # understood already
        [("recommend_role", 0.28), ("ask_role_skills", 0.15), ("ask_skills", 0.1)],  # together too low
        [("out_of_scope", 0.29), ("ask_skills", 0.28)],  # only one of them
    ],
)
def test_otherwise_the_ranking_stays(ranking: list[tuple[str, float]]) -> None:
    assert read(ranking) == ranking
