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
            dispatcher.utter_message(response="utter_ask_known_skills")
            return []
        dispatcher.utter_message(response="utter_skills_noted", skills=render.skill_names(kb.skills(keys)))
        return [SlotSet(KNOWN_SKILLS_SLOT, keys)]


class ActionRecommendRoles(StoreAction):
    action_name = "action_recommend_roles"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        keys = known_skill_keys(tracker, kb)
        if not keys:
            dispatcher.utter_message(response="utter_ask_known_skills")
            return []
        fits = [f for f in kb.role_fits(keys) if f.matched][:TOP_ROLES]
        if not fits:
            dispatcher.utter_message(response="utter_no_role_fits")
            return [SlotSet(KNOWN_SKILLS_SLOT, keys)]
        dispatcher.utter_message(response="utter_role_fits", skills=render.skill_names(kb.skills(keys)))
        buttons = render.role_buttons([f.role for f in fits], "ask_skill_gap")
        for number, fit in enumerate(fits, 1):
            dispatcher.utter_message(
                response="utter_role_fit" if fit.missing else "utter_role_fit_complete",
                buttons=buttons if number == len(fits) else None,  # after the last, as quick replies
                **render.role_fit(fit),
            )
        return [SlotSet(KNOWN_SKILLS_SLOT, keys), SlotSet(ROLE_SLOT, fits[0].role.title)]


class ActionSkillGap(StoreAction):
    action_name = "action_skill_gap"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        role = require_role(dispatcher, tracker, kb, "ask_skill_gap", "utter_which_role_for_gap")
        if role is None:
            return []
        keys = known_skill_keys(tracker, kb)
        missing = [n for n in kb.role_skills(role.key) if n.skill.key not in keys]
        courses = {}
        for need in missing:
            found = kb.resources(need.skill.key)
            if found:
                courses[need.skill.key] = found[0]
        if not missing:
            dispatcher.utter_message(
                response="utter_skill_gap_none",
                a_role=render.a_role(role),
                how_to_get_in=role.how_to_get_in.strip(),
            )
        elif keys:
            dispatcher.utter_message(
                response="utter_skill_gap_with_known",
                known=render.skill_names(kb.skills(keys)),
                a_role=render.a_role(role),
                skills=render.gap_lines(missing, courses),
            )
        else:
            dispatcher.utter_message(
                response="utter_skill_gap",
                a_role=render.a_role(role),
                skills=render.gap_lines(missing, courses),
            )
        return [SlotSet(ROLE_SLOT, role.title), SlotSet(KNOWN_SKILLS_SLOT, keys)]
