"""Skills: what a skill is and why it matters, and which roles need it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import SKILL_SLOT, asked_about, entity_mentions
from actions.store.queries import Knowledge, SkillInfo


def named_skill(dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge) -> SkillInfo | None:
    """The first known skill the question is about, or the one last discussed when it names none;
    otherwise says it doesn't know it."""
    names = asked_about(tracker.latest_message.get("text") or "", entity_mentions(tracker, "skill"))
    if not names and tracker.get_slot(SKILL_SLOT):
        names = [tracker.get_slot(SKILL_SLOT)]
    for text in names:
        skill = kb.find_skill(text)
        if skill:
            return skill
    dispatcher.utter_message(
        text=render.unknown_skill(names[0] if names else None),
        buttons=[render.button("Skills for deep learning", "ask_skills")],
    )
    return None


class ActionDescribeSkill(StoreAction):
    action_name = "action_describe_skill"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        skill = named_skill(dispatcher, tracker, kb)
        if not skill:
            return []
        dispatcher.utter_message(
            text=render.skill(skill, kb.roles_needing(skill.key), kb.skill_parts(skill.key))
        )
        return [SlotSet(SKILL_SLOT, skill.name)]


class ActionSkillRoles(StoreAction):
    action_name = "action_skill_roles"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        skill = named_skill(dispatcher, tracker, kb)
        if not skill:
            return []
        dispatcher.utter_message(
            text=render.skill_roles(skill, kb.roles_needing(skill.key), kb.skill_parts(skill.key))
        )
        return [SlotSet(SKILL_SLOT, skill.name)]
