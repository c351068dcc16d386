"""A message of one name and filler is a follow-up (nlp/bare_names.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlp.bare_names import BareNameFollowUp, asks_the_same, one_name_only, opens_with_a_name


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
        ("in the United States?", "United States", "country"),
        ("Also the data analyst, please.", "data analyst", "role"),  # "also" beside a job
        ("and Japan too?", "Japan", "country"),
        ("n for bioinformatics ppl?", "bioinformatics", "skill"),
        ("pytorch too", "pytorch", "skill"),  # the last question again, or one more skill known
        ("does an ml engineer?", "ml engineer", "role"),  # after "does a research scientist need a phd"
        ("and do data scientists too?", "data scientists", "role"),
        ("in the states i mean", "the states", "country"),  # a correction of the country asked about
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
        ("python and sql", ["python", "sql"]),  # two names
        ("is python hard?", ["python"]),  # an echo asks nothing after the name
        ("does it need python", ["python"]),  # nor anything between the auxiliary and the name
        ("do you know kafka", ["kafka"]),
        ("what is a neural network", ["neural network"]),  # a question of its own
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


def ranked(text: str, names: list[tuple[str, str]], top: tuple[str, float]) -> Message:
    ranking = [{"name": top[0], "confidence": top[1]}, {"name": "follow_up", "confidence": 0.1}]
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
    message.set("entities", [name_in(text, name, kind) for name, kind in names])
    BareNameFollowUp().process([message])
    return message


@pytest.mark.parametrize(
    "text,name,kind",
    [
        ("And for a data scientist, do they need that as well?", "data scientist", "role"),
        ("is it the same in France?", "France", "country"),
        ("same thing for kafka please", "kafka", "skill"),
    ],
)
def test_asking_the_same_of_one_name_is_a_follow_up(text: str, name: str, kind: str) -> None:
    assert asks_the_same(text, [name_in(text, name, kind)])
    assert ranked(text, [(name, kind)], ("ask_role_skills", 0.9)).get("intent")["name"] == "follow_up"


def test_asking_the_same_of_two_names_or_of_none_is_not() -> None:
    text = "do data scientists and data analysts need that as well?"
    assert not asks_the_same(text, [name_in(text, "data scientists"), name_in(text, "data analysts")])
    assert not asks_the_same("do they need that as well?", [])
    text = "what do data scientists need?"
    assert not asks_the_same(text, [name_in(text, "data scientists")])
    for text in ("is deep learning the same thing as machine learning?", "is AI the same as ML?"):
        assert not asks_the_same(text, [name_in(text, text.split()[-1].rstrip("?"), "skill")])
    text = "are AI and deep learning basically the same thing"  # a comparison, of which one is known
    assert not asks_the_same(text, [name_in(text, "AI", "skill")])


@pytest.mark.parametrize(
    "text,follows",
    [
        ("Thank you. And for a full-stack web developer?", True),
        ("ok thanks! data analysts?", True),
        ("great, and for a full-stack web developer", True),
        ("thanks for the full-stack web developer", False),  # thanks for an answer, not a follow-up
    ],
)
def test_a_pleasantry_may_close_the_last_answer_before_a_bare_name(text: str, follows: bool) -> None:
    name = "data analysts" if "data analysts" in text else "full-stack web developer"
    assert ranked(text, [(name, "role")], ("thank", 0.45)).get("intent")["name"] == (
        "follow_up" if follows else "thank"
    )


@pytest.mark.parametrize(
    "text,name,opens",
    [
        ("right. what about caffe, is that still a thing?", "caffe", True),
        ("what about caffe - still used?", "caffe", True),
        ("what about caffe and theano, are they used?", "caffe", False),  # more than a name
        ("is caffe still used? what about it", "caffe", False),  # asks first
        ("ok caffe again, which jobs use it?", "caffe", False),  # a return asking its own question
    ],
)
def test_a_message_opening_with_a_bare_name(text: str, name: str, opens: bool) -> None:
    assert opens_with_a_name(text, [name_in(text, name, "skill")]) is opens


def test_opening_with_a_bare_name_is_a_follow_up_only_when_the_classifiers_are_unsure() -> None:
    text = "right. what about caffe, is that still a thing?"
    assert ranked(text, [("caffe", "skill")], ("ask_skill", 0.3)).get("intent")["name"] == "follow_up"
    text = "what about caffe, which jobs use it?"
    assert (
        ranked(text, [("caffe", "skill")], ("ask_skill_roles", 0.8)).get("intent")["name"]
        == "ask_skill_roles"
    )
