"""DIET loaded without a training step predicts exactly what Rasa's own load of the same files does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message

from nlp.diet import EagerlyBuiltDIET, QuickLoadingDIETClassifier

TRAINING = """version: "3.1"
nlu:
- intent: ask_role
  examples: |
    - what does a [data scientist](role) do?
    - tell me about [data engineers](role)
    - what is the job of a [machine learning engineer](role)?
    - describe a [research scientist](role) to me
- intent: ask_role_skills
  examples: |
    - which skills does a [data scientist](role) need?
    - what should a [data engineer](role) know?
    - skills for a [machine learning engineer](role)?
    - what must a [research scientist](role) learn?
- intent: thank
  examples: |
    - thanks
    - thank you so much
    - cheers, that helped
"""
CONFIG = {
    **DIETClassifier.get_default_config(),
    "epochs": 2,
    "number_of_transformer_layers": 0,
    "constrain_similarities": True,
    "random_seed": 1,
}
MESSAGES = ["what does a data engineer do?", "skills of a research scientist", "thanks a lot", "hm"]


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "diet")


def featurized(
    texts: list[str], tokenizer: WhitespaceTokenizer, words: CountVectorsFeaturizer
) -> list[Message]:
    messages = [Message(data={TEXT: text}) for text in texts]
    return words.process(tokenizer.process(messages))


@pytest.mark.integration  # it trains a model (with Rasa's load, about a minute of TensorFlow tracing)
def test_the_quick_load_predicts_what_rasas_load_of_the_same_files_predicts(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    words = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("words"), context()
    )
    data = RasaYAMLReader().reads(TRAINING)
    tokenizer.process_training_data(data)
    words.train(data)
    words.process_training_data(data)
    resource = Resource("diet")
    DIETClassifier.create(CONFIG, storage, resource, context()).train(data)

    # Rasa names the saved files after the class: this subclass reads the files Rasa's DIET wrote.
    quick_loading = type(DIETClassifier.__name__, (QuickLoadingDIETClassifier,), {})
    loaded = {
        "rasa": DIETClassifier.load(CONFIG, storage, resource, context()),
        "quick": quick_loading.load(CONFIG, storage, resource, context()),
    }
    assert isinstance(loaded["quick"].model, EagerlyBuiltDIET)
    assert loaded["quick"].model.train_function is None  # no training step was traced
    assert loaded["rasa"].model.train_function is not None

    parsed = {
        name: classifier.process(featurized(MESSAGES, tokenizer, words))
        for name, classifier in loaded.items()
    }
    for rasa, quick in zip(parsed["rasa"], parsed["quick"], strict=True):
        ranking = {r["name"]: r["confidence"] for r in rasa.get(INTENT_RANKING_KEY)}
        assert [r["name"] for r in quick.get(INTENT_RANKING_KEY)] == list(ranking)
        assert np.allclose([r["confidence"] for r in quick.get(INTENT_RANKING_KEY)], list(ranking.values()))
        assert quick.get(ENTITIES) == rasa.get(ENTITIES)
    assert any(m.get(ENTITIES) for m in parsed["quick"])  # the entity layers were loaded and used


def test_its_entities_name_diet_as_their_extractor() -> None:
    classifier = QuickLoadingDIETClassifier(
        QuickLoadingDIETClassifier.get_default_config(),
        LocalModelStorage(Path("/nonexistent")),
        Resource("d"),
        context(),
    )
    assert classifier.name == "DIETClassifier"
