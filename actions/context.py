"""What an action needs from the conversation: entities in the latest message and remembered slots.

Role lookups follow one rule everywhere: a role named in the message wins (and becomes the role being
discussed); otherwise the role remembered in the `role` slot; a name the store doesn't know gets the
closest known roles as suggestions instead of a guess. Skill questions that name no skill ("which
jobs need it?") are about the skill last described, kept in the `skill` slot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import cues, render
from actions.store.queries import Knowledge, RoleInfo
from actions.unnamed_roles import named_role_text
from nlp.statements import question_part

ROLE_SLOT = "role"
SKILL_SLOT = "skill"
KNOWN_SKILLS_SLOT = "known_skills"
TOPIC_SLOT = "topic"
COUNTRY_SLOT = "country"
RULER = "SpacyEntityExtractor"
"""The extractor of the store-built entity ruler (nlp/build.py), whose spans are whole store names."""


@dataclass
class Mention:
    """One name in a message, as the actions see it after merging the extractors' entities."""

    value: str
    start: int | None
    end: int | None


def entity_values(tracker: Tracker, entity: str) -> list[str]:
    """Distinct values of one entity type in the latest message (see `merged_mentions`)."""
    return distinct(entity_mentions(tracker, entity))


def entity_mentions(tracker: Tracker, entity: str) -> list[Mention]:
    """The mentions of one entity type in the latest message (see `merged_mentions`)."""
    message = tracker.latest_message
    return merged_mentions(message.get("text") or "", message.get("entities") or [], entity)


def merged_values(text: str, entities: Iterable[Mapping[str, Any]], entity: str) -> list[str]:
    """Distinct values of one entity type in a parsed message, in order of appearance."""
    return distinct(merged_mentions(text, entities, entity))


def distinct(mentions: Iterable[Mention]) -> list[str]:
    """The mentions' values, each once, in order of appearance."""
    values: list[str] = []
    for mention in mentions:
        if mention.value and mention.value not in values:
            values.append(mention.value)
    return values


def merged_mentions(text: str, entities: Iterable[Mapping[str, Any]], entity: str) -> list[Mention]:
    """The mentions of one entity type in a parsed message, in order of appearance.

    Several extractors may report the same name, or a part of it: the widest span is kept once.
    Neighbouring spans of the same type with only spaces between them are one name ("quantum" +
    "plumber"), unless both are whole store names from the entity ruler ("pandas numpy").
    """
    found = sorted(
        (e for e in entities if e.get("entity") == entity),
        key=lambda e: (e.get("start") or 0, -(e.get("end") or 0)),
    )
    merged: list[Mention] = []
    last_from_ruler = False
    for e in found:
        value = str(e.get("value", "")).strip()
        start, end = e.get("start"), e.get("end")
        last = merged[-1] if merged else None
        if last and start is not None and last.end is not None and start < last.end:
            continue  # the same name from another extractor
        if (
            last
            and start is not None
            and last.start is not None
            and last.end is not None
            and end <= len(text)
            and not text[last.end : start].strip()
            and not (last_from_ruler and e.get("extractor") == RULER)
        ):
            last.value = text[last.start : end].strip()
            last.end = end
            continue
        merged.append(Mention(value, start, end))
        last_from_ruler = e.get("extractor") == RULER
    return merged


QUESTION_WORD = re.compile(r"\b(?:what|whats|what's|which|who|explain|tell me|define|meaning of)\b")
"""Words that start the question proper ("how" and "why" don't: "I know how to use Python")."""


def asked_about(text: str, mentions: list[Mention]) -> list[str]:
    """The values a question is about: those from its first question word on that has any after it
    ("I know SQL, but what is Kafka?" asks about Kafka); all of them when none has, except those the
    learner says they know ("I also know Kafka, which courses?" asks about none)."""
    mentions = cues.unstated(text, mentions)
    for match in QUESTION_WORD.finditer(text.lower()):
        after = [m for m in mentions if m.start is not None and m.start >= match.start()]
        if after:
            return distinct(after)
    return distinct(mentions)


def is_follow_up(tracker: Tracker) -> bool:
    """Whether the latest message is a follow-up ("and in the UK?") resolved into a full question."""
    return (tracker.latest_message.get("intent") or {}).get("resolved_from") == "follow_up"


def discussed_roles(tracker: Tracker) -> list[str]:
    """The roles the conversation was about, by title, each once, in the order they came up."""
    titles: list[str] = []
    for event in tracker.events:
        value = event.get("value")
        if event.get("event") == "slot" and event.get("name") == ROLE_SLOT and value and value not in titles:
            titles.append(str(value))
    return titles


def first_role(tracker: Tracker) -> str | None:
    """The first role set in the conversation, for "back to the first one"."""
    return next(iter(discussed_roles(tracker)), None)


def last_discussed(tracker: Tracker) -> str | None:
    """Which of the role and skill slots was set last ("role" or "skill"), if either is set now."""
    for event in reversed(tracker.events):
        name = event.get("name")
        if event.get("event") == "slot" and name in (ROLE_SLOT, SKILL_SLOT) and tracker.get_slot(name):
            return str(name)
    return None


