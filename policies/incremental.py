"""Rasa's MemoizationPolicy and RulePolicy, computing a conversation's states once per turn.

They predict exactly as Rasa's do; their featurizer takes the states of the history from
`PastStates` (policies/past_states.py) instead of recomputing them from the first event at every
prediction, so a long conversation no longer slows each turn down. Trained models keep the
featurizer's name, so a model trained with these policies loads them again.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer, TrackerFeaturizer
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from policies.past_states import PastStates
from server.settings import tracker_cache_size

PAST_STATES = PastStates(tracker_cache_size())
"""One per Rasa process, shared by both policies, as many conversations as the tracker cache keeps."""


@TrackerFeaturizer.register("IncrementalMaxHistoryTrackerFeaturizer")
class IncrementalMaxHistoryTrackerFeaturizer(MaxHistoryTrackerFeaturizer):
    """Rasa's featurizer for these policies, with a live conversation's states from `PAST_STATES`:
    only as many of the last ones as the policy uses, since Rasa's featurizer edits every state it is
    given (so each must be a copy) before it keeps the last `max_history`."""

    needed: int | None = None
    """Without a `max_history`, how many of the last states the policy can use, set by the policy."""

    def _create_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        if isinstance(tracker, TrackerWithCachedStates):  # training's story trackers cache their own
            return tracker.past_states(domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        tail = self.max_history or self.needed
        return PAST_STATES.states(
            tracker, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data, tail
        )


def _featurizer(max_history: int | None) -> IncrementalMaxHistoryTrackerFeaturizer:
    return IncrementalMaxHistoryTrackerFeaturizer(state_featurizer=None, max_history=max_history)


def memorised_length(key: str, compressed: bool) -> int:
    """How many states a MemoizationPolicy key holds: the states' JSON without its quotes, perhaps
    compressed, each state a dict of the top-level list."""
    text = zlib.decompress(base64.b64decode(key)).decode() if compressed else key
    depth = count = 0
    for char in text:
        if char in "[{":
            count += depth == 1 and char == "{"
            depth += 1
        elif char in "]}":
            depth -= 1
    return count


class _EndOfStates:
    """A policy that is given only the last states it can use (`_states_needed`): its featurizer
    computes no more of them, and no more reach the policy."""

    featurizer: TrackerFeaturizer | None

    def _states_needed(self) -> int:
        raise NotImplementedError

    def _prediction_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        use_text_for_last_user_input: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        needed = self._states_needed()
        if isinstance(self.featurizer, IncrementalMaxHistoryTrackerFeaturizer):
            self.featurizer.needed = needed
        states = super()._prediction_states(  # type: ignore[misc]
            tracker, domain, use_text_for_last_user_input, rule_only_data
        )
        return states[-needed:] if needed else states


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class IncrementalMemoizationPolicy(_EndOfStates, MemoizationPolicy):
    """Rasa's MemoizationPolicy with the incremental featurizer. Without a `max_history` (Rasa's
    default) it looks the whole conversation up among the histories it memorised, so a conversation
    longer than the longest of them matches none: the featurizer then gives one state more than that,
    which matches none either, instead of the whole conversation."""

    def _standard_featurizer(self) -> MaxHistoryTrackerFeaturizer:
        return _featurizer(self.config["max_history"])

    def _states_needed(self) -> int:
        """One more than the longest memorised history (its key's number of states)."""
        measured = (id(self.lookup), len(self.lookup))
        if self._measured_lookup != measured:
            compressed = self.config["enable_feature_string_compression"]
            self._measured_lookup = measured
            self._longest = max((memorised_length(key, compressed) for key in self.lookup), default=0)
        return self._longest + 1

    _measured_lookup: tuple[int, int] | None = None
    _longest = 0


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class IncrementalRulePolicy(_EndOfStates, RulePolicy):
    """Rasa's RulePolicy with the incremental featurizer, matching its rules against as many of the
    last states as the longest rule has: RulePolicy walks every state of the conversation for every
    rule still in play and, from a rule's length on, each rule stays in play whatever the state, so
    the states before those are never decisive but cost a JSON parse each per rule."""

    def _standard_featurizer(self) -> MaxHistoryTrackerFeaturizer:
        return _featurizer(self.config["max_history"])

    def _states_needed(self) -> int:
        """The longest rule's number of states."""
        rules = [*self.lookup.get(RULES, {}), *self.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {})]
        if self._measured_rules != rules:
            self._measured_rules = rules
            self._longest = max((len(json.loads(rule)) for rule in rules), default=0)
        return self._longest

    _measured_rules: list[str] | None = None
    _longest = 0
