"""Roles: which careers use deep learning, what each does, the skills it needs, how two compare."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import ROLE_SLOT, lookup_roles, require_role
from actions.store.queries import Knowledge


class ActionListRoles(StoreAction):
    action_name = "action_list_roles"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        roles = kb.roles()
        dispatcher.utter_message(text=render.roles_overview(roles), buttons=render.role_buttons(roles))
        return []


class ActionDescribeRole(StoreAction):
    action_name = "action_describe_role"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        role = require_role(dispatcher, tracker, kb, "ask_role", "what the job involves")
        if role is None:
            return []
        dispatcher.utter_message(
            text=render.role(role),
            buttons=[
                render.button("Skills needed", "ask_role_skills", role=role.key),
                render.button("Salary", "ask_salary", role=role.key),
            ],
        )
        return [SlotSet(ROLE_SLOT, role.title)]


class ActionRoleSkills(StoreAction):
    action_name = "action_role_skills"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        role = require_role(dispatcher, tracker, kb, "ask_role_skills", "which skills it needs")
        if role is None:
            return []
        dispatcher.utter_message(text=render.role_skills(role, kb.role_skills(role.key)))
        return [SlotSet(ROLE_SLOT, role.title)]


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
        if lookup.unknown or len(roles) < 2:
            dispatcher.utter_message(
                text=render.unknown_role(lookup.unknown, lookup.suggestions)
                if lookup.unknown
                else "Which two roles should I compare? For example: compare a data scientist "
                "and a data analyst.",
                buttons=render.role_buttons(lookup.suggestions or kb.roles()),
            )
            return []
        first, second = roles[:2]
        skills = {r.key: kb.role_skills(r.key) for r in (first, second)}
        dispatcher.utter_message(text=render.comparison(first, second, skills))
        return [SlotSet(ROLE_SLOT, second.title)]
