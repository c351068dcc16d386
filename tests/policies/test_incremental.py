"""The policies' featurizer gives Rasa's own featurizer's prediction states, although Rasa's
featurizers edit the states they are given in place (text or intent dropped from the last one)."""

from __future__ import annotations

import random

from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

from policies.incremental import IncrementalMaxHistoryTrackerFeaturizer
from tests.policies.test_past_states import DOMAIN, RULE_ONLY, turn


def test_prediction_states_are_rasas_whichever_user_input_is_used() -> None:
    ours = IncrementalMaxHistoryTrackerFeaturizer(state_featurizer=None, max_history=None)
    rasas = MaxHistoryTrackerFeaturizer(state_featurizer=None, max_history=None)
    draw = random.Random(6)
    tracker = DialogueStateTracker.from_events("learner", [ActionExecuted("action_listen")], DOMAIN.slots)
    for number in range(15):
        for event in turn(draw, number):
            tracker.update(event)
            for use_text in (False, True, False):
                for hide in (False, True):
                    options = {
                        "use_text_for_last_user_input": use_text,
                        "ignore_rule_only_turns": hide,
                        "rule_only_data": RULE_ONLY,
                    }
                    expected = rasas.prediction_states([tracker], DOMAIN, **options)
                    assert ours.prediction_states([tracker], DOMAIN, **options) == expected
