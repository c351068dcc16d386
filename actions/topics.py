"""Explanations (what deep learning is, education, frameworks...) and where deep learning is used."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import ROLE_SLOT, entity_values, lookup_roles, say_unknown_role
from actions.store.queries import ApplicationInfo, Knowledge


class ActionAnswerTopic(StoreAction):
    """Answers the topic whose `intent` in topics.yml is the learner's intent.

    A topic with `role_categories` also takes a role named in the message ("which language do data
    analysts use?") and adds that role's share of it, from the role's skills.
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
        dispatcher.utter_message(response="utter_topic", answer=render.topic_answer(info))
        if info.source:
            dispatcher.utter_message(response="utter_topic_source", source=info.source)
        if not info.role_categories:
            return []
        lookup = lookup_roles(tracker, kb, use_slot=False)
        if lookup.role:
            needed = kb.role_topic_skills(info, lookup.role.key)
            if needed:
                dispatcher.utter_message(
                    response="utter_topic_for_role",
                    a_role=render.a_role(lookup.role),
                    skills=render.required(needed),
                )
            else:
                dispatcher.utter_message(
                    response="utter_topic_for_role_none", a_role=render.a_role(lookup.role)
                )
            return [SlotSet(ROLE_SLOT, lookup.role.title)]
        if lookup.unknown:
            say_unknown_role(dispatcher, kb, lookup, intent)
        return []


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
