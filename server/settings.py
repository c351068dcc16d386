"""The Rasa server's own settings, from the environment with embedded defaults."""

from __future__ import annotations

import os

DEFAULT_ACTION_TIMEOUT = 5.0
HEALTH_PROBE_TIMEOUT = 2.0
WRITE_BACK_SECONDS = 5.0  # how often conversations kept in memory are offered to the database


def action_timeout() -> float:
    """Seconds Rasa waits for a custom action before apologising: ACTION_TIMEOUT, else 5.

    Rasa's own bound is a fixed 300 s, far past the point where a learner gives up.
    """
    value = float(os.environ.get("ACTION_TIMEOUT") or DEFAULT_ACTION_TIMEOUT)
    if value <= 0:
        raise ValueError(f"ACTION_TIMEOUT must be a positive number of seconds, not {value}")
    return value


DEFAULT_TRACKER_CACHE_SIZE = 200


def tracker_cache_size() -> int:
    """Conversations each Rasa process keeps in memory between turns (server/tracker_cache.py), and
    whose dialogue states the policies keep (policies/past_states.py): TRACKER_CACHE_SIZE, else 200;
    0 reads every turn from the database and computes the states from the start, as Rasa does."""
    value = int(os.environ.get("TRACKER_CACHE_SIZE") or DEFAULT_TRACKER_CACHE_SIZE)
    if value < 0:
        raise ValueError(f"TRACKER_CACHE_SIZE must be 0 or more conversations, not {value}")
    return value
