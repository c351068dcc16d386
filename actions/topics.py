"""Explanations (what deep learning is, education, frameworks...) and where deep learning is used."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import ROLE_SLOT, entity_values, lookup_roles, say_unknown_role
from actions.store.queries import Knowledge


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
        dispatcher.utter_message(text=render.topic(info))
        if not info.role_categories:
            return []
        lookup = lookup_roles(tracker, kb, use_slot=False)
        if lookup.role:
            needed = kb.role_topic_skills(info, lookup.role.key)
            dispatcher.utter_message(text=render.topic_for_role(lookup.role, needed))
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
                dispatcher.utter_message(
                    text=render.application(area), buttons=render.role_buttons(area.roles)
                )
                return []
        areas = kb.applications()
        dispatcher.utter_message(
            text=render.applications_overview(areas), buttons=render.application_buttons(areas)
        )
        return []
