"""The shape every store-backed action shares: open the store for one unit of work, answer, close.

If the store cannot be read the learner still gets a clear sentence (`utter_store_unavailable` in
domain.yml) instead of silence, and the error is logged for the operator.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

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
                return self.answer(dispatcher, tracker, kb)
        except SQLAlchemyError:
            logger.exception("store query failed in %s", self.name())
            dispatcher.utter_message(response=STORE_UNAVAILABLE)
            return []
