"""Roles: which careers use deep learning, what each does, the skills it needs, how two compare."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import ROLE_SLOT, lookup_roles, require_role, say_unknown_role
from actions.guidance import asks_own_prospects, recommend_roles
from actions.store.queries import Knowledge, RoleInfo


class ActionListRoles(StoreAction):
    """Every role; once the learner has said what they know, "what jobs could I do?" gets the roles
    that fit them instead."""

    action_name = "action_list_roles"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        if asks_own_prospects(tracker, kb):
            return recommend_roles(dispatcher, tracker, kb)
        roles = kb.roles()
        dispatcher.utter_message(
            response="utter_roles", roles=render.role_lines(roles), buttons=render.role_buttons(roles)
        )
        return []


class ActionDescribeRole(StoreAction):
    """What a role does; with no role in view, a learner who said what they know and asks what they
    could do ("what can i do with that in AI?") gets the roles that fit them."""

    action_name = "action_describe_role"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        lookup = lookup_roles(tracker, kb)
        if not lookup.roles and not lookup.unknown and asks_own_prospects(tracker, kb):
            return recommend_roles(dispatcher, tracker, kb)
        role = require_role(dispatcher, tracker, kb, "ask_role", "utter_which_role_to_describe")
        if role is None:
            return []
        dispatcher.utter_message(response="utter_role", **render.role(role))
        return [SlotSet(ROLE_SLOT, role.title)]


class ActionRoleSkills(StoreAction):
    action_name = "action_role_skills"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        role = require_role(dispatcher, tracker, kb, "ask_role_skills", "utter_which_role_for_skills")
        if role is None:
            return []
        say_role_skills(dispatcher, kb, role)
        return [SlotSet(ROLE_SLOT, role.title)]


def say_role_skills(dispatcher: CollectingDispatcher, kb: Knowledge, role: RoleInfo) -> None:
    """The skills a role needs, one bullet per importance."""
    dispatcher.utter_message(
        response="utter_role_skills",
        a_role=render.a_role(role),
        skills=render.required(kb.role_skills(role.key)),
    )


class ActionCompareRoles(StoreAction):
    action_name = "action_compare_roles"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        lookup = lookup_roles(tracker, kb, use_slot=False)
        roles = list(lookup.roles)
        slot = tracker.get_slot(ROLE_SLOT)
        remembered = kb.find_role(str(slot)) if slot else None
        if len(roles) == 1 and remembered and remembered.key != roles[0].key:
            roles.insert(0, remembered)
        if lookup.unknown:
            say_unknown_role(dispatcher, kb, lookup, "ask_role")
            return []
        if len(roles) < 2:
            dispatcher.utter_message(
                response="utter_which_roles_to_compare", buttons=render.role_buttons(kb.roles())
            )
            return []
        first, second = roles[:2]
        skills = {r.key: kb.role_skills(r.key) for r in (first, second)}
        dispatcher.utter_message(response="utter_compare_roles", **render.comparison(first, second, skills))
        # The first stays the role being discussed: "how does it compare with X?" stays on it.
        return [SlotSet(ROLE_SLOT, first.title)]
