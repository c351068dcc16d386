"""Guidance: remember what the learner knows, suggest roles that fit, and list what to learn next."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import KNOWN_SKILLS_SLOT, ROLE_SLOT, known_skill_keys, require_role
from actions.store.queries import Knowledge

TOP_ROLES = 3


class ActionRememberSkills(StoreAction):
    action_name = "action_remember_skills"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        keys = known_skill_keys(tracker, kb)
        if not keys:
            dispatcher.utter_message(text=render.no_known_skills())
            return []
        dispatcher.utter_message(
            text=render.remembered_skills(kb.skills(keys)),
            buttons=[render.button("Which role suits me?", "recommend_role")],
        )
        return [SlotSet(KNOWN_SKILLS_SLOT, keys)]


class ActionRecommendRoles(StoreAction):
    action_name = "action_recommend_roles"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        keys = known_skill_keys(tracker, kb)
        if not keys:
            dispatcher.utter_message(text=render.no_known_skills())
            return []
        fits = [f for f in kb.role_fits(keys) if f.matched][:TOP_ROLES]
        if not fits:
            dispatcher.utter_message(
                text="None of the roles I know lists those skills yet. " + render.no_known_skills()
            )
            return [SlotSet(KNOWN_SKILLS_SLOT, keys)]
        dispatcher.utter_message(
            text=render.recommendations(fits, kb.skills(keys)),
            buttons=render.role_buttons([f.role for f in fits], "ask_skill_gap"),
        )
        return [SlotSet(KNOWN_SKILLS_SLOT, keys), SlotSet(ROLE_SLOT, fits[0].role.title)]


class ActionSkillGap(StoreAction):
    action_name = "action_skill_gap"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        role = require_role(dispatcher, tracker, kb, "ask_skill_gap", "what to learn for it")
        if role is None:
            return []
        keys = known_skill_keys(tracker, kb)
        missing = [n for n in kb.role_skills(role.key) if n.skill.key not in keys]
        courses = {}
        for need in missing:
            found = kb.resources(need.skill.key)
            if found:
                courses[need.skill.key] = found[0]
        dispatcher.utter_message(text=render.skill_gap(role, missing, kb.skills(keys), courses))
        return [SlotSet(ROLE_SLOT, role.title), SlotSet(KNOWN_SKILLS_SLOT, keys)]
