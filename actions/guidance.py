"""Guidance: remember what the learner knows, suggest roles that fit, and list what to learn next:
for a role (the skill gap), or, with no role in view, the skills that open the most roles."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import cues, render
from actions.base import StoreAction
from actions.context import (
    KNOWN_SKILLS_SLOT,
    ROLE_SLOT,
    TOPIC_SLOT,
    entity_mentions,
    role_in_context,
    say_unknown_role,
)
from actions.known_skills import known_skill_keys
from actions.store.queries import Knowledge, RequiredSkill, ResourceInfo, RoleFit, SkillInfo
from actions.store.queries.records import IMPORTANCE_WEIGHT
from nlp.statements import STATES_SKILLS, asks_prospects, asks_what_next, question_part

TOP_ROLES = 3
NEXT_SKILLS = 3
NEXT_STEPS = "next_steps"
"""The `topic` of open guidance, which the learner asks with the skill gap's words and no role."""
SKILL_GAP = "ask_skill_gap"
RECOMMEND = "recommend_role"
OWN_SKILLS_TOPICS = frozenset({STATES_SKILLS, NEXT_STEPS, SKILL_GAP, RECOMMEND})
"""Answers about the learner's own skills, which a following "which jobs would that lead to?" means."""


class ActionRememberSkills(StoreAction):
    """Notes the skills the learner states; a statement that ends in an open "what next?" ("I know
    SQL and Excel, where do I go from here?") gets what to learn next, as the skill gap gives it,
    with no role in view when the only one it names is the learner's own ("im a c++ programmer, …");
    one that asks which jobs are open to them ("… I don't code. What could I do in AI?") the roles that
    fit."""

    action_name = "action_remember_skills"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        keys = known_skill_keys(tracker, kb)
        if not keys:
            dispatcher.utter_message(response="utter_ask_known_skills")
            return []
        text = tracker.latest_message.get("text") or ""
        if asks_what_next(text):
            roles = entity_mentions(tracker, "role")
            if roles and not cues.unstated(text, roles):
                return open_guidance(dispatcher, kb, keys)
            events = ActionSkillGap().answer(dispatcher, tracker, kb)
            if not any(e.get("name") == TOPIC_SLOT for e in events):
                events.append(SlotSet(TOPIC_SLOT, SKILL_GAP))
            return events
        question = question_part(text)
        if question != text and asks_prospects(question):
            return recommend_roles(dispatcher, tracker, kb)
        dispatcher.utter_message(response="utter_skills_noted", skills=render.skill_names(kb.skills(keys)))
        return [SlotSet(KNOWN_SKILLS_SLOT, keys)]


class ActionRecommendRoles(StoreAction):
    action_name = "action_recommend_roles"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        keys = known_skill_keys(tracker, kb)
        if not keys:
            dispatcher.utter_message(response="utter_ask_known_skills")
            return []
        fits = [f for f in kb.role_fits(keys) if f.matched][:TOP_ROLES]
        if not fits:
            dispatcher.utter_message(response="utter_no_role_fits")
            return [SlotSet(KNOWN_SKILLS_SLOT, keys)]
        dispatcher.utter_message(response="utter_role_fits", skills=render.skill_names(kb.skills(keys)))
        buttons = render.role_buttons([f.role for f in fits], SKILL_GAP)
        for number, fit in enumerate(fits, 1):
            dispatcher.utter_message(
                response="utter_role_fit" if fit.missing else "utter_role_fit_complete",
                buttons=buttons if number == len(fits) else None,  # after the last, as quick replies
                **render.role_fit(fit),
            )
        # Several roles are now in view, none of them discussed: "what do they earn?" asks which.
        return [SlotSet(KNOWN_SKILLS_SLOT, keys), SlotSet(ROLE_SLOT, None)]


def asks_own_prospects(tracker: Tracker, kb: Knowledge) -> bool:
    """Whether a question about jobs asks which ones the learner's skills open ("what jobs could I
    do with that?"): its question says so, not just the statement before it ("I am knowing Java.
    What jobs exist in deep learning?"), and the learner has said what they know."""
    text = question_part(tracker.latest_message.get("text") or "")
    return cues.about_self(text) and bool(known_skill_keys(tracker, kb, only_stated=True))


