"""A Rasa NLU featurizer that tells the intent classifier which store names a message contains.

"data analyst skill set?" asks about a role because "data analyst" is a role, not because the
training examples happened to contain those words. The spaCy entity ruler (nlp/build.py) knows every
role, skill, application area and country in the store; each token it matches is marked with the
name's label, and the sentence with the labels present and whether it names two or more different
roles or skills (a comparison, a list of what one knows). DIET learns what a role in a question
means for the intent, for every role in the store, including one a content owner has just added.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

Name = tuple[int, int, str, str]
"""(start, end, label, entry key) of one store name in a text."""

LABELS = ("role", "skill", "application", "country")
SEVERAL = ("role", "skill")
"""Labels that also get a "two or more different names" feature."""
COLUMNS = [*LABELS, *(f"several {label}s" for label in SEVERAL)]


def name_features(tokens: Sequence[tuple[int, int]], names: Sequence[Name]) -> tuple[np.ndarray, np.ndarray]:
    """Token-level features (a row per token) and sentence-level ones (a column set if any token has it).

    One column per entry of COLUMNS.
    """
    sequence = np.zeros((len(tokens), len(COLUMNS)))
    keys: dict[str, set[str]] = {label: set() for label in LABELS}
    for _, _, label, key in names:
        if label in keys:
            keys[label].add(key)
    several = {label for label in SEVERAL if len(keys[label]) >= 2}
    for start, end, label, _ in names:
        if label not in keys:
            continue
        for i, (token_start, token_end) in enumerate(tokens):
            if token_start < end and start < token_end:
                sequence[i, COLUMNS.index(label)] = 1.0
                if label in several:
                    sequence[i, COLUMNS.index(f"several {label}s")] = 1.0
    return sequence, sequence.max(axis=0, keepdims=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class StoreNameFeaturizer(SparseFeaturizer, GraphComponent):
    """Sparse features from the store names the spaCy entity ruler finds, the same in training and parsing."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP, SpacyTokenizer]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to configure beyond the featurizer alias."""

    def __init__(self, config: dict[str, Any], execution_context: ExecutionContext) -> None:
        SparseFeaturizer.__init__(self, execution_context.node_name, config)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, execution_context)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            tokens = message.get(TOKENS_NAMES[TEXT]) or []
            if not tokens:  # messages without text (actions, intents in stories) get no features
                continue
            doc = message.get(SPACY_DOCS[TEXT])
            names = (
                [(e.start_char, e.end_char, e.label_, e.ent_id_ or e.text.lower()) for e in doc.ents]
                if doc
                else []
            )
            sequence, sentence = name_features([(t.start, t.end) for t in tokens], names)
            self.add_features_to_message(
                scipy.sparse.coo_matrix(sequence), scipy.sparse.coo_matrix(sentence), TEXT, message
            )
        return messages
