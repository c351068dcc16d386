"""Salaries: only figures the store holds, always with their source; never a guess."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import cues, render
from actions.base import StoreAction
from actions.context import (
    COUNTRY_SLOT,
    ROLE_SLOT,
    entity_values,
    is_follow_up,
    role_in_context,
    say_unknown_role,
)
from actions.store.queries import CountryInfo, Knowledge, RoleInfo, SalaryInfo

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
    """The figure for the role (named, or being discussed unless the question asks in general) and
    country, or an honest 'none'. A follow-up ("and data scientists?") keeps the country of the
    salary asked before, and so does a question that points at it ("what would they earn there?") or
    goes on from it ("and the data engineers, what do they earn?")."""

    action_name = "action_salary"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        lookup = role_in_context(tracker, kb)
        if lookup.unknown:
            say_unknown_role(dispatcher, kb, lookup, "ask_salary")
            return []
        named = entity_values(tracker, "country")
        text = tracker.latest_message.get("text") or ""
        carried = is_follow_up(tracker) or cues.points_at_place(text) or cues.goes_on(text)
        if not named and carried and tracker.get_slot(COUNTRY_SLOT):
            named = [str(tracker.get_slot(COUNTRY_SLOT))]
        countries = [c for c in (kb.find_country(t) for t in named) if c]
        country = countries[0] if countries else None
        role = lookup.role
        figures = kb.salaries(role.key if role else None, country.code if country else None)
        if figures:
            asked = asked_currency(text)
            if asked and all(f.currency != asked for f in figures):
                dispatcher.utter_message(
                    response="utter_salary_not_converted",
                    held=render.currency_name(figures[0].currency),
                    asked=render.currency_name(asked),
                )
            say_figures(dispatcher, figures)
            dispatcher.utter_message(response="utter_salary_caveat")
        else:
            say_no_figure(dispatcher, role, country)
            known = kb.salaries()
            if known:
                dispatcher.utter_message(response="utter_salaries_known")
                say_figures(dispatcher, known)
        events = [SlotSet(COUNTRY_SLOT, country.name if country else None)]
        return events + ([SlotSet(ROLE_SLOT, role.title)] if role else [])


def say_figures(dispatcher: CollectingDispatcher, figures: Sequence[SalaryInfo]) -> None:
    """Each figure in a sentence of its own, with its source: a figure is never quoted without one."""
    for figure in figures:
        dispatcher.utter_message(response="utter_salary", **render.salary(figure))


def say_no_figure(
    dispatcher: CollectingDispatcher, role: RoleInfo | None, country: CountryInfo | None
) -> None:
    """Says there is no figure for what was asked, naming the role and country asked about."""
    if role and country:
        dispatcher.utter_message(
            response="utter_no_salary_for_role_in_country",
            roles=render.role_plural(role),
            country=country.name,
        )
    elif role:
        dispatcher.utter_message(response="utter_no_salary_for_role", roles=render.role_plural(role))
    elif country:
        dispatcher.utter_message(response="utter_no_salary_in_country", country=country.name)
    else:
        dispatcher.utter_message(response="utter_no_salary")
