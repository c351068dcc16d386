"""Rasa's DIETClassifier, loaded without tracing a training step: the bot answers sooner after a start.

To give a saved model its weights, Rasa's `RasaModel.load` first trains it for one step with
`model.fit`: TensorFlow then traces the whole training step (the entity CRF's loss most of all) into
a graph, about half a minute of a start on 2 cores, for weights that `load_weights` overwrites at
once. Here the same weights are built by one eager call of the loss on one example, which traces
nothing, and then loaded from the model as Rasa does. The trained model, its files and its
predictions are Rasa's (tests/nlp/test_diet.py compares them with Rasa's own load).
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.utils.tensorflow.constants import LEARNING_RATE
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel


class EagerlyBuiltDIET(DIET):
    """DIET's TensorFlow model, whose `load` builds its weights eagerly instead of by `fit`."""

    @classmethod
    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: RasaModelData | None = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if finetune_mode:  # training goes on: Rasa's load, which builds the optimizer's state too
            return super().load(
                model_file_name, model_data_example, predict_data_example, True, *args, **kwargs
            )
        model = cls(*args, **kwargs)
        model.compile(optimizer=tf.keras.optimizers.Adam(kwargs.get("config", {}).get(LEARNING_RATE, 0.001)))
        batch = next(iter(RasaBatchDataGenerator(model_data_example, batch_size=1)))[0]
        model._training = True  # as Rasa's train_step sets it: the loss builds every layer it trains
        model.batch_loss(batch)
        # The checkpoint also holds the optimizer's state, which prediction never reads.
        model.load_weights(model_file_name).expect_partial()
        if predict_data_example:  # as Rasa does: the first answer doesn't wait for the trace
            model.run_inference(predict_data_example)
        return model


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class QuickLoadingDIETClassifier(DIETClassifier):
    """DIETClassifier with EagerlyBuiltDIET as its model; trained, saved and run as Rasa's."""

    @staticmethod
    def model_class() -> type[RasaModel]:
        return EagerlyBuiltDIET

    @property
    def name(self) -> str:
        """The extractor named on its entities: DIET's, as Rasa's tools and nlp.entity_filter know it."""
        return DIETClassifier.__name__
