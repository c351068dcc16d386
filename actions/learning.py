"""Learning resources: courses and programmes to take next, in general, for a skill or for a role."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import ROLE_SLOT, SKILL_SLOT, asked_about, entity_mentions, lookup_roles, say_unknown_role
from actions.store.queries import Knowledge


class ActionCourses(StoreAction):
    """A skill the question names gets the courses that teach it; a role it names, the courses that
    cover most of the role's skills; otherwise the article's suggestions and the rest of the store.
    Only what the message names counts: "can you recommend a course?" after talking about PyTorch is
    still the general question."""

    action_name = "action_courses"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> List[Dict[Text, Any]]:
        names = asked_about(tracker.latest_message.get("text") or "", entity_mentions(tracker, "skill"))
        if names:
            skill = next(filter(None, (kb.find_skill(n) for n in names)), None)
            if skill is None:
                dispatcher.utter_message(text=render.unknown_course_topic(names[0]))
                dispatcher.utter_message(text=render.courses(kb.resources()))
                return []
            teaching = kb.resources(skill.key)
            dispatcher.utter_message(text=render.skill_courses(skill, teaching, kb.skill_parts(skill.key)))
            if not teaching:
                dispatcher.utter_message(text=render.courses(kb.resources()))
            return [SlotSet(SKILL_SLOT, skill.name)]
        lookup = lookup_roles(tracker, kb, use_slot=False)
        if lookup.role:
            dispatcher.utter_message(text=render.role_courses(lookup.role, kb.courses_for_role(lookup.role.key)))
            return [SlotSet(ROLE_SLOT, lookup.role.title)]
        if lookup.unknown:
            say_unknown_role(dispatcher, kb, lookup, "ask_courses")
            return []
        dispatcher.utter_message(text=render.courses(kb.resources()))
        return []