@dataclass
class RoleLookup:
    """The outcome of finding which role the learner means."""

    roles: list[RoleInfo] = field(default_factory=list)
    unknown: str | None = None
    suggestions: list[RoleInfo] = field(default_factory=list)

    @property
    def role(self) -> RoleInfo | None:
        return self.roles[0] if self.roles else None


def lookup_roles(tracker: Tracker, kb: Knowledge, use_slot: bool = True) -> RoleLookup:
    """The roles named in the latest message, else the role being discussed (if `use_slot`; "the
    first one" is the first role of the conversation, "the former" the earlier of the last two). A
    role the learner says they have ("I work as a developer and know git, is a PhD needed for
    research scientists?") is not the one asked about."""
    lookup = RoleLookup()
    for text in asked_roles(tracker):
        role = kb.find_role(text)
        if role is None:
            lookup.unknown = lookup.unknown or text
            lookup.suggestions = lookup.suggestions or kb.closest_roles(text)
        elif role.key not in {r.key for r in lookup.roles}:
            lookup.roles.append(role)
    if lookup.roles or lookup.unknown or not use_slot:
        return lookup
    text = tracker.latest_message.get("text") or ""
    pointed_at = _pointed_at(tracker, text)
    unnamed = None if pointed_at else named_role_text(text)  # "the first ones" name no role
    if unnamed and not _names_something_else(tracker, unnamed):
        role = kb.find_role(unnamed)
        if role:
            lookup.roles.append(role)
        else:
            lookup.unknown, lookup.suggestions = unnamed, kb.closest_roles(unnamed)
        return lookup
    remembered = pointed_at or tracker.get_slot(ROLE_SLOT)
    if remembered:
        role = kb.find_role(str(remembered))
        if role:
            lookup.roles.append(role)
    return lookup


def _pointed_at(tracker: Tracker, text: str) -> str | None:
    """The discussed role a message points at by its place in the conversation: the first one, or
    the former (the earlier of the last two), if any."""
    if cues.returns_to_first(text):
        return first_role(tracker)
    discussed = discussed_roles(tracker)
    if cues.returns_to_former(text) and len(discussed) >= 2:
        return discussed[-2]
    return None


def asked_roles(tracker: Tracker) -> list[str]:
    """The roles the latest message names, less the trade the learner says they work as ("I'm a web
    developer with JavaScript. Which languages should I pick up for ML?" asks in general) unless the
    question points back at it, those in a statement of the learner's own background when it names
    others too, and those it sets aside ("in general, not just bioinformatics")."""
    text = tracker.latest_message.get("text") or ""
    mentions = [
        m
        for m in entity_mentions(tracker, "role")
        if m.start is None or not cues.sets_aside(text[: m.start], text[m.end or m.start :])
    ]
    if not cues.refers_back(question_part(text)):  # "I work as a data analyst, what does that role do?"
        own = {id(m) for m in cues.own_trade(text, mentions)}
        mentions = [m for m in mentions if id(m) not in own]
    return distinct(cues.unstated(text, mentions) or mentions)


def _names_something_else(tracker: Tracker, name: str) -> bool:
    """Whether an extractor recognised `name` (or a name in it) as a country, skill or application:
    "what about France?" asks the last question for a country, not about a role called France."""
    others = [
        f" {str(e['value']).lower()} "
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") != "role" and e.get("value")
    ]
    return any(other in f" {name} " or f" {name} " in other for other in others)


def role_in_context(tracker: Tracker, kb: Knowledge) -> RoleLookup:
    """The role a question is about: the one it names, else the one being discussed unless it asks
    in general ("…for deep learning overall?")."""
    text = tracker.latest_message.get("text") or ""
    return lookup_roles(tracker, kb, use_slot=not cues.asks_in_general(text))


def require_role(
    dispatcher: CollectingDispatcher, tracker: Tracker, kb: Knowledge, intent: str, which: str
) -> RoleInfo | None:
    """The role the learner means; if there is none or it is unknown, says so and offers roles.

    `intent` is what the offered buttons ask again, `which` the response that asks which role.
    """
    lookup = lookup_roles(tracker, kb)
    if lookup.role:
        return lookup.role
    if lookup.unknown:
        say_unknown_role(dispatcher, kb, lookup, intent)
    else:
        dispatcher.utter_message(response=which, buttons=render.role_buttons(kb.roles(), intent))
    return None


def say_unknown_role(
    dispatcher: CollectingDispatcher, kb: Knowledge, lookup: RoleLookup, intent: str
) -> None:
    """Says the named role isn't in the store and offers the closest roles (all of them if none is
    close) as buttons that ask `intent` again."""
    buttons = render.role_buttons(lookup.suggestions or kb.roles(), intent)
    if lookup.suggestions:
        suggestions = ", ".join(r.title for r in lookup.suggestions)
        dispatcher.utter_message(
            response="utter_unknown_role_suggest",
            asked=lookup.unknown,
            suggestions=suggestions,
            buttons=buttons,
        )
    else:
        dispatcher.utter_message(response="utter_unknown_role", asked=lookup.unknown, buttons=buttons)
