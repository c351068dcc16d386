"""Salaries: only figures the store holds, always with their source; never a guess."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import ROLE_SLOT, entity_values, lookup_roles, say_unknown_role
from actions.store.queries import Knowledge

CURRENCIES = {
    "USD": re.compile(r"\b(dollars?|usd|bucks)\b|\$", re.IGNORECASE),
    "EUR": re.compile(r"\b(euros?|eur)\b|€", re.IGNORECASE),
    "GBP": re.compile(r"\b(pounds?|gbp|sterling)\b|£", re.IGNORECASE),
    "INR": re.compile(r"\b(rupees?|inr|lakhs?)\b|₹", re.IGNORECASE),
}
"""How a learner names the currency they want a figure in ("how much is that in dollars?")."""


def asked_currency(text: str) -> str | None:
    """The currency the message asks for, if it names exactly one."""
    named = [code for code, pattern in CURRENCIES.items() if pattern.search(text)]
    return named[0] if len(named) == 1 else None


class ActionSalary(StoreAction):
    """The figure for the role (named or being discussed) and country, or an honest 'none'."""

    action_name = "action_salary"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
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
            asked = asked_currency(tracker.latest_message.get("text") or "")
            if asked and all(f.currency != asked for f in figures):
                text = f"{render.not_converted(asked, figures[0].currency)}\n{text}"
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
