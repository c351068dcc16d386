"""The shape every store-backed action shares: open the store for one unit of work, answer, close.

If the store cannot be read the learner still gets a clear sentence (`utter_store_unavailable` in
domain.yml) instead of silence, and the error is logged for the operator.

A field said where a role is meant ("the MLOps people", actions/field_roles.py) or a part of a role's
name ("back to the scientist one", actions/partial_roles.py) is read as that role first. Every answer
also records what the conversation needs next: the question answered (the `topic` slot, for "and data
engineers?") and any skills the learner stated while asking ("I know Python, how much…"), kept in
`known_skills`.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.context import KNOWN_SKILLS_SLOT, TOPIC_SLOT
from actions.field_roles import with_field_roles
from actions.known_skills import known_skill_keys
from actions.partial_roles import with_partial_roles
from actions.store.queries import Knowledge, knowledge

logger = logging.getLogger(__name__)

STORE_UNAVAILABLE = "utter_store_unavailable"


class StoreAction(Action, ABC):
    """A custom action that answers from the knowledge store.

    Abstract, so rasa_sdk's executor (which registers every concrete subclass of `Action`) registers
    only the actions themselves.
    """

    action_name: ClassVar[str]

    def name(self) -> str:
        return self.action_name

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        """Reads the conversation, queries `kb`, utters the reply; returns events (slot sets)."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            with knowledge() as kb:
                tracker = with_partial_roles(with_field_roles(tracker, kb), kb)
                events = self.answer(dispatcher, tracker, kb)
                return events + context_events(tracker, kb, events)
        except SQLAlchemyError:
            logger.exception("store query failed in %s", self.name())
            dispatcher.utter_message(response=STORE_UNAVAILABLE)
            return []


def context_events(tracker: Tracker, kb: Knowledge, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The slots an answer sets for what follows, unless it set them itself: the question answered
    (the latest intent) and the skills stated in the message on top of those already known."""
    set_by_answer = {e.get("name") for e in events if e.get("event") == "slot"}
    added: list[dict[str, Any]] = []
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if TOPIC_SLOT not in set_by_answer and intent:
        added.append(SlotSet(TOPIC_SLOT, intent))
    if KNOWN_SKILLS_SLOT not in set_by_answer:
        keys = known_skill_keys(tracker, kb, only_stated=True)
        if keys != list(tracker.get_slot(KNOWN_SKILLS_SLOT) or []):
            added.append(SlotSet(KNOWN_SKILLS_SLOT, keys))
    return added
