"""The intent classifier is told which store names a message contains."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlp.build import build
from nlp.name_features import COLUMNS, StoreNameFeaturizer, name_features

ALIASES = [
    ("data scientist", "role", "data-scientist"),
    ("DS", "role", "data-scientist"),
    ("data analyst", "role", "data-analyst"),
    ("python", "skill", "python"),
    ("UK", "country", "uk"),
]


def columns(row: np.ndarray) -> list[str]:
    return [name for name, value in zip(COLUMNS, row, strict=True) if value]


def test_tokens_are_marked_with_their_names_label() -> None:
    tokens = [(0, 4), (5, 9), (10, 19), (20, 22), (23, 27)]  # "does data scientist in UK"
    sequence, sentence = name_features(tokens, [(5, 19, "role", "data-scientist"), (23, 27, "country", "uk")])
    assert [columns(row) for row in sequence] == [[], ["role"], ["role"], [], ["country"]]
    assert columns(sentence[0]) == ["role", "country"]


def test_two_different_roles_make_a_comparison_one_role_twice_does_not() -> None:
    tokens = [(0, 2), (3, 5)]
    two = [(0, 2, "role", "data-scientist"), (3, 5, "role", "data-analyst")]
    same = [(0, 2, "role", "data-scientist"), (3, 5, "role", "data-scientist")]
    assert columns(name_features(tokens, two)[1][0]) == ["role", "several roles"]
    assert columns(name_features(tokens, same)[1][0]) == ["role"]


@pytest.fixture(scope="module")
def featurize(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Runs messages through the real spaCy pipeline, tokenizer and featurizer, as training or parsing."""
    pipeline = tmp_path_factory.mktemp("spacy")
    build(ALIASES, pipeline)
    context = ExecutionContext(GraphSchema({}), "test")
    storage = LocalModelStorage(Path(tmp_path_factory.mktemp("storage")))

    def component(cls, config):  # type: ignore[no-untyped-def]
        return cls.create({**cls.get_default_config(), **config}, storage, Resource(cls.__name__), context)

    spacy_nlp = component(SpacyNLP, {"model": str(pipeline)})
    model = spacy_nlp.provide()
    steps = [component(SpacyTokenizer, {}), component(StoreNameFeaturizer, {})]

    def run(text: str, training: bool) -> np.ndarray:
        message = Message(data={TEXT: text})
        if training:
            data = TrainingData([message])
            spacy_nlp.process_training_data(data, model)
            for step in steps:
                step.process_training_data(data)
        else:
            spacy_nlp.process([message], model)
            for step in steps:
                step.process([message])
        sequence, sentence = message.get_sparse_features(TEXT)
        assert sequence.features.shape == (len(message.get("text_tokens")), len(COLUMNS))
        return sentence.features.toarray()[0]

    return run


@pytest.mark.parametrize("training", [True, False])
def test_training_and_parsing_see_the_same_names(featurize, training: bool) -> None:  # type: ignore[no-untyped-def]
    comparison = featurize("is a DS paid more than a data analyst in the UK?", training)
    assert columns(comparison) == ["role", "country", "several roles"]
    assert columns(featurize("what should I learn next?", training)) == []
