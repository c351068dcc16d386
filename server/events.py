"""Rasa's event classes found by name once, not once per event.

Rasa rebuilds every conversation from its stored events each turn, and finds each event's class by
walking all of `Event`'s subclasses (`Event.resolve_by_type`: a recursive walk, with an `isabstract`
check of each class, per event). In a 400-turn conversation that is 3,000 walks a turn, the largest
cost the profile found in reading a conversation (docs/performance.md). `install` puts a lookup by
name in front of Rasa's own: a name is resolved by Rasa's walk the first time, then from the table;
the classes are defined when Rasa is imported, so the table never goes stale.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import Event

_classes: dict[str, type[Event]] = {}
_original = Event.resolve_by_type


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> Any:
    """Rasa's `Event.resolve_by_type`, remembering the classes it found (not defaults or misses)."""
    found = _classes.get(type_name)
    if found is not None:
        return found
    found = _original(type_name, default)
    if found is not None and found is not default and getattr(found, "type_name", None) == type_name:
        _classes[type_name] = found
    return found


def install() -> None:
    """Makes every event lookup in this process go through `resolve_by_type` (once is enough)."""
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign, assignment]
