"""Follow-ups: "and data engineers?", "what about Kafka?", "same for the UK" ask the last question
again, about what the message names.

The question last answered is the `topic` slot (set after every answer, actions/base.py). The
follow-up is answered by the action the rules give that question (data/rules/), as if the learner had
asked it in full. When the message names something that question can't be about ("and Kafka?" after
a salary), or nothing was asked yet, it is the first question one asks about such a name: a role is
described, a skill explained, an application area shown, a country's salaries given. After the
learner said what they know, a skill added with "too" or "also" ("and PyTorch too") is one more
they know, and so is one added with "and" right after they said it ("and data cleaning").
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import cues
from actions.base import StoreAction
from actions.context import TOPIC_SLOT, entity_values
from actions.field_roles import with_field_roles
from actions.guidance import NEXT_STEPS, OWN_SKILLS_TOPICS, SKILL_GAP
from actions.settings import PROJECT_ROOT
from actions.store.queries import Knowledge
from nlp.statements import STATES_SKILLS

RULES_DIR = PROJECT_ROOT / "data" / "rules"
FOLLOW_UP = "follow_up"

ROLE_TOPICS = frozenset(
    {
        "ask_role",
        "ask_role_skills",
        "ask_salary",
        "ask_skill_gap",
        "ask_courses",
        "ask_education",
        "ask_experience",
        "ask_frameworks",
        "ask_programming_languages",
        "ask_software_engineering",
        "compare_roles",
    }
)
TOPICS_TAKING = {
    "role": ROLE_TOPICS,
    "skill": frozenset({"ask_skill", "ask_skill_roles", "ask_courses"}),
    "application": frozenset({"ask_applications"}),
    "country": frozenset({"ask_salary"}),
}
"""Which questions can be asked again about each kind of name."""
FIRST_QUESTION = {
    "role": "ask_role",
    "skill": "ask_skill",
    "application": "ask_applications",
    "country": "ask_salary",
}
"""The question a follow-up asks about a name when the last one can't be about it."""
AFTER_OWN_SKILLS = OWN_SKILLS_TOPICS - {SKILL_GAP}
"""Answers to what the learner said they know, after which "and PyTorch too" adds to it (after a
role's skill gap, "and SQL too?" may ask whether the role needs it)."""


@cache
def answering_actions() -> dict[str, str]:
    """Intent → the action its rule runs, from data/rules (one step of each: intent, then action)."""
    answers: dict[str, str] = {}
    for path in sorted(RULES_DIR.glob("*.yml")):
        for rule in yaml.safe_load(path.read_text()).get("rules") or []:
            steps = rule.get("steps") or []
            if len(steps) == 2 and "intent" in steps[0] and "action" in steps[1]:
                answers[steps[0]["intent"]] = steps[1]["action"]
    return answers


@cache
def store_actions() -> dict[str, StoreAction]:
    """Every store action by name (their modules imported, as the action server imports them); found
    once per process, as the actions hold no state."""
    from actions import learning, roles, salary, skills, topics  # noqa: F401

    found: dict[str, StoreAction] = {}
    pending = list(StoreAction.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not getattr(cls, "__abstractmethods__", None):
            found[cls.action_name] = cls()
    return found


def follow_up_topic(topic: str | None, named: list[str]) -> str | None:
    """The question a follow-up asks: the last one (`topic`) if it can be about the kinds of name
    the message `named` (role, skill, application, country), else the first question about a kind
    named that can be about them all ("a research scientist in France?" asks a salary), else about the
    first kind named; the last one again when it names nothing."""
    if topic == NEXT_STEPS:
        topic = "ask_skill_gap"  # "what next?" then "and for data scientists?": that role's gap
    if not named:
        return topic
    for candidate in (topic, *(FIRST_QUESTION[kind] for kind in named)):
        if candidate and all(candidate in TOPICS_TAKING[kind] for kind in named):
            return candidate
    return FIRST_QUESTION[named[0]]


def asking(tracker: Tracker, intent: str) -> Tracker:
    """A copy of `tracker` whose latest message asks `intent` (what the answering action reads)."""
    resolved = copy.copy(tracker)
    latest = dict(tracker.latest_message)
    latest["intent"] = {**(latest.get("intent") or {}), "name": intent, "resolved_from": FOLLOW_UP}
    resolved.latest_message = latest
    return resolved


class ActionFollowUp(StoreAction):
    action_name = "action_follow_up"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        last = tracker.get_slot(TOPIC_SLOT)
        if last in ROLE_TOPICS and last not in TOPICS_TAKING["skill"]:
            # "what do data engineers earn?" then "and computer vision?": the computer vision engineer
            tracker = with_field_roles(tracker, kb, after_role_question=True)
        named = [kind for kind in FIRST_QUESTION if entity_values(tracker, kind)]
        text = tracker.latest_message.get("text") or ""
        adds_a_skill = named == ["skill"] and (
            (last in AFTER_OWN_SKILLS and cues.adds_one_more(text))
            or (last == STATES_SKILLS and cues.goes_on(text))
        )
        topic = STATES_SKILLS if adds_a_skill else follow_up_topic(last, named)
        action = store_actions().get(answering_actions().get(topic or "", ""))
        if action is None:
            dispatcher.utter_message(response="utter_follow_up_unclear")
            return [SlotSet(TOPIC_SLOT, None)]
        events = action.answer(dispatcher, asking(tracker, str(topic)), kb)
        if not any(e.get("name") == TOPIC_SLOT for e in events):
            events.append(SlotSet(TOPIC_SLOT, topic))
        return events
