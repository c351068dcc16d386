"""Learning resources: courses and programmes to take next."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.store.queries import Knowledge


class ActionCourses(StoreAction):
    action_name = "action_courses"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=render.courses(kb.resources()))
        return []