def recommend_roles(
    dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
) -> list[dict[str, Any]]:
    """The roles that fit the learner's skills, as the answer to another question about jobs."""
    return [*ActionRecommendRoles().answer(dispatcher, tracker, kb), SlotSet(TOPIC_SLOT, RECOMMEND)]


class ActionSkillGap(StoreAction):
    """What to learn for a role (named, or being discussed unless the question asks in general);
    with no role in view, what to learn next at all (`next_steps`)."""

    action_name = "action_skill_gap"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        lookup = role_in_context(tracker, kb)
        keys = known_skill_keys(tracker, kb)
        if lookup.unknown:
            say_unknown_role(dispatcher, kb, lookup, SKILL_GAP)
            return []
        if lookup.role is None:
            return open_guidance(dispatcher, kb, keys)
        role = lookup.role
        missing = [n for n in kb.role_skills(role.key) if n.skill.key not in keys]
        courses = first_courses(kb, [n.skill for n in missing])
        if not missing:
            dispatcher.utter_message(
                response="utter_skill_gap_none",
                a_role=render.a_role(role),
                how_to_get_in=role.how_to_get_in.strip(),
            )
        elif keys:
            dispatcher.utter_message(
                response="utter_skill_gap_with_known",
                known=render.skill_names(kb.skills(keys)),
                a_role=render.a_role(role),
                skills=render.gap_lines(missing, courses),
            )
        else:
            dispatcher.utter_message(
                response="utter_skill_gap",
                a_role=render.a_role(role),
                skills=render.gap_lines(missing, courses),
            )
        return [SlotSet(ROLE_SLOT, role.title), SlotSet(KNOWN_SKILLS_SLOT, keys)]


def first_courses(kb: Knowledge, skills: list[SkillInfo]) -> dict[str, ResourceInfo]:
    """A course for each skill that one teaches, by skill key."""
    courses = {}
    for skill in skills:
        found = kb.resources(skill.key)
        if found:
            courses[skill.key] = found[0]
    return courses


def next_skills(fits: list[RoleFit], limit: int = NEXT_SKILLS) -> list[RequiredSkill]:
    """The missing skills that open the most roles: each scores its importance to every role that
    lacks it, counted more for roles the learner is already closer to (a role's fit score)."""
    scores: dict[str, float] = {}
    best: dict[str, RequiredSkill] = {}
    for fit in fits:
        for need in fit.missing:
            key = need.skill.key
            weight = IMPORTANCE_WEIGHT[need.importance]
            scores[key] = scores.get(key, 0.0) + weight * (1.0 + fit.score)
            if key not in best or weight > IMPORTANCE_WEIGHT[best[key].importance]:
                best[key] = need
    ranked = sorted(scores, key=lambda key: (-scores[key], best[key].skill.name))
    return [best[key] for key in ranked[:limit]]


def open_guidance(dispatcher: CollectingDispatcher, kb: Knowledge, keys: list[str]) -> list[dict[str, Any]]:
    """What to learn next with no role in view, and the conversation's note that this was asked."""
    say_next_steps(dispatcher, kb, keys)
    return [SlotSet(KNOWN_SKILLS_SLOT, keys), SlotSet(TOPIC_SLOT, NEXT_STEPS)]


def say_next_steps(dispatcher: CollectingDispatcher, kb: Knowledge, keys: list[str]) -> None:
    """Open guidance: the next skills with a course each, then the closest roles as buttons."""
    fits = kb.role_fits(keys)
    upcoming = next_skills(fits)
    if not upcoming:
        dispatcher.utter_message(response="utter_next_steps_done")
        return
    lines = render.gap_lines(upcoming, first_courses(kb, [n.skill for n in upcoming]))
    if not keys:
        dispatcher.utter_message(response="utter_next_steps_start", skills=lines)
        return
    dispatcher.utter_message(
        response="utter_next_steps", known=render.skill_names(kb.skills(keys)), skills=lines
    )
    closest = [f.role for f in fits if f.matched][:TOP_ROLES] or [f.role for f in fits[:TOP_ROLES]]
    dispatcher.utter_message(
        response="utter_next_steps_roles",
        roles=render.listed(r.title for r in closest),
        buttons=render.role_buttons(closest, SKILL_GAP),
    )
