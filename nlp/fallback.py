"""Rasa's FallbackClassifier, whose near tie falls back only where "out of scope" is in it.

Rasa falls back when the top two intents are within `ambiguity_threshold` of each other. Between two
questions the bot answers ("which jobs would that open up for me?": recommend a role 0.46, jobs
needing a skill 0.43) the top one is usually right, and the answer says what it answers; a fallback
there loses the turn. Between a question and out of scope ("what book should I read this summer?")
it may not be a question for the bot at all, so that near tie still falls back, unless the question
leads and the message names a role the store knows ("how i can get experience as data scientist":
experience 0.51, out of scope 0.44): a question about one of the bot's roles is the bot's. Below
`threshold` it falls back as Rasa's does.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import ENTITIES, EXTRACTOR, INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

OUT_OF_SCOPE = "out_of_scope"
STORE_NAMES = "SpacyEntityExtractor"
"""The extractor whose names are the store's own (nlp/build.py builds its ruler from data/knowledge)."""


def _names_a_store_role(message: Message) -> bool:
    return any(
        e.get("entity") == "role" and e.get(EXTRACTOR) == STORE_NAMES for e in message.get(ENTITIES) or []
    )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class InScopeTieFallbackClassifier(FallbackClassifier):
    """Falls back on a near tie only when one of the two intents is out of scope."""

    def _nlu_prediction_ambiguous(self, message: Message) -> tuple[bool, float | None]:
        ambiguous, difference = super()._nlu_prediction_ambiguous(message)
        top_two = [i.get(INTENT_NAME_KEY) for i in message.data.get(INTENT_RANKING_KEY, [])[:2]]
        if not ambiguous or OUT_OF_SCOPE not in top_two:
            return False, difference
        return top_two[0] == OUT_OF_SCOPE or not _names_a_store_role(message), difference
