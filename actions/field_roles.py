"""A role named by its field: "and the MLOps people?", "back to computer vision, which courses?".

The NLU marks "MLOps" or "computer vision" as a skill, which it is. Said of people or of a job, in a
return to a role discussed before, in a question only a role can answer ("what else do I need for
mlops?") or as a follow-up to one, the field means the role named for it (`Knowledge.roles_by_field`):
the message is then read as naming that role, so every action answers about it.
"""

from __future__ import annotations

import copy
from typing import Any

from rasa_sdk import Tracker

from actions import cues
from actions.context import discussed_roles, entity_mentions
from actions.store.queries import Knowledge

EXTRACTOR = "field_roles"
ROLE_QUESTIONS = frozenset(
    {
        "ask_role",
        "ask_skill_gap",
        "ask_salary",
        "ask_experience",
        "ask_frameworks",
        "ask_programming_languages",
        "ask_software_engineering",
    }
)
"""Questions a field's role answers better than the field: what a job is, what the learner lacks for
it, what it pays, how to get experience in it, and its tools ("what frameworks for mlops")."""


def with_field_roles(tracker: Tracker, kb: Knowledge, after_role_question: bool = False) -> Tracker:
    """`tracker`, or a copy whose latest message names a role in place of each field that means one.

    A field means its role in a message that names no role, when people or a job follow it ("the
    MLOps people"), the message points at a job ("for that job") or goes back to that role after it
    was discussed; in a question only a role answers when it is the question's target ("what else
    do I need for mlops?", not "Python, computer vision basics. What am I missing?"); with
    `after_role_question` (a follow-up to a question about a role) it always does.
    """
    message = tracker.latest_message
    text = message.get("text") or ""
    if entity_mentions(tracker, "role"):
        return tracker
    role_question = (message.get("intent") or {}).get("name") in ROLE_QUESTIONS
    fields = kb.roles_by_field()
    skills = entity_mentions(tracker, "skill")
    stated = {id(m) for m in cues.stated(text, skills)}
    swaps: dict[tuple[Any, Any], str] = {}
    for mention in skills:
        skill = kb.find_skill(mention.value) if id(mention) not in stated else None
        role = kb.role(fields[skill.key]) if skill and skill.key in fields else None
        if role is None or mention.end is None:
            continue
        if (
            after_role_question
            or (role_question and cues.is_target(text[: mention.start]))
            or cues.of_people(text[mention.end :])
            or cues.points_at_job(text)
            or (cues.goes_back(text) and role.title in discussed_roles(tracker))
        ):
            swaps[(mention.start, mention.end)] = role.title
    if not swaps:
        return tracker
    entities = [e for e in message.get("entities") or [] if not _within(e, swaps)]
    entities += [
        {"entity": "role", "value": title, "start": start, "end": end, "extractor": EXTRACTOR}
        for (start, end), title in swaps.items()
    ]
    resolved = copy.copy(tracker)
    resolved.latest_message = {**message, "entities": entities}
    return resolved


def _within(entity: dict[str, Any], spans: dict[tuple[Any, Any], str]) -> bool:
    """Whether a skill entity lies in one of the spans now read as a role."""
    start, end = entity.get("start"), entity.get("end")
    return entity.get("entity") == "skill" and any(
        start is not None and end is not None and s <= start and end <= e for s, e in spans
    )
