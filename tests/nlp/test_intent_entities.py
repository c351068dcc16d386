"""Entities are kept only where the predicted intent's training examples annotate their label."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message

from nlp.intent_entities import IntentEntityFilter, entities_for_intent, labels_by_intent

TRAINING = """version: "3.1"
nlu:
- intent: ask_skill_roles
  examples: |
    - which jobs need [calculus](skill)?
- intent: ask_salary
  examples: |
    - what does a [data scientist](role) earn in the [UK](country)?
- intent: ask_dl_vs_ml
  examples: |
    - is deep learning the same as machine learning?
"""


def entity(label: str, value: str) -> Dict[str, Any]:
    return {"entity": label, "value": value, "start": 0, "end": len(value)}


def test_labels_come_from_each_intents_annotations() -> None:
    labels = labels_by_intent(RasaYAMLReader().reads(TRAINING).intent_examples)
    assert labels == {"ask_skill_roles": {"skill"}, "ask_salary": {"role", "country"}, "ask_dl_vs_ml": set()}


def test_only_the_intents_labels_are_kept() -> None:
    labels = {"ask_salary": {"role", "country"}, "ask_dl_vs_ml": set()}
    found = [entity("skill", "ML"), entity("role", "ML engineer"), entity("country", "UK")]
    assert entities_for_intent(found, "ask_salary", labels) == found[1:]
    assert entities_for_intent(found, "ask_dl_vs_ml", labels) == []
    assert entities_for_intent(found, None, labels) == found  # an intent training never saw


def parse(component: IntentEntityFilter, intent: Optional[str], entities: List[Dict[str, Any]]) -> list:
    message = Message(data={TEXT: "...", INTENT: {"name": intent, "confidence": 0.9}, ENTITIES: entities})
    return [e["value"] for e in component.process([message])[0].get(ENTITIES)]


def test_trained_filter_survives_saving_and_loading(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_entity_filter")
    context = ExecutionContext(GraphSchema({}), "test")
    trained = IntentEntityFilter.create({}, storage, resource, context)
    trained.train(RasaYAMLReader().reads(TRAINING))
    loaded = IntentEntityFilter.load({}, storage, resource, context)
    found = [entity("skill", "machine learning"), entity("role", "data scientist")]
    for component in (trained, loaded):
        assert parse(component, "ask_dl_vs_ml", found) == []
        assert parse(component, "ask_skill_roles", found) == ["machine learning"]
        assert parse(component, "ask_salary", found) == ["data scientist"]
