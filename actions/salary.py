"""Salaries: only figures the store holds, always with their source; never a guess."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import ROLE_SLOT, entity_values, lookup_roles, say_unknown_role
from actions.store.queries import Knowledge


class ActionSalary(StoreAction):
    """The figure for the role (named or being discussed) and country, or an honest 'none'."""

    action_name = "action_salary"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> List[Dict[Text, Any]]:
        lookup = lookup_roles(tracker, kb)
        if lookup.unknown:
            say_unknown_role(dispatcher, kb, lookup, "ask_salary")
            return []
        countries = [c for c in (kb.find_country(t) for t in entity_values(tracker, "country")) if c]
        country = countries[0] if countries else None
        role = lookup.role
        figures = kb.salaries(role.key if role else None, country.code if country else None)
        if figures:
            text = "\n".join(render.salary(f) for f in figures)
            dispatcher.utter_message(text=f"{text}\n\n{render.salary_caveat()}")
        else:
            dispatcher.utter_message(
                text=render.no_salary(
                    render.role_plural(role) if role else None,
                    country.name if country else None,
                    kb.salaries(),
                )
            )
        return [SlotSet(ROLE_SLOT, role.title)] if role else []
