"""A Rasa NLU component that keeps only the entities the message's intent is trained to carry.

The store's entity ruler tags every name it knows wherever it appears: "ML" is a skill in the store,
so "how does DL differ from ML?" would carry a `skill` entity that nothing should act on, and the
tracker would record it. Training learns, per intent, the entity labels its NLU examples annotate
(`skill` for `ask_skill_roles`, none for `ask_dl_vs_ml`); at parse time entities of other labels are
dropped. It runs after the intent classifier, so it sees the intent the dialogue will act on.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Set, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

LabelsByIntent = Dict[str, Set[str]]
"""Intent name -> the entity labels its training examples annotate."""


def labels_by_intent(examples: List[Message]) -> LabelsByIntent:
    """Which entity labels each intent's training examples annotate (an empty set for none)."""
    labels: LabelsByIntent = {}
    for example in examples:
        intent = example.get(INTENT)
        if intent:
            labels.setdefault(intent, set()).update(e["entity"] for e in example.get(ENTITIES) or [])
    return labels


def entities_for_intent(
    entities: List[Dict[str, Any]], intent: Optional[str], labels: LabelsByIntent
) -> List[Dict[str, Any]]:
    """The entities whose label `intent` carries; all of them for an intent training never saw."""
    if intent not in labels:
        return list(entities)
    return [e for e in entities if e.get("entity") in labels[intent]]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class IntentEntityFilter(GraphComponent):
    """Drops entities whose label the predicted intent's training examples never annotate."""

    LABELS_FILE = "labels_by_intent.json"

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, labels: Optional[LabelsByIntent] = None
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._labels: LabelsByIntent = labels or {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentEntityFilter:
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self._labels = labels_by_intent(training_data.intent_examples)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.LABELS_FILE).write_text(
                json.dumps({intent: sorted(labels) for intent, labels in sorted(self._labels.items())})
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> IntentEntityFilter:
        with model_storage.read_from(resource) as directory:
            stored = json.loads((directory / cls.LABELS_FILE).read_text())
        return cls(model_storage, resource, {intent: set(labels) for intent, labels in stored.items()})

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            kept = entities_for_intent(message.get(ENTITIES) or [], intent, self._labels)
            message.set(ENTITIES, kept, add_to_output=True)
        return messages
