"""The linear intent classifier is trained, saved, loaded and averaged with DIET's ranking."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message

from nlp.linear_intents import MODEL_FILE, LinearIntentClassifier, UnreadableModel, blend

TRAINING = """version: "3.1"
nlu:
- intent: ask_education
  examples: |
    - do I need a degree to work in deep learning?
    - is a university degree required for machine learning jobs?
    - what education do deep learning engineers have?
    - do employers ask for a masters or a PhD?
- intent: thank
  examples: |
    - thanks
    - thank you so much
    - cheers, that helped
    - many thanks for the help
- intent: ask_salary
  examples: |
    - how much does a machine learning engineer earn?
    - what is the salary of a data scientist?
    - what's the pay like in deep learning?
    - how well paid are AI jobs?
"""


def diet_ranking(*pairs: tuple) -> list[dict]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_blend_averages_both_rankings_and_keeps_intents_only_one_ranked() -> None:
    ranking = blend(diet_ranking(("greet", 0.9), ("thank", 0.1)), {"thank": 0.7, "goodbye": 0.3}, weight=0.5)
    assert [(r["name"], round(r["confidence"], 3)) for r in ranking] == [
        ("greet", 0.45),
        ("thank", 0.4),
        ("goodbye", 0.15),
    ]


def test_the_weight_is_the_linear_models_share() -> None:
    diet, linear = diet_ranking(("greet", 1.0)), {"thank": 1.0}
    assert blend(diet, linear, weight=0.0)[0]["name"] == "greet"
    assert blend(diet, linear, weight=0.6)[0]["name"] == "thank"


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "linear_intents")


def parsed(classifier: LinearIntentClassifier, text: str, diet: list[dict]) -> Message:
    message = Message(data={TEXT: text, INTENT: diet[0], INTENT_RANKING_KEY: diet})
    return classifier.process([message])[0]


def test_trained_saved_and_loaded_it_moves_an_uncertain_diet_to_the_right_intent(tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("linear_intents")
    trainer = LinearIntentClassifier.create({}, storage, resource, context())
    trainer.train(RasaYAMLReader().reads(TRAINING))
    classifier = LinearIntentClassifier.load({}, storage, resource, context())
    # What each message is multiplied by is used in place, not copied per message (docs/performance.md).
    assert classifier._model.coef_.T.flags.c_contiguous

    # DIET slightly prefers the wrong intent; the linear model knows better, and the average follows it.
    unsure = diet_ranking(("ask_salary", 0.40), ("ask_education", 0.35), ("thank", 0.25))
    message = parsed(classifier, "is a bachelors degree enough for a job in deep learning?", unsure)
    assert message.get(INTENT)["name"] == "ask_education"
    ranking = message.get(INTENT_RANKING_KEY)
    assert [r["name"] for r in ranking][0] == "ask_education" and len(ranking) == 3
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6
    assert message.get(INTENT)["confidence"] == ranking[0]["confidence"]

    # A confident DIET stays, whatever the linear model says: each has half the say.
    sure = diet_ranking(("thank", 0.98), ("ask_salary", 0.01), ("ask_education", 0.01))
    assert parsed(classifier, "do I need a degree?", sure).get(INTENT)["name"] == "thank"


def test_of_a_statement_or_a_return_and_a_question_it_reads_the_question(tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("linear_intents")
    LinearIntentClassifier.create({}, storage, resource, context()).train(RasaYAMLReader().reads(TRAINING))
    classifier = LinearIntentClassifier.load({}, storage, resource, context())
    even = diet_ranking(("ask_salary", 1 / 3), ("ask_education", 1 / 3), ("thank", 1 / 3))
    question = "what's the pay like for a data scientist?"
    mixed = f"I've studied for a degree at a university, {question}"

    def ranking(text: str) -> list[tuple[str, float]]:
        return [(r["name"], r["confidence"]) for r in parsed(classifier, text, even).get(INTENT_RANKING_KEY)]

    assert ranking(mixed) == ranking(question)
    assert ranking(mixed)[0][0] == "ask_salary"
    returning = f"ok, back to degrees again: {question}"  # a clause that goes back: the question after it
    assert ranking(returning) == ranking(question)


def test_a_message_without_text_is_left_alone(tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("linear_intents")
    LinearIntentClassifier.create({}, storage, resource, context()).train(RasaYAMLReader().reads(TRAINING))
    classifier = LinearIntentClassifier.load({}, storage, resource, context())
    message = Message(data={INTENT: {"name": "greet", "confidence": 1.0}})
    assert classifier.process([message])[0].get(INTENT) == {"name": "greet", "confidence": 1.0}


def test_without_two_intents_to_tell_apart_diets_ranking_stands(tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("linear_intents")
    one_intent = "\n".join(TRAINING.splitlines()[:7])
    LinearIntentClassifier.create({}, storage, resource, context()).train(RasaYAMLReader().reads(one_intent))
    classifier = LinearIntentClassifier.load({}, storage, resource, context())
    diet = diet_ranking(("thank", 0.6), ("greet", 0.4))
    assert parsed(classifier, "do I need a degree?", diet).get(INTENT_RANKING_KEY) == diet


def other_zip() -> bytes:
    """A zip, as an .npz is, without the saved arrays."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("schema.json", "{not json")
    return buffer.getvalue()


def pickled_array() -> bytes:
    """An .npz whose array needs pickle to load: code from a file is never run."""
    buffer = io.BytesIO()
    np.savez(buffer, words_terms=np.array([{"a": 1}], dtype=object))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [b"not a zip file", b"", other_zip(), pickled_array()],
    ids=["garbage", "empty", "other-zip", "pickled"],
)
def test_a_saved_model_that_cannot_be_read_fails_the_load_naming_the_file(
    tmp_path: Path, content: bytes
) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("linear_intents")
    with storage.write_to(resource) as directory:
        (directory / MODEL_FILE).write_bytes(content)
    with pytest.raises(UnreadableModel, match=re.escape(str(tmp_path / "linear_intents" / MODEL_FILE))):
        LinearIntentClassifier.load({}, storage, resource, context())


def test_a_trained_resource_missing_its_file_fails_the_load(tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("linear_intents")
    LinearIntentClassifier.create({}, storage, resource, context()).train(RasaYAMLReader().reads(TRAINING))
    (tmp_path / "linear_intents" / MODEL_FILE).unlink()
    with pytest.raises(UnreadableModel, match=MODEL_FILE):
        LinearIntentClassifier.load({}, storage, resource, context())
