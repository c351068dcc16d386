"""A message of one name and filler is a follow-up (nlp/bare_names.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlp.bare_names import BareNameFollowUp, one_name_only


def name_in(text: str, name: str, kind: str = "role", extractor: str = "SpacyEntityExtractor") -> dict:
    start = text.index(name)
    return {"entity": kind, "value": name, "start": start, "end": start + len(name), "extractor": extractor}


@pytest.mark.parametrize(
    "text,name,kind",
    [
        ("deep learning engineer", "deep learning engineer", "role"),
        ("hmm, data analysts?", "data analysts", "role"),
        ("ok and the research scientists then", "research scientists", "role"),
        ("and Kafka", "Kafka", "skill"),
        ("same question for R?", "R", "skill"),
        ("australia", "australia", "country"),
    ],
)
def test_one_name_and_filler_is_a_bare_name(text: str, name: str, kind: str) -> None:
    assert one_name_only(text, [name_in(text, name, kind)])


def test_overlapping_spans_of_two_extractors_are_one_name() -> None:
    text = "deep learning engineer"
    both = [name_in(text, text), name_in(text, "deep learning engineer", extractor="DIETClassifier")]
    assert one_name_only(text, both)


@pytest.mark.parametrize(
    "text,names",
    [
        ("what does a data analyst do?", ["data analyst"]),  # a question
        ("also SQL", ["SQL"]),  # adds to what the learner knows
        ("python and sql", ["python", "sql"]),  # two names
        ("thanks!", []),
    ],
)
def test_anything_more_is_not(text: str, names: list[str]) -> None:
    assert not one_name_only(text, [name_in(text, n, "skill") for n in names])


def test_a_bare_name_is_set_as_a_follow_up_whatever_ranked_first() -> None:
    text = "deep learning engineer"
    ranking = [
        {"name": "compare_roles", "confidence": 0.2},
        {"name": "follow_up", "confidence": 0.17},
        {"name": "ask_role", "confidence": 0.11},
    ]
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
    message.set("entities", [name_in(text, text)])
    other = Message(data={"text": "what does he do", "intent": ranking[0], "intent_ranking": ranking})
    BareNameFollowUp().process([message, other])
    assert message.get("intent") == {"name": "follow_up", "confidence": 1.0}
    assert [i["name"] for i in message.get("intent_ranking")] == ["follow_up", "compare_roles", "ask_role"]
    assert other.get("intent")["name"] == "compare_roles"
