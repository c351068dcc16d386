"""Skills: what a skill is and why it matters, and which roles need it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import cues, render
from actions.base import StoreAction
from actions.context import (
    SKILL_SLOT,
    TOPIC_SLOT,
    asked_about,
    distinct,
    entity_mentions,
)
from actions.guidance import OWN_SKILLS_TOPICS, recommend_roles
from actions.known_skills import known_skill_keys
from actions.store.queries import Knowledge, SkillInfo


def named_skill(dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge) -> SkillInfo | None:
    """The first known skill the question is about; when it names none, the one it points back at in
    the learner's own words ("I use Kafka at work, which jobs need it?"), else the one last
    discussed; otherwise says it doesn't know it."""
    text = tracker.latest_message.get("text") or ""
    mentions = entity_mentions(tracker, "skill")
    names = asked_about(text, mentions)
    if not names and cues.refers_back(text):
        names = distinct(cues.stated(text, mentions))
    if not names and tracker.get_slot(SKILL_SLOT):
        names = [tracker.get_slot(SKILL_SLOT)]
    for text in names:
        skill = kb.find_skill(text)
        if skill:
            return skill
    if names:
        dispatcher.utter_message(response="utter_unknown_skill", asked=names[0])
    else:
        dispatcher.utter_message(response="utter_no_skill_named")
    return None


class ActionDescribeSkill(StoreAction):
    action_name = "action_describe_skill"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        skill = named_skill(dispatcher, tracker, kb)
        if not skill:
            return []
        dispatcher.utter_message(response="utter_skill", skill_name=skill.name, why=skill.why.strip())
        parts = kb.skill_parts(skill.key)
        if parts:
            dispatcher.utter_message(response="utter_skill_covers", parts=render.skill_names(parts))
        needs = kb.roles_needing(skill.key)
        if needs:
            dispatcher.utter_message(response="utter_skill_used_by", roles=render.needs(needs))
        return [SlotSet(SKILL_SLOT, skill.name)]


class ActionSkillRoles(StoreAction):
    """The roles a skill is needed for; "which jobs would that lead to?" or "which roles fit?", naming
    no skill right after the learner's own skills, asks which roles they fit."""

    action_name = "action_skill_roles"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        names_no_skill = not asked_about(text, entity_mentions(tracker, "skill"))
        after_own_skills = tracker.get_slot(TOPIC_SLOT) in OWN_SKILLS_TOPICS
        if names_no_skill and after_own_skills and known_skill_keys(tracker, kb):
            return recommend_roles(dispatcher, tracker, kb)
        skill = named_skill(dispatcher, tracker, kb)
        if not skill:
            return []
        needs = kb.roles_needing(skill.key)
        if needs:
            dispatcher.utter_message(
                response="utter_skill_roles",
                skill_name=render.covering(skill, kb.skill_parts(skill.key)),
                roles=render.needs_by_importance(needs),
            )
        else:
            dispatcher.utter_message(response="utter_skill_roles_none", skill_name=skill.name, why=skill.why)
        return [SlotSet(SKILL_SLOT, skill.name)]
