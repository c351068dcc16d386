"""Rasa's FallbackClassifier, whose near tie falls back only where "out of scope" is in it.

Rasa falls back when the top two intents are within `ambiguity_threshold` of each other. Between two
questions the bot answers ("which jobs would that open up for me?": recommend a role 0.46, jobs
needing a skill 0.43) the top one is usually right, and the answer says what it answers; a fallback
there loses the turn. Between a question and out of scope ("what book should I read this summer?")
it may not be a question for the bot at all, so that near tie still falls back. Below `threshold`
it falls back as Rasa's does.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

OUT_OF_SCOPE = "out_of_scope"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class InScopeTieFallbackClassifier(FallbackClassifier):
    """Falls back on a near tie only when one of the two intents is out of scope."""

    def _nlu_prediction_ambiguous(self, message: Message) -> tuple[bool, float | None]:
        ambiguous, difference = super()._nlu_prediction_ambiguous(message)
        top_two = {i.get(INTENT_NAME_KEY) for i in message.data.get(INTENT_RANKING_KEY, [])[:2]}
        return ambiguous and OUT_OF_SCOPE in top_two, difference
