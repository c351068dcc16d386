"""A role named by part of its name: "back to the scientist one", "how about the vision engineers".

Learners shorten a role they discussed a moment ago ("going back to the vision role", "and back to
scientists: …") and name others by the one word that sets them apart ("the vision engineers"). No
extractor marks such a part as a role. So, in a message that names no role:
- a return to something discussed before (cues.goes_back), a role name the store lacks ("for the
  scientist, …") or words before "one" ("for the deep learning one, …") mean the discussed role
  whose names share the most words with the clause that goes back or (every word of) that name,
  when no other discussed role shares as many;
- a word found in one role's names only, followed by a job noun of that role or by people ("the
  vision engineers", "research folks"), means that role.
The message is then read as naming the role, as field_roles.py does for a field.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rasa_sdk import Tracker

from actions import cues
from actions.context import discussed_roles, entity_mentions
from actions.store.queries import Knowledge, RoleInfo
from nlp.names import ARTICLES, name_words
from nlp.statements import in_statement, statement_spans

EXTRACTOR = "partial_roles"
CLAUSE = re.compile(r"[^,;:.!?()\u2013\u2014-]+")
"""A clause: the words between punctuation ("back to scientists" in "back to scientists: what …")."""
WORD = re.compile(r"[a-z0-9+#]+")


@dataclass(frozen=True)
class Found:
    """A role (its key) a part of a message names, and where."""

    key: str
    start: int
    end: int


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _role_words(kb: Knowledge) -> dict[str, set[str]]:
    """Role key -> every word of its names (title and aliases)."""
    found: dict[str, set[str]] = {}
    for text, _, key in kb.aliases("role"):
        found.setdefault(key, set()).update(name_words(text))
    return found


def _matches(word: str, names: set[str]) -> bool:
    """Whether a message word, or its singular, is one of a role's name words."""
    return word in names or _singular(word) in names


def returned_to(
    text: str, discussed: Iterable[str], kb: Knowledge, unknown: Iterable[tuple[int, int]] = ()
) -> Found | None:
    """The discussed role (titles) that the clause going back, a role name the store lacks (at the
    `unknown` spans: "for the scientist") or the words before "one" ("for the deep learning one")
    name part of, if exactly one is best."""
    lowered = text.lower()
    returns = [(c.start(), c.end()) for c in CLAUSE.finditer(lowered) if cues.goes_back(c.group())]
    named = [*unknown, *cues.parts_before_one(text)]
    spans = [(span, True) for span in named] + [(span, False) for span in returns]
    roles = [role for role in map(kb.find_role, discussed) if role]
    words = _role_words(kb)
    for (begin, end), whole in spans:
        found = _best_discussed(lowered[begin:end], roles, words, whole)
        if found:
            return Found(found.key, begin + found.start, begin + found.end)
    return None


def _best_discussed(
    part: str, roles: Iterable[RoleInfo], words: dict[str, set[str]], whole: bool
) -> Found | None:
    """The discussed role (of `roles`, their name words in `words`) sharing the most words with
    `part`, if no other shares as many; with `whole`, only one whose names hold every word of `part`
    ("scientist", not "robotics engineer")."""
    tokens = [t for t in WORD.finditer(part) if t.group() not in ARTICLES]
    scored: list[tuple[int, Found]] = []
    for role in roles:
        hits = [t for t in tokens if _matches(t.group(), words.get(role.key, set()))]
        if hits and (not whole or len(hits) == len(tokens)):
            scored.append((len(hits), Found(role.key, hits[0].start(), hits[-1].end())))
    scored.sort(key=lambda s: -s[0])
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def distinctive(text: str, taken: list[tuple[int, int]], kb: Knowledge) -> Found | None:
    """The role whose names alone hold a word of the message, said with a job noun after it; not
    in the spans `taken` by other names or by what the learner says they are ("I'm a web dev")."""
    words = _role_words(kb)
    tokens = [t for t in WORD.finditer(text.lower()) if not in_statement(t.start(), taken)]
    for this, after in zip(tokens, tokens[1:], strict=False):
        owners = [key for key, names in words.items() if this.group() in names]
        if len(owners) != 1:
            continue
        nouns = words[owners[0]]
        if _singular(after.group()) in nouns or cues.of_people(" " + after.group()):
            return Found(owners[0], this.start(), after.end())
    return None


def with_partial_roles(tracker: Tracker, kb: Knowledge) -> Tracker:
    """`tracker`, or a copy whose latest message names the role it names part of (module docstring),
    in place of any role name the store doesn't know ("the scientist one" taken for a role)."""
    message = tracker.latest_message
    text = message.get("text") or ""
    mentions = entity_mentions(tracker, "role")
    if any(kb.find_role(m.value) for m in mentions):
        return tracker
    unknown = [(m.start, m.end) for m in mentions if m.start is not None and m.end is not None]
    others = [e for e in message.get("entities") or [] if e.get("entity") != "role"]
    taken = statement_spans(text) + [
        (e["start"], e["end"]) for e in others if isinstance(e.get("start"), int)
    ]
    found = returned_to(text, discussed_roles(tracker), kb, unknown) or distinctive(text, taken, kb)
    role = kb.role(found.key) if found else None
    if found is None or role is None:
        return tracker
    entity = {"entity": "role", "value": role.title, "start": found.start, "end": found.end}
    resolved = copy.copy(tracker)
    resolved.latest_message = {**message, "entities": [*others, {**entity, "extractor": EXTRACTOR}]}
    return resolved
