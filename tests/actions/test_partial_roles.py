"""A role named by part of its name (actions/partial_roles.py), with the real store."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.followup import ActionFollowUp
from actions.partial_roles import distinctive, returned_to
from actions.salary import ActionSalary
from actions.store.queries import knowledge
from actions.topics import ActionAnswerTopic
from tests.helpers import entity, run_action, tracker_for

pytestmark = pytest.mark.usefixtures("store_url")

DISCUSSED = ["Data scientist", "MLOps engineer", "Computer vision engineer"]


def slot_events(*titles: str) -> list[dict]:
    return [{"event": "slot", "name": "role", "value": title} for title in titles]


@pytest.mark.parametrize(
    "text,role,part",
    [
        ("ok going back to the scientist one, what do they earn?", "data-scientist", "scientist"),
        (
            "Going back to the vision role, which frameworks do they use?",
            "computer-vision-engineer",
            "vision",
        ),
        ("and back to scientists: what frameworks should they know?", "data-scientist", "scientists"),
        ("mlops again: what skills overall?", "mlops-engineer", "mlops"),
        ("right, for the computer vision one, what courses?", "computer-vision-engineer", "computer vision"),
    ],
)
def test_a_return_names_the_discussed_role_it_shares_words_with(text: str, role: str, part: str) -> None:
    with knowledge() as kb:
        found = returned_to(text, DISCUSSED, kb)
    assert found is not None and found.key == role and text[found.start : found.end].lower() == part


def test_the_one_named_by_words_two_discussed_roles_share_in_part_is_the_one_with_more() -> None:
    text = "right, for the deep learning one, what courses are good"
    with knowledge() as kb:  # "deep" is in a research scientist's names too, but not discussed
        found = returned_to(text, ["Deep learning engineer", "Machine learning engineer"], kb)
    assert found is not None and found.key == "deep-learning-engineer"
    assert text[found.start : found.end] == "deep learning"


@pytest.mark.parametrize(
    "text,discussed",
    [
        ("back to the scientist one", ["Data scientist", "Research scientist"]),  # either
        ("back to the scientist one", ["MLOps engineer"]),  # not discussed
        ("what do scientists earn?", DISCUSSED),  # no return
        ("could you say that again about python?", DISCUSSED),  # names no role
        ("which is the better one?", DISCUSSED),
    ],
)
def test_no_return_or_no_single_discussed_role_names_none(text: str, discussed: list[str]) -> None:
    with knowledge() as kb:
        assert returned_to(text, discussed, kb) is None


def test_a_role_name_the_store_lacks_names_the_discussed_role_it_shares_words_with() -> None:
    text = "ok so for the scientist, what software engineering skills are important?"
    with knowledge() as kb:
        found = returned_to(text, DISCUSSED, kb, [(14, 23)])
        assert (
            found is not None
            and found.key == "data-scientist"
            and text[found.start : found.end] == "scientist"
        )
        assert returned_to(text, ["MLOps engineer"], kb, [(14, 23)]) is None
        text = "and a robotics engineer?"  # a role of its own, the store lacks it
        assert returned_to(text, ["Data engineer"], kb, [(6, 23)]) is None


def test_a_word_only_one_role_has_with_a_job_noun_names_that_role() -> None:
    with knowledge() as kb:
        found = distinctive("how about the vision engineers", [], kb)
        assert found is not None and found.key == "computer-vision-engineer"
        assert distinctive("what do research folks earn?", [], kb).key == "research-scientist"
        assert distinctive("is vision hard to learn?", [], kb) is None  # no job noun
        assert distinctive("what do data engineers earn?", [], kb) is None  # several roles have "data"
        text = "I'm a web dev, what should I learn?"
        assert distinctive(text, [(0, 13)], kb) is None  # what the learner is


@pytest.mark.parametrize("found", [[], [entity("role", "scientist", 21)]])
def test_an_answer_after_a_return_is_about_the_discussed_role(found: list[dict]) -> None:
    text = "ok going back to the scientist one, what do they earn?"
    slots = {"role": "MLOps engineer", "topic": "ask_salary"}
    events = slot_events("Data scientist", "MLOps engineer")
    _, events = run_action(ActionSalary(), tracker_for(text, "ask_salary", found, slots=slots, events=events))
    assert SlotSet("role", "Data scientist") in events


@pytest.mark.parametrize("found", [[], [entity("role", "vision engineers", 14)]])  # as DIET marks it
def test_a_follow_up_naming_a_distinctive_part_is_about_that_role(found: list[dict]) -> None:
    slots = {"topic": "ask_role_skills", "role": "Data scientist"}
    tracker = tracker_for("how about the vision engineers", "follow_up", found, slots=slots)
    _, events = run_action(ActionFollowUp(), tracker)
    assert SlotSet("role", "Computer vision engineer") in events


def test_a_named_role_is_left_alone() -> None:
    text = "back to the scientist one, and what do MLOps engineers study?"
    tracker = tracker_for(
        text, "ask_education", [entity("role", "MLOps engineers", 40)], events=slot_events("Data scientist")
    )
    _, events = run_action(ActionAnswerTopic(), tracker)
    assert SlotSet("role", "MLOps engineer") in events
