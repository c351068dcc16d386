"""Rasa's MemoizationPolicy and RulePolicy, computing a conversation's states once per turn.

They predict exactly as Rasa's do; their featurizer takes the states of the history from
`PastStates` (policies/past_states.py) instead of recomputing them from the first event at every
prediction, so a long conversation no longer slows each turn down. Trained models keep the
featurizer's name, so a model trained with these policies loads them again.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer, TrackerFeaturizer
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.trackers import DialogueStateTracker

from policies.past_states import PastStates
from server.settings import tracker_cache_size

PAST_STATES = PastStates(tracker_cache_size())
"""One per Rasa process, shared by both policies, as many conversations as the tracker cache keeps."""


@TrackerFeaturizer.register("IncrementalMaxHistoryTrackerFeaturizer")
class IncrementalMaxHistoryTrackerFeaturizer(MaxHistoryTrackerFeaturizer):
    """Rasa's featurizer for these policies, with a live conversation's states from `PAST_STATES`."""

    @staticmethod
    def _create_states(
        tracker: DialogueStateTracker,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        if type(tracker) is not DialogueStateTracker:  # training's story trackers cache their own
            return tracker.past_states(domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        return PAST_STATES.states(tracker, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)


def _featurizer(max_history: int | None) -> IncrementalMaxHistoryTrackerFeaturizer:
    return IncrementalMaxHistoryTrackerFeaturizer(state_featurizer=None, max_history=max_history)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class IncrementalMemoizationPolicy(MemoizationPolicy):
    """Rasa's MemoizationPolicy with the incremental featurizer."""

    def _standard_featurizer(self) -> MaxHistoryTrackerFeaturizer:
        return _featurizer(self.config["max_history"])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class IncrementalRulePolicy(RulePolicy):
    """Rasa's RulePolicy with the incremental featurizer, matching its rules against as many of the
    last states as the longest rule has: RulePolicy walks every state of the conversation for every
    rule still in play and, from a rule's length on, each rule stays in play whatever the state, so
    the states before those are never decisive but cost a JSON parse each per rule."""

    def _standard_featurizer(self) -> MaxHistoryTrackerFeaturizer:
        return _featurizer(self.config["max_history"])

    def _longest_rule(self) -> int:
        rules = [*self.lookup.get(RULES, {}), *self.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {})]
        if self._measured_rules != rules:
            self._measured_rules = rules
            self._longest = max((len(json.loads(rule)) for rule in rules), default=0)
        return self._longest

    _measured_rules: list[str] | None = None
    _longest = 0

    def _prediction_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        use_text_for_last_user_input: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        states = super()._prediction_states(tracker, domain, use_text_for_last_user_input, rule_only_data)
        longest = self._longest_rule()
        return states[-longest:] if longest else states
