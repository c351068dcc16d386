"""Learning resources: courses and programmes to take next, in general, for a skill or for a role."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import render
from actions.base import StoreAction
from actions.context import (
    ROLE_SLOT,
    SKILL_SLOT,
    RoleLookup,
    asked_about,
    entity_mentions,
    last_discussed,
    lookup_roles,
    role_in_context,
    say_unknown_role,
)
from actions.cues import refers_back
from actions.guidance import first_courses, next_skills
from actions.known_skills import known_skill_keys
from actions.store.queries import Knowledge, ResourceInfo

TOP_COURSES = 4
"""How many courses the answer for a role lists, those teaching most of its skills first."""


def course_subject(tracker: Tracker, kb: Knowledge) -> tuple[list[str], RoleLookup]:
    """The skill names a course question asks about, else the roles it names; when it names neither,
    the skill discussed last if it points back at it ("where can I learn it?"), else the role being
    discussed unless it asks in general."""
    text = tracker.latest_message.get("text") or ""
    names = asked_about(text, entity_mentions(tracker, "skill"))
    lookup = lookup_roles(tracker, kb, use_slot=False)
    if names or lookup.roles or lookup.unknown:
        return names, lookup
    if refers_back(text) and last_discussed(tracker) == SKILL_SLOT:
        return [str(tracker.get_slot(SKILL_SLOT))], lookup
    return names, role_in_context(tracker, kb)


class ActionCourses(StoreAction):
    """A skill the question names gets the courses that teach it; a role (named or being discussed),
    the courses that cover most of the role's skills; a learner who said what they know, courses for
    the skills they'd learn next; otherwise the article's suggestions and the rest of the store.
    A question that points back at a skill ("where can I learn it?") is about that skill; one that
    doesn't ("can you recommend a course?") stays general after talking about PyTorch."""

    action_name = "action_courses"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge
    ) -> list[dict[str, Any]]:
        names, lookup = course_subject(tracker, kb)
        if names:
            skill = next(filter(None, (kb.find_skill(n) for n in names)), None)
            if skill is None:
                dispatcher.utter_message(response="utter_unknown_course_topic", asked=names[0])
                say_courses(dispatcher, kb.resources())
                return []
            teaching = kb.resources(skill.key)
            if teaching:
                dispatcher.utter_message(
                    response="utter_skill_courses",
                    skill_name=render.covering(skill, kb.skill_parts(skill.key)),
                    courses=render.resource_lines(teaching),
                )
            else:
                dispatcher.utter_message(response="utter_skill_courses_none", skill_name=skill.name)
                say_courses(dispatcher, kb.resources())
            return [SlotSet(SKILL_SLOT, skill.name)]
        if lookup.role:
            fits = kb.courses_for_role(lookup.role.key)[:TOP_COURSES]
            if fits:
                dispatcher.utter_message(
                    response="utter_role_courses",
                    a_role=render.a_role(lookup.role),
                    courses=render.course_fits(fits),
                )
            else:
                dispatcher.utter_message(
                    response="utter_role_courses_none", a_role=render.a_role(lookup.role)
                )
            return [SlotSet(ROLE_SLOT, lookup.role.title)]
        if lookup.unknown:
            say_unknown_role(dispatcher, kb, lookup, "ask_courses")
            return []
        known = known_skill_keys(tracker, kb)
        upcoming = [n.skill for n in next_skills(kb.role_fits(known))] if known else []
        courses = first_courses(kb, upcoming)
        if courses:
            dispatcher.utter_message(
                response="utter_courses_next",
                known=render.skill_names(kb.skills(known)),
                skills=render.skill_names(s for s in upcoming if s.key in courses),
                courses=render.resource_lines(list(dict.fromkeys(courses.values()))),
            )
            return []
        say_courses(dispatcher, kb.resources())
        return []


def say_courses(dispatcher: CollectingDispatcher, resources: Sequence[ResourceInfo]) -> None:
    """The courses the article suggests, then the rest of the store's."""
    dispatcher.utter_message(
        response="utter_courses", courses=render.described_resources([r for r in resources if r.in_article])
    )
    others = [r for r in resources if not r.in_article]
    if others:
        dispatcher.utter_message(response="utter_courses_more", courses=render.resource_lines(others))
