"""Explanations (what deep learning is, education, frameworks...) and where deep learning is used."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import (
    KNOWN_SKILLS_SLOT,
    ROLE_SLOT,
    TOPIC_SLOT,
    RoleLookup,
    entity_values,
    role_in_context,
    say_unknown_role,
)
from actions.guidance import open_guidance
from actions.known_skills import known_skill_keys
from actions.roles import say_role_skills
from actions.store.queries import ApplicationInfo, Knowledge, RoleInfo, TopicInfo
from nlp.statements import asks_what_next


def education(role: RoleInfo) -> dict[str, str]:
    return {"roles": render.role_plural(role), "education": role.education.strip()}


def experience(role: RoleInfo) -> dict[str, str]:
    return {"a_role": render.a_role(role), "how_to_get_in": role.how_to_get_in.strip()}


ROLE_ANSWERS = {
    "ask_education": ("utter_role_education", education),
    "ask_experience": ("utter_role_experience", experience),
}
"""Topics the store answers per role from the role's own entry (data/knowledge/roles.yml)."""
ROLE_SKILLS_TOPIC = "ask_skills"
"""Skills in general; about a role, the role's skills (the ask_role_skills answer)."""


class ActionAnswerTopic(StoreAction):
    """Answers the topic whose `intent` in topics.yml is the learner's intent.

    About a role (named, or being discussed unless the question asks in general), a topic the store
    holds per role is answered for the role alone: its education or way in from roles.yml, its share
    of a topic's skills (`role_categories`), or its skills. The general answer is given when the role
    has nothing for the topic, saying so first.
    """

    action_name = "action_answer_topic"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        info = kb.topic_for_intent(intent)
        if info is None:
            dispatcher.utter_message(response="utter_fallback")
            return []
        per_role = intent in ROLE_ANSWERS or bool(info.role_categories) or intent == ROLE_SKILLS_TOPIC
        lookup = role_in_context(tracker, kb) if per_role else RoleLookup()
        if lookup.unknown:
            say_unknown_role(dispatcher, kb, lookup, intent)
            return []
        role = lookup.role
        if role is None and intent == ROLE_SKILLS_TOPIC and asks_next_after_skills(tracker):
            return open_guidance(dispatcher, kb, known_skill_keys(tracker, kb))
        if role is None:
            say_topic(dispatcher, info)
            return []
        if intent == ROLE_SKILLS_TOPIC:
            say_role_skills(dispatcher, kb, role)
            return [SlotSet(ROLE_SLOT, role.title), SlotSet(TOPIC_SLOT, "ask_role_skills")]
        if intent in ROLE_ANSWERS:
            response, values = ROLE_ANSWERS[intent]
            dispatcher.utter_message(response=response, **values(role))
            return [SlotSet(ROLE_SLOT, role.title)]
        needed = kb.role_topic_skills(info, role.key)
        if needed:
            dispatcher.utter_message(
                response="utter_topic_for_role", a_role=render.a_role(role), skills=render.required(needed)
            )
        else:
            dispatcher.utter_message(response="utter_topic_for_role_none", a_role=render.a_role(role))
            say_topic(dispatcher, info, in_general=True)
        return [SlotSet(ROLE_SLOT, role.title)]


def asks_next_after_skills(tracker: Tracker) -> bool:
    """Whether a learner who said what they know asks openly what to learn next ("what should I
    learn now to get into deep learning?"): open guidance, not the skills deep learning needs."""
    text = tracker.latest_message.get("text") or ""
    return bool(tracker.get_slot(KNOWN_SKILLS_SLOT)) and asks_what_next(text)


def say_topic(dispatcher: CollectingDispatcher, info: TopicInfo, in_general: bool = False) -> None:
    """The topic's general answer with its source (after a role's "none", marked as general)."""
    response = "utter_topic_in_general" if in_general else "utter_topic"
    dispatcher.utter_message(response=response, answer=render.topic_answer(info))
    if info.source:
        dispatcher.utter_message(response="utter_topic_source", source=info.source)


class ActionApplications(StoreAction):
    """One application area when the learner names it, otherwise the overview of all of them."""

    action_name = "action_applications"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        for text in entity_values(tracker, "application"):
            area = kb.find_application(text)
            if area:
                say_area(dispatcher, area)
                return []
        areas = kb.applications()
        dispatcher.utter_message(
            response="utter_applications",
            areas=render.application_lines(areas),
            buttons=render.application_buttons(areas),
        )
        return []


def say_area(dispatcher: CollectingDispatcher, area: ApplicationInfo) -> None:
    """How deep learning is used in one area, its examples, and who works on it (each role a button)."""
    dispatcher.utter_message(response="utter_application", area=area.name, how=area.how.strip())
    if area.examples:
        dispatcher.utter_message(
            response="utter_application_examples", examples=render.bullets(area.examples)
        )
    if area.roles:
        dispatcher.utter_message(
            response="utter_application_roles",
            roles=render.role_lines(area.roles),
            buttons=render.role_buttons(area.roles),
        )
