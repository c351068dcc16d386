"""What the Rasa server's `/health` asks of the action server: can the store be read?

Not in the domain, so no conversation runs it. It answers only when a completed load can be read;
anything else raises, and the action server answers the probe with an error status.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.store.queries import knowledge


class StoreNotLoaded(RuntimeError):
    """The store can be opened but holds no completed load."""


class ActionCheckStore(Action):
    """Reads the store's load record; raises when it can't."""

    def name(self) -> str:
        return "action_check_store"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with knowledge() as kb:
            if not kb.is_loaded():
                raise StoreNotLoaded("the knowledge store holds no completed load")
        return []
