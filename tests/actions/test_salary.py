"""The salary action, run as the action server runs it against a real SQLite store: figures with
their source, an honest "none", and the country a question carries."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.salary import ActionSalary
from tests.helpers import entity, texts, tracker_for
from tests.wording import run, values

pytestmark = pytest.mark.usefixtures("store_url")


def responses(replies: list) -> list:
    return [r["response"] for r in replies]


def test_salary_with_source_and_honest_none() -> None:
    replies, _ = run(
        ActionSalary(),
        tracker_for(entities=[entity("role", "machine learning engineer"), entity("country", "UK", 30)]),
    )
    assert responses(replies) == ["utter_salary", "utter_salary_caveat"]
    figure = values("utter_salary", replies[0]["text"])
    assert figure and figure["a_role"] == "a machine learning engineer"
    assert figure["amount"].startswith("£54,668") and figure["source"].startswith("Glassdoor")
    replies, _ = run(ActionSalary(), tracker_for(slots={"role": "Data scientist"}))
    assert responses(replies) == ["utter_no_salary_for_role", "utter_salaries_known", "utter_salary"]
    assert values("utter_no_salary_for_role", replies[0]["text"]) == {"roles": "data scientists"}
    assert "£54,668" in replies[2]["text"]  # the one figure it has, clearly labelled as the ML engineer's
    replies, _ = run(
        ActionSalary(),
        tracker_for(entities=[entity("role", "ML engineer"), entity("country", "India", 20)]),
    )
    none = values("utter_no_salary_for_role_in_country", replies[0]["text"])
    assert none == {"roles": "machine learning engineers", "country": "India"}
    replies, _ = run(ActionSalary(), tracker_for(entities=[entity("country", "Germany", 12)]))
    assert values("utter_no_salary_in_country", replies[0]["text"]) == {"country": "Germany"}


def test_a_figure_asked_for_in_another_currency_says_it_is_not_converted() -> None:
    role = {"role": "Machine learning engineer"}
    replies, _ = run(ActionSalary(), tracker_for("how much is that in dollars?", slots=role))
    assert values("utter_salary_not_converted", replies[0]["text"]) == {"held": "pounds", "asked": "dollars"}
    assert "£54,668" in texts(replies) and "$" not in texts(replies)
    for asked in ("and in pounds?", "how much is that?", "is it more in dollars or euros?"):
        assert responses(run(ActionSalary(), tracker_for(asked, slots=role))[0])[0] == "utter_salary"


def test_a_salary_question_pointing_at_the_country_asked_about_keeps_it() -> None:
    asked = {"role": "Machine learning engineer", "country": "the UK"}
    _, events = run(ActionSalary(), tracker_for("what would they earn there?", "ask_salary", slots=asked))
    assert SlotSet("country", "the UK") in events
    _, events = run(ActionSalary(), tracker_for("what would they earn?", "ask_salary", slots=asked))
    assert SlotSet("country", None) in events


def test_a_salary_asked_in_general_leaves_the_role_being_discussed() -> None:
    text = "ok and what's a typical salary in deep learning overall, not for one job, in canada?"
    tracker = tracker_for(
        text,
        "ask_salary",
        [entity("country", "canada", text.index("canada"))],
        slots={"role": "Research scientist"},
    )
    _, events = run(ActionSalary(), tracker)
    assert not any(e["name"] == "role" for e in events)
    _, events = run(
        ActionSalary(),
        tracker_for("what do they earn overall?", "ask_salary", slots={"role": "Research scientist"}),
    )
    assert SlotSet("role", "Research scientist") in events
